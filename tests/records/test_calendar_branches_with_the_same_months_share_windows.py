"""A committee's calendar works each pattern of months held out once and shares it: a branch
gets the windows of its own months, never another branch's."""

import datetime

from kaohe.records.calendar import meeting_warnings
from tests.conftest import World
from tests.records.helpers import make_meeting

TODAY = datetime.date(2025, 3, 10)


def committee_held(warnings, branch) -> dict[int, str]:
    return {
        w.window.index: w.level
        for w in warnings
        if w.branch == branch and w.requirement.kind == "committee"
    }


def test_each_branch_keeps_its_own_months(world: World):
    january, february = datetime.date(2025, 1, 15), datetime.date(2025, 2, 15)
    make_meeting(world, organization=world.branch_a1, kind="committee", held_on=january)
    make_meeting(world, organization=world.branch_a2, kind="committee", held_on=february)
    make_meeting(world, organization=world.branch_b1, kind="committee", held_on=january)
    warnings = meeting_warnings(world.site_admin, None, TODAY)
    # 支委会 monthly: the month not held is red, March (under way) yellow.
    assert committee_held(warnings, world.branch_a1) == {2: "red", 3: "yellow"}
    assert committee_held(warnings, world.branch_a2) == {1: "red", 3: "yellow"}
    assert committee_held(warnings, world.branch_b1) == {2: "red", 3: "yellow"}
    a1 = [w for w in warnings if w.branch == world.branch_a1 and w.requirement.kind == "committee"]
    b1 = [w for w in warnings if w.branch == world.branch_b1 and w.requirement.kind == "committee"]
    assert [w.window for w in a1] == [w.window for w in b1]  # equal months, equal windows
