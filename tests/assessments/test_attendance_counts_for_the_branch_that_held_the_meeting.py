"""A branch's attendance is that at its own and its 党小组's meetings, whoever sits there now;
at a 党总支's meeting each attendee counts for their branch. Counted by hand."""

import datetime

import pytest

from kaohe.assessments.metrics import CATALOGUE, EVENT_SOURCES, Scope, member_key, org_key
from kaohe.organizations.services import member_update
from kaohe.records.models import MeetingKind
from kaohe.records.services import meeting_create
from kaohe.scoring import Period
from tests.conftest import World

YEAR = Period("year", 2025)
D = datetime.date


@pytest.fixture
def moved(world: World) -> World:
    """李党员 (a1_member) is absent at a1's study session, congress and group meeting, then
    moves to a2 and is present at a2's congress; 第一党总支 then holds a study session."""
    w, by = world, world.site_admin
    sec, mover, a2 = w.a1_secretary.pk, w.a1_member.pk, w.a2_member.pk

    def meeting(org, kind, day, attendance):
        meeting_create(
            organization=org, entered_by=by, kind=kind, held_on=day, topic="学习",
            attendance=attendance,
        )  # fmt: skip

    left, gone = [(sec, "present"), (mover, "absent")], [(mover, "absent")]
    meeting(w.branch_a1, MeetingKind.STUDY, D(2025, 2, 1), left)
    meeting(w.branch_a1, MeetingKind.PARTY_CONGRESS, D(2025, 3, 1), left)
    meeting(w.group_a1, MeetingKind.GROUP, D(2025, 4, 1), left)
    member_update(member=w.a1_member, branch=w.branch_a2, group=None)
    both = [(mover, "present"), (a2, "present")]
    meeting(w.branch_a2, MeetingKind.PARTY_CONGRESS, D(2025, 6, 1), both)
    meeting(w.gb_a, MeetingKind.STUDY, D(2025, 9, 1), [(sec, "present"), *gone, (a2, "excused")])
    return w


def _metric(w: World, name: str, subject: str = "branch"):
    scope = Scope.of(w.root, YEAR, with_members=subject == "member")
    return CATALOGUE[name].compute(scope, subject)


def test_a_branch_keeps_the_attendance_at_its_meetings_of_a_member_who_left(moved):
    a1, a2 = org_key(moved.branch_a1.pk), org_key(moved.branch_a2.pk)
    # a1: its study, congress and group meeting 1 of 2 each, the 总支's study (the secretary
    # present) 1 of 1; a2: its congress 2 of 2, the 总支's study 0 of 2 (the mover absent,
    # 王党员 excused)
    assert _metric(moved, "attendances") == {a1: 4, a2: 2}
    assert _metric(moved, "expected_attendances") == {a1: 7, a2: 4}


def test_a_member_counts_every_meeting_they_were_listed_at_wherever_they_sat(moved):
    mover = member_key(moved.a1_member.pk)
    assert _metric(moved, "attendances", "member")[mover] == 1
    assert _metric(moved, "expected_attendances", "member")[mover] == 5


def test_an_absence_is_charged_to_the_branch_whose_meeting_it_was(moved):
    scope = Scope.of(moved.root, YEAR, with_members=True)
    events = EVENT_SOURCES["training_absence"](scope, "member")
    mover = member_key(moved.a1_member.pk)
    # a1's study stays a1's after the mover left; the 总支's study falls to the attendee's
    # branch now: a2. 王党员 was excused, which is no absence.
    assert sorted((e["subject"], e["branch"], e["date"]) for e in events) == [
        (mover, org_key(moved.branch_a1.pk), "2025-02-01"),
        (mover, org_key(moved.branch_a2.pk), "2025-09-01"),
    ]
