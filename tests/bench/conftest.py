"""A small benchmark organization with a year of records, plus the records its generator does
not produce at this size, so that every metric the benchmark schemes read takes a nonzero
and an absent value somewhere and every event type they read occurs: what comparing the
naive loop with the pipeline needs to prove anything."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from kaohe.accounts.services import user_create
from kaohe.demo.organization import build_large
from kaohe.demo.records import build_large_records
from kaohe.organizations.models import Member, Organization, OrgKind
from kaohe.organizations.services import member_update, organization_create
from kaohe.records.models import (
    AttendanceStatus,
    DisciplineCase,
    DuesPayment,
    Incident,
    IncidentKind,
    Meeting,
    MeetingKind,
    Punishment,
    StudyNoteCheck,
    StudyNoteResult,
    VolunteerService,
)
from kaohe.records.services import (
    meeting_create,
    meeting_update,
    record_create,
    record_delete,
    record_update,
)

YEAR = 2025


@dataclass
class SmallBench:
    root: Organization
    branches: list[Organization]
    members: list[Member]


def _day(month: int, day: int) -> datetime.date:
    return datetime.date(YEAR, month, day)


@pytest.fixture
def small_bench(db) -> SmallBench:
    root = build_large(
        today=datetime.date(2026, 3, 1), committees=1, general_branches=2, branches=2, members=5
    )
    build_large_records(root, YEAR)
    branches = list(
        Organization.objects.filter(path__startswith=root.path, kind=OrgKind.BRANCH).order_by(
            "path"
        )
    )
    members = list(Member.objects.filter(branch__in=branches).order_by("branch_id", "id"))
    clerk = user_create(username="bench-clerk", password="not used")
    punished, other = members[0], members[7]

    def case(member, punishment, day, ref):
        record_create(
            model=DisciplineCase, organization=member.branch, entered_by=clerk, member=member,
            case_ref=ref, event="违规发放津补贴", punishment=punishment, decided_on=day,
        )  # fmt: skip

    case(punished, Punishment.SERIOUS_WARNING, _day(5, 12), "2025-07")
    case(punished, Punishment.ADMIN_DEMERIT, _day(5, 12), "2025-07")
    # Neither is a `discipline` event of the year: a criminal sentence, and last year's case.
    case(other, Punishment.CRIMINAL, _day(9, 3), "2025-11")
    case(other, Punishment.WARNING, datetime.date(YEAR - 1, 12, 30), "2024-30")

    def incident(branch, kind, day):
        record_create(
            model=Incident, organization=branch, entered_by=clerk, kind=kind, occurred_on=day,
            description="职工集体上访",
        )  # fmt: skip

    incident(branches[1], IncidentKind.MASS_INCIDENT, _day(8, 20))
    incident(branches[2], IncidentKind.POLITICAL_ACCIDENT, _day(3, 2))

    def absent(branch, kind, how_many):
        meeting = Meeting.objects.filter(organization=branch, kind=kind).earliest("held_on")
        rows = list(meeting.attendances.order_by("member_id").values_list("member_id", "status"))
        marked = [(pk, AttendanceStatus.ABSENT) for pk, _ in rows[:how_many]]
        meeting_update(meeting=meeting, attendance=marked + rows[how_many:])

    absent(branches[0], MeetingKind.STUDY, 2)
    absent(branches[3], MeetingKind.STUDY, 1)
    absent(branches[2], MeetingKind.THEME_DAY, 1)  # not a training absence

    dues = DuesPayment.objects.filter(member=members[3]).earliest("month")
    record_update(record=dues, amount_paid=Decimal(0), paid_on=None)
    notes = StudyNoteCheck.objects.filter(member=members[12]).earliest("month")
    record_update(record=notes, result=StudyNoteResult.MISSING)
    record_create(
        model=VolunteerService, organization=branches[2], entered_by=clerk, member=members[11],
        served_on=_day(10, 1), hours=Decimal("1.5"), activity="社区垃圾分类宣传",
    )  # fmt: skip
    # Changed minutes need checking again: the meeting's minutes are no longer complete.
    life = Meeting.objects.filter(organization=branches[1], kind=MeetingKind.LIFE_MEETING).first()
    meeting_update(meeting=life, minutes="会议记录(补记)")
    group = Organization.objects.filter(path__startswith=branches[3].path, kind=OrgKind.GROUP)
    record_delete(record=Meeting.objects.filter(organization=group[0]).earliest("held_on"))
    # A branch without groups, members or records (its metrics are zero or missing), elected
    # exactly one term before the period ends: overdue, the boundary of elections_overdue.
    general_branch = Organization.objects.get_parent(branches[0])
    organization_create(
        name="新建党支部", kind=OrgKind.BRANCH, parent=general_branch,
        last_election_on=datetime.date(YEAR - 2, 12, 31),
    )  # fmt: skip

    # A 党总支's study session: each absence counts for the attendee's branch. Then a member
    # moves to the next branch: attendance at the old branch's meetings stays with it.
    assert Organization.objects.get_parent(branches[1]) == general_branch
    roster = [m for m in members if m.branch_id in (branches[0].pk, branches[1].pk)]
    meeting_create(
        organization=general_branch, entered_by=clerk, kind=MeetingKind.STUDY,
        held_on=_day(11, 5), topic="党总支集中学习",
        attendance=[
            (m.pk, AttendanceStatus.ABSENT if m in (members[0], members[6]) else "present")
            for m in roster
        ],
    )  # fmt: skip
    member_update(member=members[1], branch=branches[1], group=None)

    branches = list(
        Organization.objects.filter(path__startswith=root.path, kind=OrgKind.BRANCH).order_by(
            "path"
        )
    )
    members = list(Member.objects.filter(branch__in=branches).order_by("branch_id", "id"))
    return SmallBench(root, branches, members)
