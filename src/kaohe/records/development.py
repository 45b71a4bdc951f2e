"""发展党员: the rules a branch's development steps are judged by, and its 发展党员台账 — each
person's way from application to full membership, with the steps the
development_steps_irregular metric counts marked, and what comes next and when.

The rules live here, beside the records, so the metric and the ledger read them from one
place (as DuesPayment.in_time_and_full for dues).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
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
    # In the 预备党员 column without a step: a 预备党员 on the roster, joined that day.
    roster_day: datetime.date | None = None

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
        """The last day recorded for the person: a step's, or the roster's date of joining."""
        days = [cell.roster_day for cell in self.cells if cell.roster_day]
        for cell in self.cells:
            steps = (cell.step, *(step for step, _ in cell.extensions))
            days += [step.step_on for step in steps if step is not None]
        return max(days)


def development_ledger(user, branch: Organization, today: datetime.date) -> list[DevelopmentRow]:
    """Everyone with a development step recorded by `branch`, and every 预备党员 on its roster,
    as `user` sees them: those on the way first (the furthest along first: a 预备党员 is the
    nearest to a decision), then full members and cancelled probations, the most recent
    first. A 预备党员 without a 预备党员 step counts from the roster's date of joining, as on
    their page (member_probation). Two queries."""
    steps = list(
        scoped(user, DevelopmentStep.objects.filter(organization=branch))
        .select_related("member")
        .order_by("step_on", "id")
    )
    roster = {
        member.name: member
        for member in scoped(
            user, Member.objects.filter(branch=branch, status=MemberStatus.PROBATIONARY)
        )
    }
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
    for name, member in roster.items():
        if people.get(name) is None:
            people[name] = member
    rows = []
    for person, member in people.items():
        row = DevelopmentRow(person, member)
        row.cancelled = (person, S.CANCELLED) in first
        row.extended_months = sum(step.extended_months for step, _ in extensions[person])
        for stage in DEVELOPMENT_ORDER:
            step, irregular = first.get((person, stage), (None, False))
            if step is None and stage == S.FULL:
                step, irregular = first.get((person, S.CANCELLED), (None, False))
            cell = StageCell(stage, step, irregular)
            if stage == S.PROBATIONARY:
                joined = roster[person].joined_party_on if person in roster else None
                cell = replace(
                    cell,
                    extensions=tuple(extensions[person]),
                    roster_day=joined if step is None else None,
                )
            row.cells.append(cell)
            # On the roster as a 预备党员, they have reached it whatever steps were recorded.
            if (step is not None and step.step == stage) or cell.roster_day:
                row.reached = stage
        # Only a probation's end or extension recorded, or only the roster: a 预备党员
        # admitted before the records.
        row.reached = row.reached or S.PROBATIONARY
        rank = DEVELOPMENT_ORDER.index(row.reached)
        if rank + 1 < len(DEVELOPMENT_ORDER) and not row.cancelled:
            row.next_stage = DEVELOPMENT_ORDER[rank + 1]
            previous = row.cells[rank].step
            since = previous.step_on if previous is not None else row.cells[rank].roster_day
            if since is not None and row.next_stage == S.FULL:
                row.next_from = probation_end(since, row.extended_months)
                row.overdue = row.next_from <= today
            elif since is not None and row.next_stage in MIN_MONTHS_AFTER_PREVIOUS:
                row.next_from = add_months(since, MIN_MONTHS_AFTER_PREVIOUS[row.next_stage])
        rows.append(row)

    def order(row: DevelopmentRow):
        rank = DEVELOPMENT_ORDER.index(row.reached)
        return (not row.in_progress, row.cancelled, -rank, -row.latest.toordinal())

    return sorted(rows, key=order)


def _probation_steps(steps):
    """Per (branch, person) of `steps`: the first 预备党员 step, the months extended, and
    whether the probation ended (转正 or 取消预备党员资格)."""
    return (
        steps.values("organization_id", "person_name")
        .annotate(
            admitted=Min("step_on", filter=Q(step=S.PROBATIONARY)),
            extended=Sum("extended_months", filter=Q(step=S.EXTENDED), default=0),
            ended=Count("id", filter=Q(step__in=PROBATION_ENDS)),
        )
        .order_by()
    )


def _probation(found: dict | None, joined: datetime.date | None) -> tuple | None:
    """(admitted, months extended) of one person's probation from their steps' aggregate
    (_probation_steps): admitted on their 预备党员 step, else on the roster's date of joining
    (`joined`, for a 预备党员 on the roster). None once it ended, or if it never began."""
    found = found or {"admitted": None, "extended": 0, "ended": 0}
    admitted = found["admitted"] or joined
    if found["ended"] or admitted is None:
        return None
    return admitted, found["extended"]


@dataclass(frozen=True)
class Probation:
    """A 预备党员's probation: where, who, since when, extended by how many months."""

    organization: Organization
    person: str
    admitted: datetime.date
    extended_months: int = 0

    @property
    def ended(self) -> datetime.date:
        return probation_end(self.admitted, self.extended_months)


def member_probation(user, member: Member) -> Probation | None:
    """A 预备党员's probation (_probation), their steps being their name's in their branch, as
    the ledger links them. None for anyone else, or once a 转正 or cancellation is recorded."""
    if member.status != MemberStatus.PROBATIONARY:
        return None
    steps = scoped(user, DevelopmentStep.objects.all()).filter(
        organization=member.branch_id, person_name=member.name
    )
    probation = _probation(next(iter(_probation_steps(steps)), None), member.joined_party_on)
    return probation and Probation(member.branch, member.name, *probation)


def probations_over(
    user, today: datetime.date, branch: Organization | None = None
) -> list[Probation]:
    """预备党员 whose 预备期 (with any extension) is over with neither 转正 nor 取消预备党员资格
    recorded, everywhere `user` sees (or in `branch`), the longest over first. A person is
    their name in a branch, as the ledger links them, admitted on their 预备党员 step or, for a
    预备党员 on the roster without one, on the roster's date of joining (member_probation).
    One GROUP BY of the steps, one read of the roster's 预备党员 a year in, one GROUP BY of
    those people's steps, and one query for the branches."""
    # A year is at least 365 days; probation_end below settles extensions and 29 February.
    cutoff = today - datetime.timedelta(days=365)
    steps = scoped(user, DevelopmentStep.objects.all())
    roster = scoped(
        user, Member.objects.filter(status=MemberStatus.PROBATIONARY, joined_party_on__lte=cutoff)
    )
    if branch is not None:
        steps, roster = steps.filter(organization=branch), roster.filter(branch=branch)
    admitted: dict[tuple[int, str], tuple[datetime.date, int]] = {
        (row["organization_id"], row["person_name"]): (row["admitted"], row["extended"])
        for row in _probation_steps(steps).filter(ended=0, admitted__lte=cutoff)
    }
    joined = {
        (b, name): day for b, name, day in roster.values_list("branch", "name", "joined_party_on")
    }
    if joined:
        # Their steps decide where there are any (a 预备党员 step, an extension, an end).
        recorded = _probation_steps(
            steps.filter(
                organization__in={b for b, _ in joined}, person_name__in={n for _, n in joined}
            )
        )
        known = {(row["organization_id"], row["person_name"]): row for row in recorded}
        for key, day in joined.items():
            if probation := _probation(known.get(key), day):
                admitted[key] = probation
    over = sorted(
        (probation_end(day, extended), branch_id, person, day, extended)
        for (branch_id, person), (day, extended) in admitted.items()
    )
    over = [row for row in over if row[0] <= today]
    branches = Organization.objects.in_bulk({row[1] for row in over})
    return [
        Probation(branches[branch_id], person, day, extended)
        for _, branch_id, person, day, extended in over
    ]
