"""meeting_warnings: overdue windows of this year in red, unmet current windows in yellow,
for every branch in reach, most urgent first."""

import datetime
import random

from kaohe.records.calendar import meeting_warnings, summarize, warning_summary
from tests.conftest import World
from tests.records.helpers import make_meeting

TODAY = datetime.date(2025, 2, 10)


def describe(warnings):
    return [(w.branch.name, w.requirement.kind, w.window.index, w.level) for w in warnings]


def test_red_for_past_windows_yellow_for_current_ones_most_urgent_first(world: World):
    make_meeting(world, kind="committee", held_on=datetime.date(2025, 1, 20))
    found = describe(meeting_warnings(world.secretary_a1, None, TODAY))
    # January's committee meeting was held; the group missed January; February is open.
    assert found == [
        ("第一支部", "group", 1, "red"),
        ("第一支部", "committee", 2, "yellow"),
        ("第一支部", "group", 2, "yellow"),
        ("第一支部", "party_congress", 1, "yellow"),
        ("第一支部", "lecture", 1, "yellow"),
        ("第一支部", "life_meeting", 1, "yellow"),
    ]


def test_last_year_is_not_warned_about(world: World):
    warnings = meeting_warnings(world.secretary_a1, None, datetime.date(2025, 1, 5))
    assert {w.window.year for w in warnings} == {2025}
    assert {w.level for w in warnings} == {"yellow"}


def test_only_branches_in_reach(world: World):
    names = {w.branch.name for w in meeting_warnings(world.admin_a, None, TODAY)}
    assert names == {"第一支部", "第二支部"}
    assert {w.branch.name for w in meeting_warnings(world.outsider, None, TODAY)} == {"第三支部"}
    assert meeting_warnings(world.member_a1, None, TODAY) == []


def test_narrowed_to_given_organizations(world: World):
    warnings = meeting_warnings(world.site_admin, [world.branch_a2], TODAY)
    assert {w.branch.name for w in warnings} == {"第二支部"}


def test_group_warnings_name_the_group(world: World):
    warnings = meeting_warnings(world.secretary_a1, None, TODAY)
    assert {w.group for w in warnings if w.requirement.kind == "group"} == {world.group_a1}
    assert {w.group for w in warnings if w.requirement.kind != "group"} == {None}


def test_summary_keeps_the_most_urgent_and_counts_the_rest(world: World):
    warnings = meeting_warnings(world.site_admin, None, TODAY)
    summary = summarize(warnings, 4)
    assert summary.items == warnings[:4]
    assert summary.total == len(warnings)
    assert summary.rest == len(warnings) - 4
    assert summary.red + summary.yellow == summary.total
    assert all(w.level == "red" for w in summary.items[: summary.red])


def test_summary_of_unsorted_warnings_picks_the_same_most_urgent(world: World):
    # The dashboards summarize without sorting every warning first.
    warnings = meeting_warnings(world.site_admin, None, TODAY)
    shuffled = random.Random(5).sample(warnings, len(warnings))
    assert summarize(shuffled, 4).items == warnings[:4]
    summary = warning_summary(world.site_admin, None, TODAY, 4)
    assert summary.items == warnings[:4] and summary.total == len(warnings)
