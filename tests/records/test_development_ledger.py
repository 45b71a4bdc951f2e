"""发展党员台账: each person's steps by stage, the steps the development_steps_irregular metric
counts marked (and as many), what comes next and from when, a 预备党员 whose year is over
flagged; those on the way first. Seen by whoever sees the branch, 404 to anyone else."""

import datetime

import pytest
from django.urls import reverse

from kaohe.assessments.metrics import CATALOGUE, Scope, org_key
from kaohe.records.development import development_ledger
from kaohe.records.models import DevelopmentStep
from kaohe.scoring import Period
from tests.conftest import World
from tests.records.helpers import enter

D = datetime.date
TODAY = D(2025, 12, 20)


@pytest.fixture
def steps(world: World):
    def step(name, stage, day, member=None):
        enter(world, DevelopmentStep, person_name=name, step=stage, step_on=day, member=member)

    step("王新", "activist", D(2025, 1, 10))
    step("王新", "candidate", D(2025, 6, 1))  # five months of training: too soon
    step("赵预备", "probationary", D(2024, 12, 1))  # a year of probation over by TODAY
    step("钱申请", "application", D(2025, 3, 3))
    step("李党员", "probationary", D(2024, 1, 5), member=world.a1_member)
    step("李党员", "full", D(2025, 1, 6), member=world.a1_member)
    step("孙外支", "application", D(2025, 2, 1))
    DevelopmentStep.objects.filter(person_name="孙外支").update(organization=world.branch_a2)
    return world


def test_each_person_by_stage_with_the_irregular_steps_the_metric_counts(steps):
    w = steps
    rows = development_ledger(w.site_admin, w.branch_a1, TODAY)
    assert [row.person for row in rows] == ["赵预备", "王新", "钱申请", "李党员"]
    by_name = {row.person: row for row in rows}
    wang = by_name["王新"]
    assert [cell.step is not None for cell in wang.cells] == [False, True, True, False, False]
    assert [cell.irregular for cell in wang.cells] == [False, False, True, False, False]
    metric = CATALOGUE["development_steps_irregular"].compute(
        Scope.of(w.root, Period("year", 2025), with_members=False), "branch"
    )
    assert sum(row.irregular for row in rows) == metric[org_key(w.branch_a1.pk)] == 1
    assert (wang.reached, wang.next_stage, wang.next_from) == ("candidate", "probationary", None)


def test_what_comes_next_and_a_probation_that_is_over(steps):
    w = steps
    by_name = {row.person: row for row in development_ledger(w.site_admin, w.branch_a1, TODAY)}
    zhao = by_name["赵预备"]
    assert (zhao.next_stage, zhao.next_from, zhao.overdue) == ("full", D(2025, 12, 1), True)
    earlier = development_ledger(w.site_admin, w.branch_a1, D(2025, 11, 30))
    assert not next(row for row in earlier if row.person == "赵预备").overdue
    li = by_name["李党员"]
    assert (li.member, li.in_progress, li.next_label) == (w.a1_member, False, "")
    assert by_name["钱申请"].next_label == "入党积极分子"


def test_the_page_for_whoever_sees_the_branch(client, steps, monkeypatch):
    w = steps
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: TODAY)
    url = reverse("records:development", args=[w.branch_a1.pk])
    client.force_login(w.secretary_a1)
    page = client.get(url).content.decode()
    assert "第一支部 · 发展党员台账" in page and "预备期已于 2025-12-01 满" in page
    assert "2025-06-01 !" in page and "孙外支" not in page
    record = reverse("records:create", args=[w.branch_a1.pk, "development_step"])
    assert record in page
    client.force_login(w.evaluator)  # reads, enters nothing
    page = client.get(url).content.decode()
    assert "赵预备" in page and record not in page
    for outsider in (w.outsider, w.member_a1):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(w.site_admin)
    assert client.get(reverse("records:development", args=[w.gb_a.pk])).status_code == 404


def test_the_branch_page_flags_a_probation_that_is_over(client, steps, monkeypatch):
    w = steps
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: TODAY)
    client.force_login(w.secretary_a1)
    page = client.get(reverse("orgs:detail", args=[w.branch_a1.pk])).content.decode()
    assert 'id="probation-over"' in page and "赵预备" in page and "王新" not in page
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: D(2025, 11, 30))
    page = client.get(reverse("orgs:detail", args=[w.branch_a1.pk])).content.decode()
    assert 'id="probation-over"' not in page
