"""A 预备党员 on the roster with no 预备党员 step recorded counts from the roster's date of
joining, on the 发展党员台账 and in the probations that are over, as on their own page; their
steps decide once there is an admission or an end."""

import datetime

import pytest
from django.urls import reverse

from kaohe.organizations.models import Member, MemberStatus
from kaohe.records.development import development_ledger, member_probation, probations_over
from kaohe.records.models import DevelopmentStep
from tests.conftest import World
from tests.records.helpers import enter

D = datetime.date
TODAY = D(2025, 9, 1)


@pytest.fixture
def roster(world: World):
    probationary = Member.objects.filter(pk__in=[world.a1_member.pk, world.b1_member.pk])
    probationary.update(status=MemberStatus.PROBATIONARY, joined_party_on=D(2024, 8, 1))
    Member.objects.filter(pk=world.a2_member.pk).update(
        status=MemberStatus.PROBATIONARY,
        joined_party_on=D(2025, 3, 1),  # not a year yet
    )
    return world


def test_counted_from_the_roster_until_the_steps_say_otherwise(roster):
    w = roster
    over = probations_over(w.site_admin, TODAY)
    assert [(p.organization, p.person, p.ended) for p in over] == [
        (w.branch_a1, "李党员", D(2025, 8, 1)),
        (w.branch_b1, "赵党员", D(2025, 8, 1)),
    ]
    assert [p.person for p in probations_over(w.secretary_a1, TODAY)] == ["李党员"]
    row = development_ledger(w.site_admin, w.branch_a1, TODAY)[0]
    assert (row.person, row.member, row.cells[3].roster_day) == (
        "李党员",
        w.a1_member,
        D(2024, 8, 1),
    )
    assert (row.next_stage, row.next_from, row.overdue) == ("full", D(2025, 8, 1), True)
    w.a1_member.refresh_from_db()
    assert member_probation(w.site_admin, w.a1_member).ended == row.next_from

    # An extension counts on the roster's date; an admission step replaces it.
    enter(w, DevelopmentStep, person_name="李党员", step="extended", step_on=D(2025, 8, 2),
          extended_months=3)  # fmt: skip
    assert [p.ended for p in probations_over(w.secretary_a1, D(2025, 11, 1))] == [D(2025, 11, 1)]
    enter(w, DevelopmentStep, person_name="李党员", step="probationary", step_on=D(2024, 9, 10))
    row = development_ledger(w.site_admin, w.branch_a1, TODAY)[0]
    assert (row.cells[3].roster_day, row.next_from) == (None, D(2025, 12, 10))
    assert probations_over(w.secretary_a1, D(2025, 12, 9)) == []
    enter(w, DevelopmentStep, member=w.a1_member, step="full", step_on=D(2025, 12, 10))
    assert probations_over(w.secretary_a1, D(2026, 6, 1)) == []
    row = development_ledger(w.site_admin, w.branch_a1, D(2026, 6, 1))[0]
    assert (row.reached, row.in_progress) == ("full", False)


def test_the_ledger_marks_the_roster_date(client, roster, monkeypatch):
    w = roster
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: TODAY)
    client.force_login(w.secretary_a1)
    page = client.get(reverse("records:development", args=[w.branch_a1.pk])).content.decode()
    assert '2024-08-01 <span class="muted">名册</span>' in page
    assert "预备期已于 2025-08-01 满" in page


def test_steps_that_stop_before_admission_leave_the_roster_to_say_so(roster):
    w = roster
    enter(w, DevelopmentStep, person_name="李党员", step="candidate", step_on=D(2023, 1, 5))
    row = development_ledger(w.site_admin, w.branch_a1, TODAY)[0]
    assert (row.reached, row.next_stage, row.next_from, row.overdue) == (
        "probationary", "full", D(2025, 8, 1), True,
    )  # fmt: skip
    over = probations_over(w.secretary_a1, TODAY)
    assert [(p.person, p.ended) for p in over] == [("李党员", row.next_from)]
