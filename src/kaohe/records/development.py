"""发展党员: the rules a branch's development steps are judged by, and its 发展党员台账 — each
person's way from application to full membership, with the steps the
development_steps_irregular metric counts marked, and what comes next and when.

The rules live here, beside the records, so the metric and the ledger read them from one
place (as DuesPayment.in_time_and_full for dues).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q

from kaohe.accounts.scoping import scoped
from kaohe.dates import add_years
from kaohe.organizations.models import Member, Organization
from kaohe.records.models import DevelopmentStage, DevelopmentStep

# The stage before each, and the least time the rules ask between them: 入党积极分子 are
# trained and observed for more than a year before becoming 发展对象, and the 预备期 is a year.
DEVELOPMENT_ORDER = list(DevelopmentStage.values)
MIN_YEARS_AFTER_PREVIOUS = {DevelopmentStage.CANDIDATE: 1, DevelopmentStage.FULL: 1}


def irregular_steps(steps: list[tuple[str, str, datetime.date]]) -> set[int]:
    """Indices of the steps (stage, person, date) that break the order of the stages or come
    too soon after the previous stage (MIN_YEARS_AFTER_PREVIOUS). A stage whose earlier
    stages were not recorded is not judged: they may predate the records."""
    reached: dict[tuple[str, str], datetime.date] = {}  # (person, stage) → first reached
    bad = set()

    def in_time(i: int) -> tuple:
        stage, _, day = steps[i]
        return day, DEVELOPMENT_ORDER.index(stage)

    for i in sorted(range(len(steps)), key=in_time):
        stage, person, day = steps[i]
        rank = DEVELOPMENT_ORDER.index(stage)
        out_of_order = any((person, s) in reached for s in DEVELOPMENT_ORDER[rank + 1 :])
        previous = reached.get((person, DEVELOPMENT_ORDER[rank - 1])) if rank else None
        years = MIN_YEARS_AFTER_PREVIOUS.get(stage)
        too_soon = bool(years and previous and day < add_years(previous, years))
        if out_of_order or too_soon:
            bad.add(i)
        reached.setdefault((person, stage), day)
    return bad


@dataclass(frozen=True)
class StageCell:
    stage: str
    step: DevelopmentStep | None  # the first time the person reached the stage
    irregular: bool = False  # out of order, or too soon after the stage before


@dataclass
class DevelopmentRow:
    """One person, by name within the branch, as the metric links their steps."""

    person: str
    member: Member | None
    cells: list[StageCell] = field(default_factory=list)
    reached: str = ""  # the furthest stage recorded
    next_stage: str = ""  # what comes next, "" once a full member
    next_from: datetime.date | None = None  # the earliest the rules allow it
    overdue: bool = False  # 预备期 over a year and not yet 转正

    @property
    def irregular(self) -> int:
        return sum(cell.irregular for cell in self.cells)

    @property
    def in_progress(self) -> bool:
        return bool(self.next_stage)

    @property
    def next_label(self) -> str:
        return DevelopmentStage(self.next_stage).label if self.next_stage else ""


def development_ledger(user, branch: Organization, today: datetime.date) -> list[DevelopmentRow]:
    """Everyone with a development step recorded by `branch`, as `user` sees them: those on the
    way first (the furthest along first: a 预备党员 is the nearest to a decision), then full
    members, the most recent first. One query."""
    steps = list(
        scoped(user, DevelopmentStep.objects.filter(organization=branch))
        .select_related("member")
        .order_by("step_on", "id")
    )
    bad = irregular_steps([(s.step, s.person_name, s.step_on) for s in steps])
    first: dict[tuple[str, str], tuple[DevelopmentStep, bool]] = {}
    people: dict[str, Member | None] = {}
    for index, step in enumerate(steps):
        first.setdefault((step.person_name, step.step), (step, index in bad))
        if people.get(step.person_name) is None:  # the first step that names a member
            people[step.person_name] = step.member
    rows = []
    for person, member in people.items():
        row = DevelopmentRow(person, member)
        for stage in DEVELOPMENT_ORDER:
            step, irregular = first.get((person, stage), (None, False))
            row.cells.append(StageCell(stage, step, irregular))
            if step is not None:
                row.reached = stage
        rank = DEVELOPMENT_ORDER.index(row.reached)
        if rank + 1 < len(DEVELOPMENT_ORDER):
            row.next_stage = DEVELOPMENT_ORDER[rank + 1]
            years = MIN_YEARS_AFTER_PREVIOUS.get(row.next_stage)
            if years:
                row.next_from = add_years(row.cells[rank].step.step_on, years)
            row.overdue = row.next_stage == DevelopmentStage.FULL and row.next_from <= today
        rows.append(row)

    def order(row: DevelopmentRow):
        latest = max(cell.step.step_on for cell in row.cells if cell.step)
        return (not row.in_progress, -DEVELOPMENT_ORDER.index(row.reached), -latest.toordinal())

    return sorted(rows, key=order)


@dataclass(frozen=True)
class ProbationOver:
    organization: Organization
    person: str
    admitted: datetime.date

    @property
    def ended(self) -> datetime.date:
        return add_years(self.admitted, 1)


def probations_over(
    user, today: datetime.date, branch: Organization | None = None
) -> list[ProbationOver]:
    """预备党员 whose year of probation is over with no 转正 recorded, everywhere `user` sees (or in
    `branch`), the longest over first: one GROUP BY (branch, person) — a person as the ledger
    links them — and one query for the branches."""
    steps = DevelopmentStep.objects.all()
    if branch is not None:
        steps = steps.filter(organization=branch)
    grouped = (
        scoped(user, steps)
        .values("organization_id", "person_name")
        .annotate(
            admitted=Min("step_on", filter=Q(step=DevelopmentStage.PROBATIONARY)),
            full=Count("id", filter=Q(step=DevelopmentStage.FULL)),
        )
        # A year is at least 365 days; add_years below settles 29 February as the ledger does.
        .filter(full=0, admitted__lte=today - datetime.timedelta(days=365))
        .order_by("admitted", "organization_id", "person_name")
    )
    rows = [row for row in grouped if add_years(row["admitted"], 1) <= today]
    branches = Organization.objects.in_bulk({row["organization_id"] for row in rows})
    return [
        ProbationOver(branches[row["organization_id"]], row["person_name"], row["admitted"])
        for row in rows
    ]
