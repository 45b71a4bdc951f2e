"""发展党员: the rules a branch's development steps are judged by, and its 发展党员台账 — each
person's way from application to full membership, with the steps the
development_steps_irregular metric counts marked, and what comes next and when.

The rules live here, beside the records, so the metric and the ledger read them from one
place (as DuesPayment.in_time_and_full for dues).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, Min, Q, Sum

from kaohe.accounts.scoping import scoped
from kaohe.dates import add_months
from kaohe.organizations.models import Member, MemberStatus, Organization
from kaohe.records.models import DevelopmentStage, DevelopmentStep

S = DevelopmentStage
# The stages on the way, in order: the ledger's columns.
DEVELOPMENT_ORDER = [S.APPLICATION, S.ACTIVIST, S.CANDIDATE, S.PROBATIONARY, S.FULL]
# A 预备期 ends in 转正 or in 取消预备党员资格, once; it may be extended before it ends.
PROBATION_ENDS = (S.FULL, S.CANCELLED)
# Each step's place on the way: a step is out of order once a step of a later place, or the
# probation's other end, was recorded for the person.
_PLACE = {stage: place for place, stage in enumerate(DEVELOPMENT_ORDER[:4])} | {
    S.EXTENDED: 4,
    S.FULL: 5,
    S.CANCELLED: 5,
}
# The stage each step follows, and the least months the rules ask after it: 入党积极分子 are
# trained and observed for more than a year before becoming 发展对象; the 预备期 is a year
# (党章 第七条), extended only once it is over, and 转正 comes when it, with any extension, is.
PREVIOUS = {
    S.ACTIVIST: S.APPLICATION,
    S.CANDIDATE: S.ACTIVIST,
    S.PROBATIONARY: S.CANDIDATE,
    S.EXTENDED: S.PROBATIONARY,
    S.FULL: S.PROBATIONARY,
    S.CANCELLED: S.PROBATIONARY,
}
MIN_MONTHS_AFTER_PREVIOUS = {S.CANDIDATE: 12, S.EXTENDED: 12, S.FULL: 12}
# 党章 第七条: 延长预备期……不能超过一年, all extensions together.
MAX_EXTENSION_MONTHS = 12


def probation_end(admitted: datetime.date, extended_months: int = 0) -> datetime.date:
    """The day a 预备期 begun on `admitted` is over: a year, and any extension."""
    return add_months(admitted, 12 + extended_months)


class Step(NamedTuple):
    stage: str
    person: str
    day: datetime.date
    extended_months: int | None = 0


def irregular_steps(steps: Iterable[tuple]) -> set[int]:
    """Indices of the steps — (stage, person, date[, months extended]) — that break the order
    of the stages, come too soon after the stage before (MIN_MONTHS_AFTER_PREVIOUS, 转正
    waiting for any extension too), or extend a 预备期 by more than a year in all. A step
    whose earlier stages were not recorded is not judged: they may predate the records."""
    steps = [Step(*step) for step in steps]
    reached: dict[tuple[str, str], datetime.date] = {}  # (person, stage) → first reached
    extended: dict[str, int] = defaultdict(int)  # person → months extended so far
    bad = set()

    def in_time(i: int) -> tuple:
        return steps[i].day, _PLACE[steps[i].stage]

    for i in sorted(range(len(steps)), key=in_time):
        stage, person, day, months = steps[i]
        place = _PLACE[stage]
        # A later stage already reached, or the other end of the probation.
        out_of_order = any(
            (person, other) in reached
            for other, at in _PLACE.items()
            if at > place or (at == place and other != stage)
        )
        previous = reached.get((person, PREVIOUS.get(stage)))
        least = MIN_MONTHS_AFTER_PREVIOUS.get(stage, 0)
        if stage == S.FULL:
            least += extended[person]
        too_soon = bool(least and previous and day < add_months(previous, least))
        too_long = False
        if stage == S.EXTENDED:
            extended[person] += months or 0
            too_long = extended[person] > MAX_EXTENSION_MONTHS
        if out_of_order or too_soon or too_long:
            bad.add(i)
        reached.setdefault((person, stage), day)
    return bad


@dataclass(frozen=True)
class StageCell:
    stage: str  # the column: one of DEVELOPMENT_ORDER
    # The first time the person reached the stage; in the 转正 column, a 取消预备党员资格
    # in its place.
    step: DevelopmentStep | None
    irregular: bool = False  # out of order, or too soon after the stage before
    # In the 预备党员 column: each 延长预备期, with whether it is irregular.
    extensions: tuple[tuple[DevelopmentStep, bool], ...] = ()

    @property
    def instead(self) -> bool:
        """The step is not the column's stage (a cancellation in the 转正 column)."""
        return self.step is not None and self.step.step != self.stage


@dataclass
class DevelopmentRow:
    """One person, by name within the branch, as the metric links their steps."""

    person: str
    member: Member | None
    cells: list[StageCell] = field(default_factory=list)
    reached: str = ""  # the furthest stage on the way recorded
    cancelled: bool = False  # 取消预备党员资格
    extended_months: int = 0  # 延长预备期, all extensions together
    next_stage: str = ""  # what comes next, "" once a full member or cancelled
    next_from: datetime.date | None = None  # the earliest the rules allow it
    overdue: bool = False  # 预备期 (with any extension) over, and not yet 转正

    @property
    def irregular(self) -> int:
        return sum(cell.irregular + sum(bad for _, bad in cell.extensions) for cell in self.cells)

    @property
    def in_progress(self) -> bool:
        return bool(self.next_stage)

    @property
    def next_label(self) -> str:
        return DevelopmentStage(self.next_stage).label if self.next_stage else ""

    @property
    def latest(self) -> datetime.date:
        return max(
            step.step_on
            for cell in self.cells
            for step in (cell.step, *(s for s, _ in cell.extensions))
            if step is not None
        )


def development_ledger(user, branch: Organization, today: datetime.date) -> list[DevelopmentRow]:
    """Everyone with a development step recorded by `branch`, as `user` sees them: those on the
    way first (the furthest along first: a 预备党员 is the nearest to a decision), then full
    members and cancelled probations, the most recent first. One query."""
    steps = list(
        scoped(user, DevelopmentStep.objects.filter(organization=branch))
        .select_related("member")
        .order_by("step_on", "id")
    )
    bad = irregular_steps([(s.step, s.person_name, s.step_on, s.extended_months) for s in steps])
    first: dict[tuple[str, str], tuple[DevelopmentStep, bool]] = {}
    extensions: dict[str, list[tuple[DevelopmentStep, bool]]] = defaultdict(list)
    people: dict[str, Member | None] = {}
    for index, step in enumerate(steps):
        if step.step == S.EXTENDED:
            extensions[step.person_name].append((step, index in bad))
        else:
            first.setdefault((step.person_name, step.step), (step, index in bad))
        if people.get(step.person_name) is None:  # the first step that names a member
            people[step.person_name] = step.member
    rows = []
    for person, member in people.items():
        row = DevelopmentRow(person, member)
        row.cancelled = (person, S.CANCELLED) in first
        row.extended_months = sum(step.extended_months for step, _ in extensions[person])
        for stage in DEVELOPMENT_ORDER:
            step, irregular = first.get((person, stage), (None, False))
            if step is None and stage == S.FULL:
                step, irregular = first.get((person, S.CANCELLED), (None, False))
            held = tuple(extensions[person]) if stage == S.PROBATIONARY else ()
            row.cells.append(StageCell(stage, step, irregular, held))
            if step is not None and step.step == stage:
                row.reached = stage
        # Only a probation's end or extension recorded: a 预备党员 admitted before the records.
        row.reached = row.reached or S.PROBATIONARY
        rank = DEVELOPMENT_ORDER.index(row.reached)
        if rank + 1 < len(DEVELOPMENT_ORDER) and not row.cancelled:
            row.next_stage = DEVELOPMENT_ORDER[rank + 1]
            previous = row.cells[rank].step
            if previous is not None and row.next_stage == S.FULL:
                row.next_from = probation_end(previous.step_on, row.extended_months)
                row.overdue = row.next_from <= today
            elif previous is not None and row.next_stage in MIN_MONTHS_AFTER_PREVIOUS:
                months = MIN_MONTHS_AFTER_PREVIOUS[row.next_stage]
                row.next_from = add_months(previous.step_on, months)
        rows.append(row)

    def order(row: DevelopmentRow):
        rank = DEVELOPMENT_ORDER.index(row.reached)
        return (not row.in_progress, row.cancelled, -rank, -row.latest.toordinal())

    return sorted(rows, key=order)


@dataclass(frozen=True)
class Probation:
    """A 预备党员's probation as their page shows it."""

    admitted: datetime.date
    extended_months: int
    recorded: bool  # admission read from a development step, not only the roster's date

    @property
    def ends(self) -> datetime.date:
        return probation_end(self.admitted, self.extended_months)


def member_probation(user, member: Member) -> Probation | None:
    """A 预备党员's probation: admitted on their 预备党员 step (the member's, or their name's in
    their branch, as the ledger links them) or else on the roster's date of joining, with the
    extensions recorded. None for anyone else, or once a 转正 or cancellation is recorded."""
    if member.status != MemberStatus.PROBATIONARY:
        return None
    steps = scoped(user, DevelopmentStep.objects.all()).filter(
        Q(member=member) | Q(organization=member.branch_id, person_name=member.name)
    )
    found = steps.aggregate(
        admitted=Min("step_on", filter=Q(step=S.PROBATIONARY)),
        extended=Sum("extended_months", filter=Q(step=S.EXTENDED), default=0),
        ended=Count("id", filter=Q(step__in=PROBATION_ENDS)),
    )
    if found["ended"]:
        return None
    admitted = found["admitted"] or member.joined_party_on
    return Probation(admitted, found["extended"], recorded=found["admitted"] is not None)


@dataclass(frozen=True)
class ProbationOver:
    organization: Organization
    person: str
    admitted: datetime.date
    extended_months: int = 0

    @property
    def ended(self) -> datetime.date:
        return probation_end(self.admitted, self.extended_months)


def probations_over(
    user, today: datetime.date, branch: Organization | None = None
) -> list[ProbationOver]:
    """预备党员 whose 预备期 (with any extension) is over with neither 转正 nor 取消预备党员资格
    recorded, everywhere `user` sees (or in `branch`), the longest over first: one GROUP BY
    (branch, person) — a person as the ledger links them — and one query for the branches."""
    steps = DevelopmentStep.objects.all()
    if branch is not None:
        steps = steps.filter(organization=branch)
    grouped = (
        scoped(user, steps)
        .values("organization_id", "person_name")
        .annotate(
            admitted=Min("step_on", filter=Q(step=S.PROBATIONARY)),
            extended=Sum("extended_months", filter=Q(step=S.EXTENDED), default=0),
            ended=Count("id", filter=Q(step__in=PROBATION_ENDS)),
        )
        # A year is at least 365 days; probation_end below settles extensions and
        # 29 February as the ledger does.
        .filter(ended=0, admitted__lte=today - datetime.timedelta(days=365))
        .order_by()
    )
    # (ended, branch, person, admitted, months extended), the longest over first
    over = sorted(
        (probation_end(row["admitted"], row["extended"]), row["organization_id"], *row_rest)
        for row in grouped
        for row_rest in [(row["person_name"], row["admitted"], row["extended"])]
    )
    over = [row for row in over if row[0] <= today]
    branches = Organization.objects.in_bulk({row[1] for row in over})
    return [
        ProbationOver(branches[branch_id], person, admitted, extended)
        for _, branch_id, person, admitted, extended in over
    ]
