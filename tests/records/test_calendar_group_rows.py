"""党小组会 binds each 党小组 separately: one row per group, counting that group's meetings."""

import datetime

from kaohe.organizations.models import OrgKind
from kaohe.organizations.services import organization_create
from kaohe.records.calendar import DONE, DUE, branch_calendar
from tests.conftest import World
from tests.records.helpers import make_meeting

TODAY = datetime.date(2025, 3, 20)


def group_rows(calendar):
    return [r for r in calendar.rows if r.requirement.kind == "group"]


def test_one_row_per_group_each_counting_its_own_meetings(world: World):
    second = organization_create(name="第二党小组", kind=OrgKind.GROUP, parent=world.branch_a1)
    make_meeting(
        world, organization=world.group_a1, kind="group", held_on=datetime.date(2025, 3, 5)
    )
    calendar = branch_calendar(world.admin_a, world.branch_a1, 2025, TODAY)
    rows = group_rows(calendar)
    assert [r.organization for r in rows] == [world.group_a1, second]
    assert rows[0].windows[2].status == DONE
    assert rows[1].windows[2].status == DUE
    assert calendar.has_groups


def test_a_branch_without_groups_has_no_group_row(world: World):
    calendar = branch_calendar(world.admin_a, world.branch_a2, 2025, TODAY)
    assert group_rows(calendar) == []
    assert not calendar.has_groups
    assert [r.requirement.kind for r in calendar.rows] == [
        "party_congress",
        "committee",
        "lecture",
        "life_meeting",
    ]


def test_a_group_meeting_does_not_count_for_the_branch_rows(world: World):
    make_meeting(
        world, organization=world.group_a1, kind="group", held_on=datetime.date(2025, 3, 5)
    )
    calendar = branch_calendar(world.admin_a, world.branch_a1, 2025, TODAY)
    held = sum(w.held for r in calendar.rows if r.requirement.kind != "group" for w in r.windows)
    assert held == 0
