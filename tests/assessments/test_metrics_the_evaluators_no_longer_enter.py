"""Five facts the templates read that evaluators used to enter by hand, now counted from the
records: absences at the superior's meetings (all, and the secretary's), whether dues were
recorded at all (党费台帐), committee seats left empty, and serious discipline cases."""

import datetime

import pytest

from kaohe.assessments.metrics import CATALOGUE, Scope, org_key
from kaohe.records.models import DisciplineCase, DuesPayment, Election, MeetingKind, Punishment
from kaohe.records.services import meeting_create, record_create
from kaohe.scoring import Period
from tests.conftest import World

pytestmark = pytest.mark.django_db
D = datetime.date


def _metric(w: World, name: str, year: int = 2025):
    return CATALOGUE[name].compute(
        Scope.of(w.root, Period("year", year), with_members=False), "branch"
    )


def _keys(w: World, **values) -> dict:
    return {org_key(getattr(w, branch).pk): value for branch, value in values.items()}


def test_absences_at_the_superiors_meetings_count_per_attendees_branch(world: World):
    w = world
    sec, a1, a2 = w.a1_secretary.pk, w.a1_member.pk, w.a2_member.pk
    # 党总支 meetings: the secretary absent twice, 李党员 excused (no absence), 王党员 absent.
    for day, rows in (
        (D(2025, 3, 1), [(sec, "absent"), (a1, "excused"), (a2, "absent")]),
        (D(2025, 9, 1), [(sec, "absent"), (a1, "present"), (a2, "present")]),
        (D(2024, 9, 1), [(sec, "absent")]),  # last year
    ):
        meeting_create(
            organization=w.gb_a, entered_by=w.site_admin, kind=MeetingKind.STUDY, held_on=day,
            topic="书记例会", attendance=rows,
        )  # fmt: skip
    # The branch's own meeting is not the superior's.
    meeting_create(
        organization=w.branch_a1, entered_by=w.site_admin, kind=MeetingKind.PARTY_CONGRESS,
        held_on=D(2025, 4, 1), topic="党员大会", attendance=[(sec, "absent"), (a1, "absent")],
    )  # fmt: skip

    assert _metric(w, "meeting_absences") == _keys(w, branch_a1=2, branch_a2=1)
    assert _metric(w, "secretary_meeting_absences") == _keys(w, branch_a1=2)


def test_a_dues_ledger_is_kept_when_dues_were_recorded_in_the_period(world: World):
    record_create(
        model=DuesPayment, organization=world.branch_a1, entered_by=world.site_admin,
        member=world.a1_member, month=D(2025, 2, 1), amount_due=30, amount_paid=30,
        paid_on=D(2025, 2, 3),
    )  # fmt: skip
    assert _metric(world, "has_dues_ledger") == _keys(world, branch_a1=1, branch_a2=0, branch_b1=0)
    assert _metric(world, "has_dues_ledger", 2024) == _keys(
        world, branch_a1=0, branch_a2=0, branch_b1=0
    )


def test_a_vacancy_stands_until_an_election_fills_it(world: World):
    def election(branch, kind, day, seats, elected):
        record_create(
            model=Election, organization=branch, entered_by=world.site_admin, kind=kind,
            held_on=day, seats=seats, elected=elected,
        )  # fmt: skip

    election(world.branch_a1, "general", D(2024, 5, 1), 5, 4)  # one seat left empty…
    election(world.branch_a1, "by_election", D(2025, 3, 1), 1, 1)  # …filled the next spring
    election(world.branch_a2, "general", D(2025, 6, 1), 3, 2)
    assert _metric(world, "committee_vacancies_unfilled", 2024) == _keys(
        world, branch_a1=1, branch_a2=0, branch_b1=0
    )
    assert _metric(world, "committee_vacancies_unfilled") == _keys(
        world, branch_a1=0, branch_a2=1, branch_b1=0
    )


def test_serious_cases_are_probation_or_expulsion_counted_once_per_case(world: World):
    def case(member, punishment, ref):
        record_create(
            model=DisciplineCase, organization=member.branch, entered_by=world.site_admin,
            member=member, case_ref=ref, event="违规", punishment=punishment,
            decided_on=D(2025, 4, 1),
        )  # fmt: skip

    case(world.a1_member, Punishment.PROBATION, "K1")
    case(world.a1_member, Punishment.ADMIN_DISMISSAL, "K1")  # the same case: once
    case(world.a1_secretary, Punishment.WARNING, "K2")
    assert _metric(world, "serious_member_discipline_cases") == _keys(world, branch_a1=1)
    assert _metric(world, "member_discipline_cases") == _keys(world, branch_a1=2)
