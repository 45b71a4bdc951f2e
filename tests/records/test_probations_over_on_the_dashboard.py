"""预备党员 a year past admission with no 转正 recorded appear on the dashboard of whoever sees
their branch, the longest over first, as the 发展党员台账 flags them; found by one GROUP BY."""

import datetime

import pytest
from django.urls import reverse

from kaohe.records.development import development_ledger, probations_over
from kaohe.records.models import DevelopmentStep
from tests.conftest import World
from tests.records.helpers import enter

D = datetime.date
TODAY = D(2025, 3, 1)


@pytest.fixture
def probations(world: World):
    def step(branch, name, stage, day):
        enter(world, DevelopmentStep, organization=branch, person_name=name, step=stage,
              step_on=day)  # fmt: skip

    step(world.branch_a1, "赵预备", "probationary", D(2024, 1, 10))
    step(world.branch_a1, "钱转正", "probationary", D(2023, 5, 1))
    step(world.branch_a1, "钱转正", "full", D(2024, 5, 6))
    step(world.branch_a1, "孙未满", "probationary", D(2024, 3, 2))  # a year on 2025-03-02
    step(world.branch_a2, "李二支", "probationary", D(2024, 2, 29))  # a year on 2025-02-28
    step(world.branch_b1, "周外", "probationary", D(2023, 12, 1))
    return world


def test_the_longest_over_first_and_only_where_the_viewer_sees(probations):
    w = probations
    everyone = probations_over(w.site_admin, TODAY)
    assert [(p.organization, p.person, p.ended) for p in everyone] == [
        (w.branch_b1, "周外", D(2024, 12, 1)),
        (w.branch_a1, "赵预备", D(2025, 1, 10)),
        (w.branch_a2, "李二支", D(2025, 2, 28)),
    ]
    assert [p.person for p in probations_over(w.secretary_a1, TODAY)] == ["赵预备"]
    # The same people as the branch's ledger flags, 29 February included.
    ledger = development_ledger(w.site_admin, w.branch_a2, TODAY)
    assert [row.person for row in ledger if row.overdue] == ["李二支"]
    assert [p.person for p in probations_over(w.site_admin, D(2025, 2, 27))] == ["周外", "赵预备"]


def test_shown_on_the_dashboard_not_to_a_member_alone(client, probations, monkeypatch):
    w = probations
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: TODAY)
    client.force_login(w.admin_a)
    page = client.get(reverse("home")).content.decode()
    assert 'id="probation-over"' in page
    assert "赵预备" in page and "李二支" in page and "周外" not in page and "孙未满" not in page
    assert reverse("records:development", args=[w.branch_a1.pk]) in page
    client.force_login(w.member_a1)
    assert 'id="probation-over"' not in client.get(reverse("home")).content.decode()
