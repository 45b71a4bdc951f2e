"""Study-note facts the templates read, from the checks: a branch has notes when any checked
note was handed in (篇三); a member's whole branch was late when every note checked in the
period came late or not at all (篇五)."""

import datetime

import pytest

from kaohe.assessments.metrics import CATALOGUE, Scope, member_key, org_key
from kaohe.records.models import StudyNoteCheck
from kaohe.records.services import record_create
from kaohe.scoring import Period
from tests.conftest import World

D = datetime.date


@pytest.mark.django_db
def test_study_notes_exist_when_any_checked_note_was_handed_in(world: World):
    def check(member, result):
        record_create(
            model=StudyNoteCheck, organization=member.branch, entered_by=world.site_admin,
            member=member, month=D(2025, 4, 1), result=result,
        )  # fmt: skip

    check(world.a1_member, "sloppy")  # handed in, however badly
    check(world.a2_member, "missing")
    scope = Scope.of(world.root, Period("year", 2025), with_members=False)
    assert CATALOGUE["has_study_notes"].compute(scope, "branch") == {
        org_key(world.branch_a1.pk): 1,
        org_key(world.branch_a2.pk): 0,
        org_key(world.branch_b1.pk): 0,
    }


@pytest.mark.django_db
def test_a_member_shares_the_blame_when_their_whole_branch_was_late(world: World):
    def check(member, result, month):
        record_create(
            model=StudyNoteCheck, organization=member.branch, entered_by=world.site_admin,
            member=member, month=D(2025, month, 1), result=result,
        )  # fmt: skip

    # April: a1's two members late or missing; a2's one member on time. May: a1 on time.
    check(world.a1_member, "late", 4)
    check(world.a1_secretary, "missing", 4)
    check(world.a2_member, "complete", 4)
    check(world.a1_member, "complete", 5)

    def all_late(month):
        scope = Scope.of(world.root, Period("month", 2025, month), with_members=True)
        return CATALOGUE["branch_notes_all_late"].compute(scope, "member")

    april = all_late(4)
    assert april[member_key(world.a1_member.pk)] == april[member_key(world.a1_secretary.pk)] == 1
    assert april[member_key(world.a2_member.pk)] == 0
    assert april[member_key(world.b1_member.pk)] == 0  # no checks: not judged
    assert all_late(5)[member_key(world.a1_secretary.pk)] == 0
