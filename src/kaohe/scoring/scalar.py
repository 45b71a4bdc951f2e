"""The scalar reference evaluator: one subject at a time, in Decimal, with explanations.

The evaluation order is fixed (docs/scheme-language.md, "Evaluation order"):

1. item rules (per subject; per-clause and per-item caps)
2. item floor at 0 and zero-out (zero_if beats every deduction)
3. penalties (penalty-table and fixed-penalty items, uncapped)
4. population steps: rank tiers (then zero_if on rank items)
5. the scheme's bonus cap
6. veto
7. total = base (rescaled if items were excluded) + bonus + penalties, floored at 0 unless
   the scheme allows a negative total; a veto's total effect replaces it
8. grade (a veto's grade effect replaces it)
9. award eligibility (threshold, then quota within the population)
"""

import bisect
import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from kaohe.scoring.errors import FactsError, FactsIssue
from kaohe.scoring.explain import Explanation
from kaohe.scoring.facts import Event, Facts, Subject
from kaohe.scoring.numbers import HUNDREDTH, ZERO, fmt, q
from kaohe.scoring.periods import Period
from kaohe.scoring.results import ItemResult, Result, SubjectResult
from kaohe.scoring.scheme import (
    BonusRule,
    Clause,
    CompletionRule,
    Condition,
    DeductionRule,
    FixedPenaltyRule,
    Item,
    LinkedRule,
    ManualRule,
    PenaltyRule,
    RankRule,
    Required,
    Scheme,
    TiersRule,
)


class _Excluded(Exception):
    def __init__(self, what: str) -> None:
        self.what = what


def facts_period(scheme: Scheme, facts: Facts) -> Period:
    return facts.period or Period(scheme.period)


def resolve_required(required: Required, period: Period, facts: Facts, item: Item) -> int:
    count = required.resolve(period)
    if count is None:
        raise FactsError(
            [
                FactsIssue(
                    facts.source,
                    "(期间)",
                    "(period)",
                    "period.index",
                    f"指标 {item.id} 的要求次数取决于是哪一{_kind_zh(period.kind)},请给出期间序号",
                    f"item {item.id}: the required count depends on which {period.kind}; "
                    "give the period index",
                )
            ]
        )
    return count


def _kind_zh(kind: str) -> str:
    return {"month": "月", "quarter": "季度", "half_year": "半年", "year": "年"}[kind]


def missing_error(
    facts: Facts, subject: Subject, item_id: str, what: str, what_en: str
) -> FactsError:
    return FactsError(
        [
            FactsIssue(
                facts.source,
                f"对象 {subject.id}",
                f"subject {subject.id}",
                what_en,
                f"指标 {item_id} 需要{what},但缺少该数据(缺数规则为 error)",
                f"item {item_id} needs {what_en}, which is missing (missing: error)",
            )
        ]
    )


@dataclass
class _Context:
    scheme: Scheme
    facts: Facts
    period: Period
    by_subject: dict[str, list[Event]]
    by_branch: dict[str, list[Event]]


class _ItemEval:
    """Evaluates one item for one subject, collecting explanation records."""

    def __init__(self, ctx: _Context, item: Item, subject: Subject) -> None:
        self.ctx = ctx
        self.item = item
        self.subject = subject
        self.records: list[Explanation] = []

    def note(
        self,
        kind: str,
        points: Decimal,
        records: Sequence[str] = (),
        clause: str | None = None,
        **inputs,
    ) -> None:
        inputs.setdefault("rule", self.item.rule.kind)
        self.records.append(
            Explanation(kind, self.item.id, q(points), inputs, tuple(records), clause)
        )

    def check_missing(self) -> None:
        """Apply the missing policy once, before any rule reads: if any metric the item reads
        is missing, error stops, exclude drops the item, zero reads it as 0."""
        missing = [m for m in self.item.metrics if m not in self.subject.metrics]
        if not missing:
            return
        policy = self.item.missing
        if policy == "exclude":
            raise _Excluded(missing[0])
        if policy != "zero":
            name = missing[0]
            raise missing_error(
                self.ctx.facts, self.subject, self.item.id, f"指标 {name}", f"metric {name}"
            )
        for name in missing:
            self.note("item.missing_zero", ZERO, what=f"指标 {name}", what_en=f"metric {name}")

    def metric(self, name: str) -> Decimal:
        return self.subject.metrics.get(name, ZERO)

    def events(self, selector) -> list[Event]:
        return [
            e
            for e in self.ctx.by_subject.get(self.subject.id, ())
            if selector.matches(e.type, e.level)
        ]

    def condition(self, condition: Condition) -> tuple[bool, Decimal, list[str]]:
        if condition.metric is not None:
            actual = self.metric(condition.metric)
            return condition.test(actual), actual, []
        assert condition.events is not None
        matched = self.events(condition.events)
        return condition.test(len(matched)), Decimal(len(matched)), [e.id for e in matched]

    def clause_units(self, clause: Clause) -> tuple[int, dict, list[str]]:
        if clause.source == "count":
            assert clause.metric is not None
            value = self.metric(clause.metric)
            return int(value // 1), {"value": value}, []
        if clause.source == "shortfall":
            assert clause.metric is not None and clause.required is not None
            required = resolve_required(clause.required, self.ctx.period, self.ctx.facts, self.item)
            actual = int(self.metric(clause.metric) // 1)
            return max(required - actual, 0), {"required": required, "actual": actual}, []
        if clause.source == "events":
            matched = self.events(clause.events)
            return len(matched), {}, [e.id for e in matched]
        assert clause.when is not None
        hit, actual, ids = self.condition(clause.when)
        return int(hit), {"actual": actual}, ids

    def clauses(self, clauses: Sequence[Clause], sign: int) -> Decimal:
        total = ZERO
        for clause in clauses:
            units, inputs, ids = self.clause_units(clause)
            if units == 0:
                continue
            amount = units * clause.points
            capped = None
            if clause.cap is not None and amount > clause.cap:
                amount, capped = clause.cap, clause.cap
            total += amount
            self.note(
                f"clause.{clause.source}",
                sign * amount,
                ids,
                clause.id,
                label=clause.label,
                unit=clause.unit,
                verb=clause.verb,
                units=units,
                per=clause.points,
                capped=capped,
                act="扣" if sign < 0 else "加",
                **inputs,
            )
        return total

    # -- one method per rule kind -------------------------------------------------------------

    def run(self) -> Decimal:
        rule = self.item.rule
        match rule:
            case CompletionRule():
                return self.completion(rule)
            case DeductionRule():
                return self.deduction(rule)
            case TiersRule():
                return self.tiers(rule)
            case BonusRule():
                return self.bonus(rule)
            case PenaltyRule():
                return self.penalty(rule)
            case LinkedRule():
                return self.linked(rule)
            case ManualRule():
                return self.manual(rule)
            case FixedPenaltyRule():
                return self.fixed_penalty(rule)
        raise AssertionError(rule)  # rank items are evaluated as a population step

    def completion(self, rule: CompletionRule) -> Decimal:
        met, actual, ids = self.condition(rule.condition)
        assert self.item.max is not None
        points = self.item.max if met else rule.otherwise
        condition = f"{rule.condition.op} {fmt(rule.condition.value)}"
        self.note(
            "completion.met" if met else "completion.unmet",
            points,
            ids,
            label=rule.condition.label,
            actual=actual,
            condition=condition,
        )
        return points

    def deduction(self, rule: DeductionRule) -> Decimal:
        assert self.item.max is not None
        deducted = self.clauses(rule.clauses, -1)
        if deducted == 0:
            self.note("item.full", self.item.max)
        elif deducted > self.item.max:
            self.note("item.floor", ZERO, deducted=deducted, max=self.item.max)
        return max(self.item.max - deducted, ZERO)

    def bonus(self, rule: BonusRule) -> Decimal:
        raw = self.clauses(rule.clauses, 1)
        if self.item.max is not None and raw > self.item.max:
            self.note("bonus.capped", self.item.max, raw=raw, cap=self.item.max)
            return self.item.max
        if raw == 0:
            self.note("none", ZERO)
        return raw

    def tiers(self, rule: TiersRule) -> Decimal:
        if rule.metric is not None:
            value = self.metric(rule.metric)
            if rule.integer:
                value = value // 1
            num, den = value, Decimal(1)
            inputs = {"label": rule.label, "value": value, "unit": rule.unit}
            kind = "tiers.value"
        else:
            assert rule.numerator is not None
            numerator = self.metric(rule.numerator)
            if rule.denominator is not None:
                denominator = self.metric(rule.denominator)
            else:
                assert rule.denominator_required is not None
                denominator = Decimal(
                    resolve_required(
                        rule.denominator_required, self.ctx.period, self.ctx.facts, self.item
                    )
                )
            if denominator == 0:
                # A rate over nothing is undefined: the missing policy decides.
                what = f"{rule.label}的分母(为0)"
                if self.item.missing == "exclude":
                    raise _Excluded(what)
                if self.item.missing != "zero":
                    raise missing_error(
                        self.ctx.facts, self.subject, self.item.id, what, "a non-zero denominator"
                    )
                self.note("item.missing_zero", ZERO, what=what, what_en="rate denominator (0)")
                numerator, denominator = ZERO, Decimal(1)
            num, den = numerator * 100, denominator
            rate = (num / den).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
            inputs = {
                "label": rule.label,
                "numerator": numerator,
                "denominator": denominator,
                "rate": rate,
            }
            kind = "tiers.rate"
        for tier in rule.tiers:
            if tier.range.contains(num, den):
                self.note(kind, tier.points, range=str(tier.range), **inputs)
                return tier.points
        raise AssertionError("validated tiers cover [0, ∞)")

    def penalty(self, rule: PenaltyRule) -> Decimal:
        cases: dict[str, tuple[Decimal, list[str], list[str]]] = {}
        similar: dict[str, set[str]] = defaultdict(set)
        for event in self.ctx.by_subject.get(self.subject.id, ()):
            row = next((r for r in rule.rows if r.selector.matches(event.type, event.level)), None)
            if row is None:
                continue
            key = event.case or event.id
            best, ids, labels = cases.get(key, (ZERO, [], []))
            # Two events of one case under the same row (党内警告 and 记过 of case K9) name
            # the row once.
            named = labels if row.label in labels else [*labels, row.label]
            cases[key] = (max(best, row.points), [*ids, event.id], named)
            if event.similar is not None:
                similar[event.similar].add(key)
        raw = ZERO
        for key, (points, ids, labels) in cases.items():
            raw += points
            self.note("penalty.case", -points, ids, case=key, labels=labels)
        if rule.surcharge is not None:
            for name, keys in sorted(similar.items()):
                if len(keys) > 1:
                    extra = (len(keys) - 1) * rule.surcharge
                    raw += extra
                    self.note(
                        "penalty.surcharge",
                        -extra,
                        sorted(keys),
                        similar=name,
                        cases=len(keys),
                        extra=len(keys) - 1,
                        per=rule.surcharge,
                    )
        if rule.cap is not None and raw > rule.cap:
            self.note("penalty.capped", -rule.cap, raw=raw, cap=rule.cap)
            raw = rule.cap
        if raw == 0:
            self.note("none", ZERO)
        return -raw

    def linked(self, rule: LinkedRule) -> Decimal:
        assert self.item.max is not None
        if self.ctx.scheme.subject == "branch":
            pool = self.ctx.by_branch.get(self.subject.id, ())
            per, side, side_en = rule.branch, "支部", "branch"
        else:
            pool = self.ctx.by_subject.get(self.subject.id, ())
            per, side, side_en = rule.member, "当事人", "member"
        matched = [e for e in pool if rule.events.matches(e.type, e.level)]
        deducted = len(matched) * per
        if deducted == 0:
            self.note("item.full", self.item.max)
            return self.item.max
        self.note(
            "linked",
            -deducted,
            [e.id for e in matched],
            label=rule.label,
            units=len(matched),
            unit=rule.unit,
            per=per,
            side=side,
            side_en=side_en,
        )
        if deducted > self.item.max:
            self.note("item.floor", ZERO, deducted=deducted, max=self.item.max)
        return max(self.item.max - deducted, ZERO)

    def manual(self, rule: ManualRule) -> Decimal:
        assert self.item.max is not None
        score = self.subject.manual.get(self.item.id)
        if score is None:
            if self.item.missing == "zero":
                self.note("item.missing_zero", ZERO, what="人工评分", what_en="manual score")
                return ZERO
            if self.item.missing == "exclude":
                raise _Excluded("人工评分")
            raise missing_error(
                self.ctx.facts, self.subject, self.item.id, "人工评分", "manual score"
            )
        # A level-rated item also takes points: the mean of several evaluators' levels is
        # rarely a level itself (审核: two evaluators on one item → their mean).
        by_level = rule.levels is not None and (score.level is not None or score.points is None)
        if by_level:
            level = rule.level(score.level) if score.level is not None else None
            if level is None:
                names = "、".join(lv.name for lv in rule.levels)
                self._manual_error(
                    f"应评定等次之一: {names}", f"expected one of the levels: {names}"
                )
            assert level is not None
            points = level.points
        else:
            if score.points is None:
                self._manual_error(
                    "本项按分值评定,应写 points", "this item is rated in points; give points"
                )
            assert score.points is not None
            points = score.points
            if points > self.item.max:
                self._manual_error(
                    f"评分 {fmt(points)} 超过满分 {fmt(self.item.max)}",
                    f"score {fmt(points)} exceeds the max {fmt(self.item.max)}",
                )
        if points < self.item.max and not score.comment:
            self._manual_error("低于满分的评定须写评语", "a rating below the max needs a comment")
        if by_level:
            share = f"{fmt(level.share * 100)}%"
            self.note("manual.level", points, level=level.name, share=share, comment=score.comment)
        else:
            self.note("manual.points", points, max=self.item.max, comment=score.comment)
        return points

    def _manual_error(self, zh: str, en: str) -> None:
        raise FactsError(
            [
                FactsIssue(
                    self.ctx.facts.source,
                    f"对象 {self.subject.id}",
                    f"subject {self.subject.id}",
                    f"manual.{self.item.id}",
                    zh,
                    en,
                )
            ]
        )

    def fixed_penalty(self, rule: FixedPenaltyRule) -> Decimal:
        for condition in rule.when_any:
            hit, _, ids = self.condition(condition)
            if hit:
                self.note("fixed_penalty", -rule.points, ids, label=condition.label)
                return -rule.points
        self.note("none", ZERO)
        return ZERO

    def zero_out(self) -> bool:
        for condition in self.item.zero_if:
            hit, actual, ids = self.condition(condition)
            if hit:
                subject_value = f"{fmt(actual)} {condition.op} {fmt(condition.value)}"
                self.note(
                    "item.zero_out", ZERO, ids, label=condition.label, subject_value=subject_value
                )
                return True
        return False


@dataclass
class _Partial:
    subject: Subject
    items: dict[str, ItemResult]


def evaluate(scheme: Scheme, facts: Facts) -> Result:
    """Score every subject with explanations (the reference meaning of a scheme)."""
    ctx = _context(scheme, facts)
    partials = [_partial(ctx, subject) for subject in facts.subjects]
    # Step 4: population steps.
    for item in scheme.items:
        if isinstance(item.rule, RankRule):
            _rank_item(ctx, item, partials, facts.subjects)
    subjects = [_finish(ctx, p) for p in partials]
    subjects = _awards(scheme, facts, subjects)
    return Result(
        scheme_id=scheme.id,
        scheme_version=scheme.version,
        scheme_fingerprint=scheme.fingerprint,
        facts_fingerprint=facts.fingerprint(),
        period=facts_period(scheme, facts),
        subjects=tuple(subjects),
    )


def explain_subject(scheme: Scheme, facts: Facts, subject_id: str) -> SubjectResult:
    """One subject's result with its explanations, as evaluate() gives it, without scoring
    the rest of the population: the others are read only where a rank item places the
    subject among them. Awards are left undecided (none, and no award explanations): their
    quotas need every subject's total.

    Opening one member's score sheet from a 100,000-member run's pinned facts took 11 s when
    it evaluated every member, for a rank item's sake."""
    subject = next((s for s in facts.subjects if s.id == subject_id), None)
    if subject is None:
        raise KeyError(subject_id)
    ctx = _context(scheme, facts)
    partial = _partial(ctx, subject)
    for item in scheme.items:
        if isinstance(item.rule, RankRule):
            _rank_item(ctx, item, [partial], facts.subjects)
    return _finish(ctx, partial)


def _context(scheme: Scheme, facts: Facts) -> _Context:
    by_subject: dict[str, list[Event]] = defaultdict(list)
    by_branch: dict[str, list[Event]] = defaultdict(list)
    for event in facts.events:
        by_subject[event.subject].append(event)
        if event.branch is not None:
            by_branch[event.branch].append(event)
    return _Context(scheme, facts, facts_period(scheme, facts), by_subject, by_branch)


def _partial(ctx: _Context, subject: Subject) -> _Partial:
    """Steps 1–3 for one subject: item rules, floor and zero-out, penalties; rank items
    wait for step 4."""
    results = {
        item.id: _evaluate_item(ctx, item, subject)
        for item in ctx.scheme.items
        if not isinstance(item.rule, RankRule)
    }
    return _Partial(subject, results)


def _evaluate_item(ctx: _Context, item: Item, subject: Subject) -> ItemResult:
    ev = _ItemEval(ctx, item, subject)
    try:
        ev.check_missing()
        points = ev.run()
        if item.zero_if and ev.zero_out():
            points = ZERO
    except _Excluded as exc:
        what = f"指标 {exc.what}" if exc.what.isascii() else exc.what
        kind = "item.excluded" if item.role == "base" else "item.not_applicable"
        ev.records = []
        ev.note(
            kind, ZERO, what=what, what_en=f"metric {exc.what}" if exc.what.isascii() else "input"
        )
        return ItemResult(item.id, item.name, item.role, item.max, ZERO, True, tuple(ev.records))
    return ItemResult(item.id, item.name, item.role, item.max, q(points), False, tuple(ev.records))


def _rank_item(
    ctx: _Context, item: Item, partials: list[_Partial], population: Sequence[Subject]
) -> None:
    """Rank the `partials`' subjects among `population` (every subject, theirs included)."""
    rule = item.rule
    assert isinstance(rule, RankRule)
    values: dict[str, Decimal] = {}
    evals: dict[str, _ItemEval] = {}
    excluded: dict[str, str] = {}
    groups: dict[str, str] = {}
    for subject in population:
        ev = evals[subject.id] = _ItemEval(ctx, item, subject)
        try:
            ev.check_missing()
            values[subject.id] = ev.metric(rule.metric)
        except _Excluded as exc:
            excluded[subject.id] = exc.what
            continue
        groups[subject.id] = _group_of(ctx.facts, subject, rule.group, item.id)
    members: dict[str, list[Decimal]] = defaultdict(list)
    for subject_id, value in values.items():
        members[groups[subject_id]].append(value)
    for ranked in members.values():
        ranked.sort()
    for partial in partials:
        subject = partial.subject
        ev = evals[subject.id]
        if subject.id in excluded:
            ev.note(
                "item.excluded",
                ZERO,
                what=f"指标 {excluded[subject.id]}",
                what_en=f"metric {excluded[subject.id]}",
            )
            partial.items[item.id] = ItemResult(
                item.id, item.name, "base", item.max, ZERO, True, tuple(ev.records)
            )
            continue
        value = values[subject.id]
        ranked = members[groups[subject.id]]
        if rule.descending:
            better = len(ranked) - bisect.bisect_right(ranked, value)
        else:
            better = bisect.bisect_left(ranked, value)
        rank = better + 1  # competition ranking: ties share the better rank (1, 2, 2, 4)
        tier = next(t for t in rule.tiers if t.range.contains(rank))
        ev.note(
            "rank",
            tier.points,
            label=rule.label,
            value=value,
            rank=rank,
            population=len(ranked),
            range=str(tier.range),
            group_value="" if rule.group is None else groups[subject.id],
        )
        points = tier.points
        if item.zero_if and ev.zero_out():
            points = ZERO
        partial.items[item.id] = ItemResult(
            item.id, item.name, "base", item.max, q(points), False, tuple(ev.records)
        )


def _group_of(facts: Facts, subject: Subject, group: str | None, what: str) -> str:
    if group is None:
        return ""
    value = subject.groups.get(group)
    if value is None:
        raise FactsError(
            [
                FactsIssue(
                    facts.source,
                    f"对象 {subject.id}",
                    f"subject {subject.id}",
                    f"groups.{group}",
                    f"{what} 按分组 {group} 排名或计名额,但该对象没有这个分组",
                    f"{what} ranks or counts quotas within group {group}, which the subject lacks",
                )
            ]
        )
    return value


def _finish(ctx: _Context, partial: _Partial) -> SubjectResult:
    scheme = ctx.scheme
    subject = partial.subject
    ordered = tuple(partial.items[item.id] for item in scheme.items)
    notes: list[Explanation] = []
    base_items = [r for r in ordered if r.role == "base"]
    base_raw = sum((r.points for r in base_items if not r.excluded), ZERO)
    applicable = sum((r.max or ZERO for r in base_items if not r.excluded), ZERO)
    if applicable == scheme.total:
        base = base_raw
    elif applicable == 0:
        base = ZERO
    else:
        base = (base_raw * scheme.total / applicable).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
        notes.append(
            Explanation(
                "scheme.rescale",
                None,
                base,
                {"base": base_raw, "applicable": applicable, "total": scheme.total, "scaled": base},
            )
        )
    penalty = sum((r.points for r in ordered if r.role == "penalty"), ZERO)
    bonus_raw = sum((r.points for r in ordered if r.role == "bonus"), ZERO)
    bonus = bonus_raw
    if scheme.bonus_cap is not None and bonus_raw > scheme.bonus_cap:
        bonus = scheme.bonus_cap
        notes.append(
            Explanation(
                "scheme.bonus_cap", None, bonus, {"raw": bonus_raw, "cap": scheme.bonus_cap}
            )
        )
    vetoes: list[str] = []
    forced_totals: list[Decimal] = []
    forced_grades: list[str] = []
    for veto in scheme.vetoes:
        if veto.missing != "zero":
            for condition in veto.when_any:
                if condition.metric is not None and condition.metric not in subject.metrics:
                    name = condition.metric
                    raise missing_error(
                        ctx.facts, subject, veto.id, f"指标 {name}", f"metric {name}"
                    )
        for condition in veto.when_any:
            hit, ids = _veto_condition(ctx, veto, condition, subject)
            if hit:
                vetoes.append(veto.id)
                effects_zh, effects_en = "", ""
                if veto.total is not None:
                    forced_totals.append(veto.total)
                    effects_zh += f",总分计为{fmt(veto.total)}分"
                    effects_en += f", total set to {fmt(veto.total)}"
                if veto.grade is not None:
                    forced_grades.append(veto.grade)
                    effects_zh += f",等次定为{veto.grade}"
                    effects_en += f", grade set to {veto.grade}"
                notes.append(
                    Explanation(
                        "veto",
                        None,
                        ZERO,
                        {
                            "name": veto.name,
                            "label": condition.label,
                            "effects": effects_zh,
                            "effects_en": effects_en,
                        },
                        tuple(ids),
                    )
                )
                break
    total = base + bonus + penalty
    if total < 0 and not scheme.allow_negative_total:
        notes.append(Explanation("scheme.floor", None, ZERO, {"raw": total}))
        total = ZERO
    if forced_totals:
        total = min(forced_totals)
    grade = scheme.grade_for(total)
    if forced_grades:
        names = [g.name for g in scheme.grades]
        grade = max([grade, *forced_grades], key=names.index)
    return SubjectResult(
        subject=subject.id,
        name=subject.name,
        items=ordered,
        base=q(base),
        bonus=q(bonus),
        penalty=q(penalty),
        total=q(total),
        grade=grade,
        vetoes=tuple(vetoes),
        awards=(),
        explanations=tuple(notes),
    )


def _veto_condition(
    ctx: _Context, veto, condition: Condition, subject: Subject
) -> tuple[bool, list[str]]:
    if condition.metric is not None:
        return condition.test(subject.metrics.get(condition.metric, ZERO)), []
    assert condition.events is not None
    matched = [
        e for e in ctx.by_subject.get(subject.id, ()) if condition.events.matches(e.type, e.level)
    ]
    return condition.test(len(matched)), [e.id for e in matched]


def _awards(scheme: Scheme, facts: Facts, results: list[SubjectResult]) -> list[SubjectResult]:
    """Step 9: who is eligible for each award (see award_eligibility)."""
    if not scheme.awards:
        return results
    subjects = {s.id: s for s in facts.subjects}
    rows = [(r.subject, r.total, r.vetoed, subjects[r.subject]) for r in results]
    eligible, notes = award_eligibility(scheme, facts, rows)
    return [
        dataclasses.replace(
            r,
            awards=tuple(a.id for a in scheme.awards if r.subject in eligible[a.id]),
            explanations=r.explanations + tuple(notes[r.subject]),
        )
        for r in results
    ]


def award_eligibility(
    scheme: Scheme, facts: Facts, rows: Sequence[tuple[str, Decimal, bool, Subject]]
) -> tuple[dict[str, set[str]], dict[str, list[Explanation]]]:
    """Threshold, then quota: quota = round(share% × N) over the whole population (vetoed
    subjects included in N, never among the candidates); candidates are ranked by total with
    ties sharing the better rank; ``ties: include`` admits everyone whose rank ≤ quota (the
    quota may then be exceeded), ``ties: exclude`` admits a tied group only if all of it fits.
    """
    eligible: dict[str, set[str]] = {a.id: set() for a in scheme.awards}
    notes: dict[str, list[Explanation]] = defaultdict(list)
    for award in scheme.awards:
        groups: dict[str, list[tuple[str, Decimal, bool]]] = defaultdict(list)
        for subject_id, total, vetoed, subject in rows:
            groups[_group_of(facts, subject, award.group, award.id)].append(
                (subject_id, total, vetoed)
            )
        for members in groups.values():
            quota = award.quota(len(members))
            candidates = sorted(t for _, t, v in members if not v and t >= award.min_total)
            for subject_id, total, vetoed in members:
                inputs = {"name": award.name, "total": total, "min_total": award.min_total}
                if vetoed:
                    notes[subject_id].append(Explanation("award.veto", None, ZERO, inputs))
                    continue
                if total < award.min_total:
                    notes[subject_id].append(Explanation("award.below", None, ZERO, inputs))
                    continue
                rank = 1 + len(candidates) - bisect.bisect_right(candidates, total)
                last = len(candidates) - bisect.bisect_left(candidates, total)
                inputs |= {"rank": rank, "population": len(members), "quota": quota}
                ok = rank <= quota if award.ties == "include" else last <= quota
                if ok:
                    eligible[award.id].add(subject_id)
                notes[subject_id].append(
                    Explanation("award.yes" if ok else "award.quota", None, ZERO, inputs)
                )
    return eligible, notes
