"""A window is done, due (current, unmet), overdue (ended unmet) or upcoming — at its edges."""

import datetime

from kaohe.records.calendar import DONE, DUE, OVERDUE, UPCOMING, branch_calendar
from tests.conftest import World
from tests.records.helpers import make_meeting

YEAR = 2025


def row(calendar, kind, organization=None):
    organization = organization or calendar.branch
    return next(
        r for r in calendar.rows if r.requirement.kind == kind and r.organization == organization
    )


def statuses(world: World, kind: str, today: datetime.date) -> list[str]:
    calendar = branch_calendar(world.secretary_a1, world.branch_a1, YEAR, today)
    return [w.status for w in row(calendar, kind).windows]


def test_quarterly_meeting_on_the_last_day_of_the_quarter_counts(world: World):
    make_meeting(world, kind="party_congress", held_on=datetime.date(YEAR, 3, 31))
    assert statuses(world, "party_congress", datetime.date(YEAR, 4, 1))[0] == DONE


def test_meeting_the_day_after_the_quarter_counts_for_the_next_one(world: World):
    make_meeting(world, kind="party_congress", held_on=datetime.date(YEAR, 4, 1))
    assert statuses(world, "party_congress", datetime.date(YEAR, 4, 2))[:2] == [OVERDUE, DONE]


def test_unmet_quarter_is_overdue_the_day_after_it_ends(world: World):
    assert statuses(world, "lecture", datetime.date(YEAR, 4, 1)) == [
        OVERDUE,
        DUE,
        UPCOMING,
        UPCOMING,
    ]


def test_unmet_current_quarter_is_due_not_overdue_on_its_last_day(world: World):
    assert statuses(world, "lecture", datetime.date(YEAR, 3, 31)) == [
        DUE,
        UPCOMING,
        UPCOMING,
        UPCOMING,
    ]


def test_monthly_committee_meeting_per_month(world: World):
    make_meeting(world, kind="committee", held_on=datetime.date(YEAR, 1, 31))
    make_meeting(world, kind="committee", held_on=datetime.date(YEAR, 3, 1))
    found = statuses(world, "committee", datetime.date(YEAR, 3, 15))
    assert found == [DONE, OVERDUE, DONE] + [UPCOMING] * 9


def test_half_yearly_life_meeting(world: World):
    make_meeting(world, kind="life_meeting", held_on=datetime.date(YEAR, 6, 30))
    assert statuses(world, "life_meeting", datetime.date(YEAR, 7, 1)) == [DONE, DUE]
    assert statuses(world, "life_meeting", datetime.date(YEAR + 1, 1, 1)) == [DONE, OVERDUE]


def test_windows_count_held_and_required(world: World):
    for day in (2, 20):
        make_meeting(world, kind="party_congress", held_on=datetime.date(YEAR, 5, day))
    calendar = branch_calendar(
        world.secretary_a1, world.branch_a1, YEAR, datetime.date(YEAR, 12, 31)
    )
    second_quarter = row(calendar, "party_congress").windows[1]
    assert (second_quarter.held, second_quarter.required) == (2, 1)
    assert (second_quarter.start, second_quarter.end) == (
        datetime.date(YEAR, 4, 1),
        datetime.date(YEAR, 6, 30),
    )


def test_meetings_of_other_years_and_kinds_do_not_count(world: World):
    make_meeting(world, kind="party_congress", held_on=datetime.date(YEAR - 1, 12, 31))
    make_meeting(world, kind="theme_day", held_on=datetime.date(YEAR, 1, 10))
    make_meeting(
        world,
        organization=world.branch_a2,
        kind="party_congress",
        held_on=datetime.date(YEAR, 1, 10),
    )
    assert statuses(world, "party_congress", datetime.date(YEAR, 2, 1))[0] == DUE


def test_a_past_year_has_no_due_and_a_future_year_only_upcoming(world: World):
    today = datetime.date(YEAR, 6, 1)
    past = branch_calendar(world.secretary_a1, world.branch_a1, YEAR - 1, today)
    future = branch_calendar(world.secretary_a1, world.branch_a1, YEAR + 1, today)
    assert {w.status for r in past.rows for w in r.windows} == {OVERDUE}
    assert {w.status for r in future.rows for w in r.windows} == {UPCOMING}
