"""A month of a per-member monthly record for a whole branch on one page: 党费, 学习笔记检查,
党建APP学习积分. Each kind is one sheet: the fields a row holds, the one whose emptiness means
"nothing to record for this member", and what a new row starts from."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kaohe.accounts.scoping import scoped
from kaohe.organizations.models import Member, Organization
from kaohe.organizations.selectors import branch_roster
from kaohe.records.models import AppLearningPoints, DuesPayment, StudyNoteCheck, StudyNoteResult


@dataclass(frozen=True)
class MonthSheet:
    slug: str  # in the URL: records/org/<branch>/monthly/<slug>/<YYYY-MM>/
    model: type  # a MemberRecord with `month`, once per member and month
    title: Promise
    columns: tuple[tuple[str, Promise], ...]  # (model field, short column heading)
    required: str  # a row with this field empty records nothing
    carried: tuple[str, ...] = ()  # taken from the member's last month when this one is new
    preset: tuple[tuple[str, object], ...] = ()  # what a new row starts with
    help: Promise | str = ""
    ledger_title: Promise | str = ""  # the year at a glance (台账)
    ledger_help: Promise | str = ""

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)


DUES = MonthSheet(
    "dues",
    DuesPayment,
    _("Dues"),
    (
        ("amount_due", pgettext_lazy("dues", "Due")),
        ("amount_paid", pgettext_lazy("dues", "Paid")),
        ("paid_on", _("date paid")),
    ),
    required="amount_due",
    carried=("amount_due",),
    help=_(
        "The amount due comes from the member's month if recorded, else from their last "
        "month; leave it empty for a member with nothing to record."
    ),
    ledger_title=_("Dues ledger"),
)
STUDY_NOTES = MonthSheet(
    "study-notes",
    StudyNoteCheck,
    _("Study notes check"),
    (("result", _("result")), ("remarks", _("remarks"))),
    required="result",
    preset=(("result", StudyNoteResult.COMPLETE),),
    help=_(
        "Everyone starts as complete; change those whose notes were missing, late or "
        "sloppy. Choose the empty line for a member not checked."
    ),
    ledger_title=_("Study notes ledger"),
    ledger_help=_(
        "Each member's monthly notes check. Notes missing, late or sloppy are what the notes "
        "items deduct for."
    ),
)
APP_POINTS = MonthSheet(
    "app-points",
    AppLearningPoints,
    _("Learning app points"),
    (("points", _("points")),),
    required="points",
    help=_("The month's points from the learning app; leave a member empty to skip them."),
    ledger_title=_("Learning app points ledger"),
    ledger_help=_(
        "Each member's points from the learning app, month by month. Schemes rank the points "
        "of everyone they assess; the rank here is within the branch."
    ),
)
SHEETS = {sheet.slug: sheet for sheet in (DUES, STUDY_NOTES, APP_POINTS)}


def recorded_with_roster(user, model: type, branch: Organization, **when) -> tuple[list, list]:
    """The branch's roster, then anyone it recorded `when` (a month, a year) who has since
    moved, each group by id; and those records of `model`. Two queries, through the scoping
    gate."""
    records = list(
        scoped(
            user, model.objects.filter(organization=branch, **when).select_related("member__branch")
        )
    )
    members = {member.pk: member for member in branch_roster(user, branch)}
    for record in records:
        members.setdefault(record.member_id, record.member)
    ordered = sorted(members.values(), key=lambda m: (m.branch_id != branch.pk, m.pk))
    return ordered, records


def month_initial(
    sheet: MonthSheet, members: list[Member], month: datetime.date, recorded: list
) -> dict[int, dict]:
    """Each member's recorded month (`recorded`, the month's records); else what the sheet
    carries over from their latest month of the year before, on top of what it presets."""
    ids = [m.pk for m in members]
    preset = dict(sheet.preset)
    initial: dict[int, dict] = {pk: dict(preset) for pk in ids}
    if sheet.carried:
        earlier = sheet.model.objects.filter(
            member_id__in=ids, month__lt=month, month__gte=month.replace(year=month.year - 1)
        ).order_by("member_id", "month")
        for record in earlier:  # the latest month wins
            initial[record.member_id] |= {name: getattr(record, name) for name in sheet.carried}
    for record in recorded:
        values = {name: getattr(record, name) for name in sheet.fields}
        if sheet is DUES and not values["amount_paid"]:
            values["amount_paid"] = None  # shown empty, as "nothing paid yet"
        initial[record.member_id] = values
    return initial


def year_months(year: int) -> list[datetime.date]:
    return [datetime.date(year, month, 1) for month in range(1, 13)]


# --- the year at a glance: 学习笔记检查台账, 学习积分台账 ----------------------------------------

OK, LATE, SHORT = "ok", "late", "short"  # a cell's colour, as the dues ledger's

NOTE_MARKS = {
    StudyNoteResult.COMPLETE: (pgettext_lazy("study notes", "ok"), OK),
    StudyNoteResult.LATE: (pgettext_lazy("study notes", "late"), LATE),
    StudyNoteResult.SLOPPY: (pgettext_lazy("study notes", "sloppy"), LATE),
    StudyNoteResult.MISSING: (pgettext_lazy("study notes", "missing"), SHORT),
}
NOTE_TALLIED = (StudyNoteResult.MISSING, StudyNoteResult.LATE, StudyNoteResult.SLOPPY)


@dataclass(frozen=True)
class GridCell:
    month: datetime.date
    record: object | None
    text: str = ""
    status: str = ""


@dataclass
class GridRow:
    member: Member
    cells: list[GridCell]
    summary: list = field(default_factory=list)  # under MonthGrid.summary_headings


@dataclass
class MonthGrid:
    """A branch's year of one monthly sheet: a row per member, a cell per month, a summary
    per member (the counts the notes metrics take, or the year's points and rank) and one
    per month (notes complete of those checked, or the average points)."""

    months: list[datetime.date]
    rows: list[GridRow]
    summary_headings: list
    month_summary: list[str]
    footer_label: Promise | str = ""  # what month_summary holds
    flags: bool = False  # the summary counts what the metrics deduct for, cells are coloured


def year_records(
    user, model: type, branch: Organization, year: int
) -> tuple[list[Member], dict[int, dict[datetime.date, object]]]:
    """A 台账's rows and cells: the members (recorded_with_roster) and each member's records
    of `model` in `year` by month."""
    members, records = recorded_with_roster(user, model, branch, month__year=year)
    by_member: dict[int, dict[datetime.date, object]] = {}
    for record in records:
        by_member.setdefault(record.member_id, {})[record.month] = record
    return members, by_member


def month_grid(user, sheet: MonthSheet, branch: Organization, year: int) -> MonthGrid:
    """The year of `sheet` (study notes or app points) as `user` sees the branch."""
    months = year_months(year)
    members, by_member = year_records(user, sheet.model, branch, year)
    rows = []
    for member in members:
        recorded = by_member.get(member.pk, {})
        rows.append(GridRow(member, [GridCell(month, recorded.get(month)) for month in months]))
    if sheet is STUDY_NOTES:
        return _notes_grid(months, rows)
    if sheet is APP_POINTS:
        return _points_grid(months, rows)
    raise ValueError(f"no year grid for {sheet.slug}")  # dues have their ledger


def _notes_grid(months, rows) -> MonthGrid:
    complete, checked = [0] * 12, [0] * 12
    for row in rows:
        tally = dict.fromkeys(NOTE_TALLIED, 0)
        for index, cell in enumerate(row.cells):
            if cell.record is None:
                continue
            result = cell.record.result
            text, status = NOTE_MARKS[result]
            row.cells[index] = GridCell(cell.month, cell.record, str(text), status)
            checked[index] += 1
            complete[index] += result == StudyNoteResult.COMPLETE
            if result in tally:
                tally[result] += 1
        row.summary = [tally[result] for result in NOTE_TALLIED]
    headings = [StudyNoteResult(result).label for result in NOTE_TALLIED]
    footer = [f"{c}/{n}" if n else "" for c, n in zip(complete, checked, strict=True)]
    return MonthGrid(months, rows, headings, footer, _("Complete / checked"), flags=True)


def _points_grid(months, rows) -> MonthGrid:
    totals, counts = [0] * 12, [0] * 12
    for row in rows:
        year_total = 0
        for index, cell in enumerate(row.cells):
            if cell.record is None:
                continue
            points = cell.record.points
            row.cells[index] = GridCell(cell.month, cell.record, str(points))
            year_total += points
            totals[index] += points
            counts[index] += 1
        row.summary = [year_total]
    # Competition ranking (1, 2, 2, 4), as the schemes rank points; no data ranks as 0.
    ranked = sorted((row.summary[0] for row in rows), reverse=True)
    for row in rows:
        row.summary.append(ranked.index(row.summary[0]) + 1)
    headings = [_("points this year"), _("rank in the branch")]
    footer = [
        str((Decimal(t) / n).quantize(Decimal(1), ROUND_HALF_UP)) if n else ""
        for t, n in zip(totals, counts, strict=True)
    ]
    return MonthGrid(months, rows, headings, footer, _("Average"))
