"""三会一课 calendar: what each branch must hold, window by window, and what it has held.

The requirements are one table (`REQUIREMENTS`). A requirement's window is its frequency's
period (a quarterly meeting's window is the quarter) and the count it needs there comes
from the scoring engine's rule (`kaohe.scoring.periods.required_count`). A window is

- done      — held at least the required count (a meeting on the window's last day counts);
- due       — not yet met, and today falls inside it (yellow);
- overdue   — not met, and it ended before today (red);
- upcoming  — not met, and it has not begun (neutral).

Everything is set-based: one query for the branches and their 党小组 in reach, one GROUP BY
(organization, kind, month) over their meetings of the year — the same two queries for one
branch's page or for every branch on a committee's dashboard, never a query per cell.
"""

import datetime
import functools
import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Func, IntegerField
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kaohe.accounts.scoping import in_subtrees, scoped
from kaohe.organizations.models import Organization, OrgKind
from kaohe.records.models import Meeting, MeetingKind
from kaohe.scoring.periods import FREQUENCY_MONTHS, Period, required_count


@dataclass(frozen=True)
class Requirement:
    """One line of the 三会一课 table: a meeting kind, how often, and where the rule is written."""

    kind: str  # MeetingKind
    frequency: str  # a kaohe.scoring.periods frequency
    times: int
    per_group: bool  # held by each 党小组 separately, not by the branch
    clause: str

    @property
    def label(self) -> str:
        return MeetingKind(self.kind).label

    @property
    def window_months(self) -> int:
        return FREQUENCY_MONTHS[self.frequency]

    @property
    def frequency_label(self) -> str:
        return str(FREQUENCY_LABELS[self.frequency])


# 篇四 细则二 四.9 (三会一课) and 篇七: 支部党员大会每季, 支委会每月, 党小组会每月, 党课每季;
# 篇四 细则二 二.5: 各支部每半年召开一次民主生活会 (组织生活会).
REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(MeetingKind.PARTY_CONGRESS, "quarterly", 1, False, "篇四 细则二 四.9; 篇七"),
    Requirement(MeetingKind.COMMITTEE, "monthly", 1, False, "篇四 细则二 四.9; 篇七"),
    Requirement(MeetingKind.GROUP, "monthly", 1, True, "篇四 细则二 四.9; 篇七"),
    Requirement(MeetingKind.LECTURE, "quarterly", 1, False, "篇四 细则二 四.9; 篇七"),
    Requirement(MeetingKind.LIFE_MEETING, "half_yearly", 1, False, "篇四 细则二 二.5"),
)
REQUIRED_KINDS = tuple(r.kind for r in REQUIREMENTS)

FREQUENCY_LABELS = {
    "monthly": _("every month"),
    "quarterly": _("every quarter"),
    "half_yearly": _("every half-year"),
}
PERIOD_KIND = {"monthly": "month", "quarterly": "quarter", "half_yearly": "half_year"}
MONTH_LABELS = (
    pgettext_lazy("calendar month", "Jan"),
    pgettext_lazy("calendar month", "Feb"),
    pgettext_lazy("calendar month", "Mar"),
    pgettext_lazy("calendar month", "Apr"),
    pgettext_lazy("calendar month", "May"),
    pgettext_lazy("calendar month", "Jun"),
    pgettext_lazy("calendar month", "Jul"),
    pgettext_lazy("calendar month", "Aug"),
    pgettext_lazy("calendar month", "Sep"),
    pgettext_lazy("calendar month", "Oct"),
    pgettext_lazy("calendar month", "Nov"),
    pgettext_lazy("calendar month", "Dec"),
)

DONE, DUE, OVERDUE, UPCOMING = "done", "due", "overdue", "upcoming"
STATUS_LABELS = {
    DONE: _("held"),
    DUE: _("due"),
    OVERDUE: _("overdue"),
    UPCOMING: _("upcoming"),
}
# Badge colours of the stylesheet: done green, due yellow, overdue red, upcoming plain.
STATUS_COLOURS = {DONE: "green", DUE: "yellow", OVERDUE: "red", UPCOMING: "plain"}


@dataclass(frozen=True)
class Window:
    """One requirement's window (a month, quarter or half-year) and what happened in it."""

    frequency: str
    year: int
    index: int  # month 1–12, quarter 1–4 or half 1–2
    held: int
    required: int
    status: str

    @property
    def months(self) -> int:
        return FREQUENCY_MONTHS[self.frequency]

    @property
    def first_month(self) -> int:
        return (self.index - 1) * self.months + 1

    @property
    def last_month(self) -> int:
        return self.index * self.months

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, self.first_month, 1)

    @property
    def end(self) -> datetime.date:
        return _month_end(self.year, self.last_month)

    @property
    def label(self) -> str:
        if self.frequency == "monthly":
            return str(MONTH_LABELS[self.index - 1])
        if self.frequency == "quarterly":
            return str(_("Q%(n)d") % {"n": self.index})
        return str(_("first half") if self.index == 1 else _("second half"))

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def colour(self) -> str:
        return STATUS_COLOURS[self.status]


@dataclass
class CalendarRow:
    """One requirement for one organization: the branch, or one of its 党小组."""

    requirement: Requirement
    organization: Organization
    windows: tuple[Window, ...]  # shared by the rows with the same months held

    @property
    def is_group(self) -> bool:
        return self.requirement.per_group


@dataclass
class BranchCalendar:
    branch: Organization
    year: int
    today: datetime.date
    rows: list[CalendarRow]
    has_groups: bool

    @property
    def month_labels(self) -> list[tuple[int, str]]:
        return [(n, str(label)) for n, label in enumerate(MONTH_LABELS, start=1)]

    @property
    def current_month(self) -> int | None:
        return self.today.month if self.today.year == self.year else None

    def warnings(self) -> list["MeetingWarning"]:
        return _sorted(_warnings_of(self.branch, self.rows))


@dataclass(frozen=True)
class MeetingWarning:
    """A window overdue (red) or due and not yet met (yellow) for one branch (or its group)."""

    branch: Organization
    organization: Organization  # the branch, or the 党小组 the requirement binds
    requirement: Requirement
    window: Window

    @property
    def level(self) -> str:
        return "red" if self.window.status == OVERDUE else "yellow"

    @property
    def group(self) -> Organization | None:
        return self.organization if self.requirement.per_group else None


@dataclass
class WarningSummary:
    """The most urgent warnings and how many more there are, for a compact list."""

    items: list[MeetingWarning]
    total: int
    red: int
    yellow: int = field(default=0)

    @property
    def rest(self) -> int:
        return self.total - len(self.items)


# --- the computation ------------------------------------------------------------------------


@functools.cache  # Window.end, read for each of a committee's 100,000s of warnings
def _month_end(year: int, month: int) -> datetime.date:
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def window_status(held: int, required: int, start, end, today: datetime.date) -> str:
    if held >= required:
        return DONE
    if today > end:
        return OVERDUE
    if today >= start:
        return DUE
    return UPCOMING


def _windows(
    requirement: Requirement, year: int, by_month: dict[int, int], today: datetime.date
) -> tuple[Window, ...]:
    size = requirement.window_months
    windows = []
    for index in range(1, 12 // size + 1):
        period = Period(kind=PERIOD_KIND[requirement.frequency], year=year, index=index)
        required = required_count(requirement.frequency, requirement.times, period) or 0
        months = range((index - 1) * size + 1, index * size + 1)
        held = sum(by_month.get(month, 0) for month in months)
        start = datetime.date(year, months[0], 1)
        end = _month_end(year, months[-1])
        status = window_status(held, required, start, end, today)
        windows.append(Window(requirement.frequency, year, index, held, required, status))
    return tuple(windows)


def _branches_and_groups(
    user, organizations: Iterable[Organization] | None
) -> list[tuple[Organization, list[Organization]]]:
    """Visible branches within `organizations` (all visible if None), each with its groups."""
    queryset = scoped(user, Organization.objects.filter(kind__in=[OrgKind.BRANCH, OrgKind.GROUP]))
    if organizations is not None:
        queryset = queryset.filter(in_subtrees("path", [o.path for o in organizations]))
    nodes = list(queryset.only("id", "name", "path", "depth", "kind").order_by("path"))
    branches: dict[str, tuple[Organization, list[Organization]]] = {}
    for node in nodes:  # ordered by path: a branch comes before its groups
        if node.kind == OrgKind.BRANCH:
            branches[node.path] = (node, [])
        elif (parent := branches.get(node.path[: -Organization.steplen])) is not None:
            parent[1].append(node)
    return list(branches.values())


class MonthOf(Func):
    """A date's month (1–12) in the database's own code. Django's ExtractMonth calls back
    into Python on SQLite, once per row: 0.8 s of a committee's 438,000 meetings."""

    output_field = IntegerField()
    template = "EXTRACT(MONTH FROM %(expressions)s)"

    def as_sqlite(self, compiler, connection, **extra):
        # SQLite keeps a date as its ISO text, YYYY-MM-DD.
        template = "CAST(substr(%(expressions)s, 6, 2) AS INTEGER)"
        return self.as_sql(compiler, connection, template=template)


def _meeting_counts(
    user, organizations: Iterable[Organization] | None, year: int
) -> dict[tuple[int, str], dict[int, int]]:
    """(organization id, kind) → {month: meetings held}: one GROUP BY for the whole reach."""
    queryset = scoped(
        user,
        Meeting.objects.filter(
            kind__in=REQUIRED_KINDS,
            held_on__gte=datetime.date(year, 1, 1),
            held_on__lte=datetime.date(year, 12, 31),
            organization__kind__in=[OrgKind.BRANCH, OrgKind.GROUP],
        ),
    )
    if organizations is not None:
        paths = [o.path for o in organizations]
        queryset = queryset.filter(in_subtrees("organization__path", paths))
    rows = (
        queryset.order_by()
        .annotate(month=MonthOf("held_on"))
        .values("organization_id", "kind", "month")
        .annotate(n=Count("id"))
        .values_list("organization_id", "kind", "month", "n")
    )
    counts: dict[tuple[int, str], dict[int, int]] = {}
    for organization_id, kind, month, n in rows:
        counts.setdefault((organization_id, kind), {})[month] = n
    return counts


def _rows(
    branch: Organization,
    groups: list[Organization],
    counts: dict[tuple[int, str], dict[int, int]],
    year: int,
    today: datetime.date,
    seen: dict,
) -> list[CalendarRow]:
    rows = []
    for requirement in REQUIREMENTS:
        holders = groups if requirement.per_group else [branch]
        for holder in holders:
            by_month = counts.get((holder.pk, requirement.kind), {})
            # Thousands of branches hold their meetings in the same months: their windows
            # (frozen, shared) are worked out once per pattern (`seen`, for one call).
            pattern = (requirement, tuple(sorted(by_month.items())))
            windows = seen.get(pattern)
            if windows is None:
                windows = seen[pattern] = _windows(requirement, year, by_month, today)
            rows.append(CalendarRow(requirement, holder, windows))
    return rows


def _calendars(
    user, organizations: Iterable[Organization] | None, year: int, today: datetime.date
) -> list[BranchCalendar]:
    organizations = None if organizations is None else list(organizations)
    branches = _branches_and_groups(user, organizations)
    if not branches:
        return []
    counts = _meeting_counts(user, organizations, year)
    seen: dict = {}
    return [
        BranchCalendar(
            branch, year, today, _rows(branch, groups, counts, year, today, seen), bool(groups)
        )
        for branch, groups in branches
    ]


def branch_calendar(
    user, branch: Organization, year: int, today: datetime.date
) -> BranchCalendar | None:
    """The branch's 三会一课 grid for `year` as `user` sees it; None unless a visible branch."""
    if branch.kind != OrgKind.BRANCH:
        return None
    found = [c for c in _calendars(user, [branch], year, today) if c.branch.pk == branch.pk]
    return found[0] if found else None


def _warnings_of(branch: Organization, rows: list[CalendarRow]) -> list[MeetingWarning]:
    return [
        MeetingWarning(branch, row.organization, row.requirement, window)
        for row in rows
        for window in row.windows
        if window.status in (OVERDUE, DUE)
    ]


_REQUIREMENT_ORDER = {r: n for n, r in enumerate(REQUIREMENTS)}


def _urgency(warning: MeetingWarning) -> tuple:
    # Most urgent first: red before yellow, then the window that ended (or ends) first.
    return (
        warning.level != "red",
        warning.window.end,
        warning.branch.path,
        warning.organization.path,
        _REQUIREMENT_ORDER[warning.requirement],
    )


def _sorted(warnings: list[MeetingWarning]) -> list[MeetingWarning]:
    return sorted(warnings, key=_urgency)


def _all_warnings(
    user, organizations: Iterable[Organization] | None, today: datetime.date
) -> list[MeetingWarning]:
    warnings = []
    for calendar in _calendars(user, organizations, today.year, today):
        warnings += _warnings_of(calendar.branch, calendar.rows)
    return warnings


def meeting_warnings(
    user, organizations: Iterable[Organization] | None, today: datetime.date
) -> list[MeetingWarning]:
    """Every visible branch's overdue windows of this year (red) and its unmet current ones
    (yellow), most urgent first.

    `organizations` narrows to those subtrees (a branch page passes its branch); None means
    every branch the user may see. Two queries, whatever the number of branches.
    """
    return _sorted(_all_warnings(user, organizations, today))


def summarize(warnings: list[MeetingWarning], limit: int) -> WarningSummary:
    """The `limit` most urgent of `warnings` (in any order) and the counts of all of them."""
    red = sum(1 for w in warnings if w.level == "red")
    # A committee's dashboard has 100,000s of warnings and shows ten: no need to sort them all.
    items = heapq.nsmallest(limit, warnings, key=_urgency)
    return WarningSummary(items, len(warnings), red, len(warnings) - red)


@dataclass(frozen=True)
class BranchStanding:
    """One branch's 三会一课 this year: how many windows are overdue and due, the most urgent."""

    branch: Organization
    red: int
    yellow: int
    most_urgent: MeetingWarning


def branch_standings(
    user, organizations: Iterable[Organization] | None, today: datetime.date
) -> tuple[list[BranchStanding], int]:
    """Every visible branch (within `organizations`) with something overdue or due, the most
    overdue first, and how many visible branches have nothing. The same two queries as the
    dashboard's warnings."""
    standings, on_track = [], 0
    for calendar in _calendars(user, organizations, today.year, today):
        warnings = _warnings_of(calendar.branch, calendar.rows)
        if not warnings:
            on_track += 1
            continue
        summary = summarize(warnings, 1)
        standings.append(
            BranchStanding(calendar.branch, summary.red, summary.yellow, summary.items[0])
        )
    standings.sort(key=lambda s: (-s.red, -s.yellow, s.branch.path))
    return standings, on_track


def warning_summary(
    user, organizations: Iterable[Organization] | None, today: datetime.date, limit: int
) -> WarningSummary:
    """`summarize(meeting_warnings(...), limit)` without sorting every warning."""
    return summarize(_all_warnings(user, organizations, today), limit)
