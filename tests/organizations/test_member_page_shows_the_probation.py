"""A 预备党员's page says when the probation is over — from their 预备党员 step (linked, or by
name in their branch) or else the roster's date of joining, with any extension — flagged
once it is over, linked to the 发展党员台账 for whoever sees the branch; nothing for a full
member, or once 转正 is recorded."""

import datetime

import pytest
from django.urls import reverse

from kaohe.organizations.models import Member, MemberStatus
from kaohe.records.development import member_probation
from kaohe.records.models import DevelopmentStep
from tests.conftest import World
from tests.records.helpers import enter

D = datetime.date
TODAY = D(2025, 9, 1)


@pytest.fixture
def probationer(world: World):
    Member.objects.filter(pk=world.a1_member.pk).update(
        status=MemberStatus.PROBATIONARY, joined_party_on=D(2024, 8, 1)
    )
    world.a1_member.refresh_from_db()
    return world


def test_from_the_roster_then_from_the_steps(probationer):
    w, member = probationer, probationer.a1_member
    assert member_probation(w.site_admin, member).ended == D(2025, 8, 1)  # the roster's date
    enter(w, DevelopmentStep, person_name="李党员", step="probationary", step_on=D(2024, 9, 2))
    enter(w, DevelopmentStep, person_name="李党员", step="extended", step_on=D(2025, 9, 1),
          extended_months=6)  # fmt: skip
    probation = member_probation(w.site_admin, member)
    assert (probation.admitted, probation.extended_months, probation.ended) == (
        D(2024, 9, 2), 6, D(2026, 3, 2),
    )  # fmt: skip
    # Another branch's 李党员 is another person.
    enter(w, DevelopmentStep, organization=w.branch_a2, person_name="李党员", step="extended",
          step_on=D(2025, 9, 1), extended_months=6)  # fmt: skip
    assert member_probation(w.site_admin, member).extended_months == 6
    enter(w, DevelopmentStep, member=member, step="full", step_on=D(2026, 3, 5))
    assert member_probation(w.site_admin, member) is None
    assert member_probation(w.site_admin, w.a2_member) is None  # a full member


def test_the_page_flags_it_and_links_the_ledger_for_the_branchs_viewers(
    client, probationer, monkeypatch
):
    w = probationer
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: TODAY)
    url = reverse("orgs:member", args=[w.a1_member.pk])
    ledger = reverse("records:development", args=[w.branch_a1.pk])
    client.force_login(w.secretary_a1)
    page = client.get(url).content.decode()
    assert 'id="probation"' in page and "预备期已于 2025-08-01 满" in page and ledger in page
    client.force_login(w.member_a1)  # their own page: no ledger to open
    page = client.get(url).content.decode()
    assert "预备期已于 2025-08-01 满" in page and ledger not in page
    enter(w, DevelopmentStep, member=w.a1_member, step="extended", step_on=D(2025, 8, 3),
          extended_months=3)  # fmt: skip
    page = client.get(url).content.decode()
    assert "至 2025-11-01" in page and "延长预备期 3 个月" in page
    client.force_login(w.secretary_a1)
    page = client.get(reverse("orgs:member", args=[w.a1_secretary.pk])).content.decode()
    assert 'id="probation"' not in page
