"""The columnar evaluator: the same meaning as the scalar one, over a whole population at once.

Points are integer hundredths (Int64) throughout. Each rule becomes Polars expressions over
the subjects frame; events are aggregated once with group_by and joined, so nothing loops
per subject in Python. Explanations are not produced: use the scalar evaluator for them.
The property tests (tests/scoring/test_scoring_evaluators_agree.py) keep the two equal.
"""

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import polars as pl

from kaohe.scoring.errors import FactsError, FactsIssue
from kaohe.scoring.facts import Facts
from kaohe.scoring.numbers import from_hundredths, to_hundredths
from kaohe.scoring.periods import Period
from kaohe.scoring.scheme import (
    BonusRule,
    Clause,
    CompletionRule,
    Condition,
    DeductionRule,
    FixedPenaltyRule,
    Interval,
    Item,
    LinkedRule,
    ManualRule,
    PenaltyRule,
    RankRule,
    Required,
    Scheme,
    Selector,
    TiersRule,
)

EVENT_COLUMNS = ("id", "subject", "type", "level", "case", "similar", "branch")


@dataclass(frozen=True)
class FactsFrames:
    """Facts as frames, for bulk runs.

    ``subjects``: one row per subject; ``subject`` (str), ``g:<group>`` (str),
    ``m:<metric>`` (Int64 hundredths, null = missing), and for manual items
    ``man:<item>:points`` (Int64 hundredths), ``man:<item>:level`` (str),
    ``man:<item>:comment`` (str). Absent columns read as all-missing.
    ``events``: columns id, subject, type, level, case, similar, branch (str; branch already
    resolved from the member's branch group).
    """

    subjects: pl.DataFrame
    events: pl.DataFrame
    period: Period | None = None
    source: str = "<frames>"
    fingerprint: str | None = None


def empty_events() -> pl.DataFrame:
    return pl.DataFrame(
        {name: [] for name in EVENT_COLUMNS}, schema=dict.fromkeys(EVENT_COLUMNS, pl.String)
    )


def facts_to_frames(facts: Facts) -> FactsFrames:
    metric_names = sorted({m for s in facts.subjects for m in s.metrics})
    group_names = sorted({g for s in facts.subjects for g in s.groups})
    manual_items = sorted({i for s in facts.subjects for i in s.manual})
    data: dict[str, Any] = {"subject": [s.id for s in facts.subjects]}
    schema: dict[str, Any] = {"subject": pl.String}
    for name in group_names:
        data[f"g:{name}"] = [s.groups.get(name) for s in facts.subjects]
        schema[f"g:{name}"] = pl.String
    for name in metric_names:
        data[f"m:{name}"] = [
            None if name not in s.metrics else to_hundredths(s.metrics[name])
            for s in facts.subjects
        ]
        schema[f"m:{name}"] = pl.Int64
    for item in manual_items:
        scores = [s.manual.get(item) for s in facts.subjects]
        data[f"man:{item}:points"] = [
            None if m is None or m.points is None else to_hundredths(m.points) for m in scores
        ]
        data[f"man:{item}:level"] = [None if m is None else m.level for m in scores]
        data[f"man:{item}:comment"] = [None if m is None else m.comment for m in scores]
        schema |= {
            f"man:{item}:points": pl.Int64,
            f"man:{item}:level": pl.String,
            f"man:{item}:comment": pl.String,
        }
    subjects = pl.DataFrame(data, schema=schema)
    events = pl.DataFrame(
        {name: [getattr(e, name) for e in facts.events] for name in EVENT_COLUMNS},
        schema=dict.fromkeys(EVENT_COLUMNS, pl.String),
    )
    return FactsFrames(subjects, events, facts.period, facts.source, facts.fingerprint())


def frames_fingerprint(frames: FactsFrames) -> str:
    """A content hash of frames (subjects and events sorted), for frames built without Facts."""
    digest = hashlib.sha256()
    subjects = frames.subjects.select(sorted(frames.subjects.columns)).sort("subject")
    events = frames.events.select(EVENT_COLUMNS).sort("id")
    digest.update(subjects.write_csv().encode())
    digest.update(events.write_csv().encode())
    period = frames.period
    digest.update(
        repr(None if period is None else (period.kind, period.year, period.index)).encode()
    )
    return digest.hexdigest()


@dataclass(frozen=True)
class ColumnarResult:
    """``frame``: subject, item:<id> and excluded:<id> per item, base, bonus, penalty, total
    (Int64 hundredths), grade, vetoed, veto:<id> and award:<id> (bool)."""

    scheme_id: str
    scheme_fingerprint: str
    facts_fingerprint: str | None
    frame: pl.DataFrame
    item_ids: tuple[str, ...]
    award_ids: tuple[str, ...]
    veto_ids: tuple[str, ...] = ()

    def to_points(self) -> dict[str, dict[str, Any]]:
        """The same shape as Result.to_points() (Decimals), for comparison and small outputs."""
        out = {}
        for row in self.frame.iter_rows(named=True):
            out[row["subject"]] = {
                "items": {i: from_hundredths(row[f"item:{i}"]) for i in self.item_ids},
                "excluded": tuple(i for i in self.item_ids if row[f"excluded:{i}"]),
                "base": from_hundredths(row["base"]),
                "bonus": from_hundredths(row["bonus"]),
                "penalty": from_hundredths(row["penalty"]),
                "total": from_hundredths(row["total"]),
                "grade": row["grade"],
                "vetoed": row["vetoed"],
                "awards": tuple(sorted(a for a in self.award_ids if row[f"award:{a}"])),
            }
        return out


def _h(value: Decimal) -> int:
    return to_hundredths(value)


class _Compiler:
    def __init__(self, scheme: Scheme, frames: FactsFrames, period: Period) -> None:
        self.scheme = scheme
        self.frames = frames
        self.period = period
        self.columns = set(frames.subjects.columns)
        self.subject_selectors: dict[Selector, str] = {}
        self.branch_selectors: dict[Selector, str] = {}
        self.penalty_columns: dict[str, str] = {}

    # -- inputs --------------------------------------------------------------------------------

    def col(self, name: str, dtype: Any = pl.Int64) -> pl.Expr:
        if name in self.columns:
            return pl.col(name)
        return pl.lit(None, dtype=dtype)

    def metric(self, name: str) -> pl.Expr:
        # The missing policy was applied up front; what is still null reads as 0.
        return self.col(f"m:{name}").fill_null(0)

    def events(self, selector: Selector, *, by_branch: bool = False) -> pl.Expr:
        table = self.branch_selectors if by_branch else self.subject_selectors
        name = table.setdefault(selector, f"{'eb' if by_branch else 'es'}{len(table)}")
        return pl.col(name)

    def required(self, required: Required, item: Item) -> int:
        count = required.resolve(self.period)
        if count is None:
            kind = self.period.kind
            raise FactsError(
                [
                    FactsIssue(
                        self.frames.source,
                        "(期间)",
                        "(period)",
                        "period.index",
                        f"指标 {item.id} 的要求次数取决于期间序号,请给出期间序号",
                        f"item {item.id}: the required count depends on which {kind}; "
                        "give the period index",
                    )
                ]
            )
        return count

    def condition(self, condition: Condition) -> pl.Expr:
        if condition.metric is not None:
            left, right = self.metric(condition.metric), _h(condition.value)
        else:
            assert condition.events is not None
            left, right = self.events(condition.events) * 100, _h(condition.value)
        match condition.op:
            case "<":
                return left < right
            case "<=":
                return left <= right
            case "==":
                return left == right
            case "!=":
                return left != right
            case ">=":
                return left >= right
            case _:
                return left > right

    def clause(self, clause: Clause, item: Item) -> pl.Expr:
        if clause.source == "count":
            assert clause.metric is not None
            units = self.metric(clause.metric) // 100
        elif clause.source == "shortfall":
            assert clause.metric is not None and clause.required is not None
            required = self.required(clause.required, item)
            units = (pl.lit(required, pl.Int64) - self.metric(clause.metric) // 100).clip(
                lower_bound=0
            )
        elif clause.source == "events":
            assert clause.events is not None
            units = self.events(clause.events)
        else:
            assert clause.when is not None
            units = self.condition(clause.when).cast(pl.Int64)
        amount = units * _h(clause.points)
        if clause.cap is not None:
            amount = pl.min_horizontal(amount, pl.lit(_h(clause.cap), pl.Int64))
        return amount

    # -- items ---------------------------------------------------------------------------------

    def item(self, item: Item) -> tuple[pl.Expr, pl.Expr | None, list[pl.Expr]]:
        """(points, excluded-or-None, checks): checks are boolean expressions naming
        subjects whose facts are invalid for this item."""
        rule = item.rule
        max_h = _h(item.max) if item.max is not None else None
        match rule:
            case CompletionRule():
                points = (
                    pl.when(self.condition(rule.condition))
                    .then(max_h)
                    .otherwise(_h(rule.otherwise))
                )
            case DeductionRule():
                deducted = pl.sum_horizontal(self.clause(c, item) for c in rule.clauses)
                points = (max_h - deducted).clip(lower_bound=0)
            case BonusRule():
                raw = pl.sum_horizontal(self.clause(c, item) for c in rule.clauses)
                points = raw if max_h is None else pl.min_horizontal(raw, pl.lit(max_h, pl.Int64))
            case TiersRule():
                return self.tiers(item, rule)
            case PenaltyRule():
                column = self.penalty_columns[item.id]
                raw = pl.col(column)
                if rule.cap is not None:
                    raw = pl.min_horizontal(raw, pl.lit(_h(rule.cap), pl.Int64))
                points = -raw
            case LinkedRule():
                if self.scheme.subject == "branch":
                    count, per = self.events(rule.events, by_branch=True), rule.branch
                else:
                    count, per = self.events(rule.events), rule.member
                points = (max_h - count * _h(per)).clip(lower_bound=0)
            case ManualRule():
                return self.manual(item, rule)
            case FixedPenaltyRule():
                hit = pl.any_horizontal(self.condition(c) for c in rule.when_any)
                points = pl.when(hit).then(-_h(rule.points)).otherwise(0)
            case _:
                raise AssertionError(rule)
        return points, None, []

    def tiers(self, item: Item, rule: TiersRule) -> tuple[pl.Expr, pl.Expr | None, list[pl.Expr]]:
        excluded = None
        checks: list[pl.Expr] = []
        if rule.metric is not None:
            value = self.metric(rule.metric)
            if rule.integer:
                value = value // 100 * 100
            num, den = value, pl.lit(100, pl.Int64)
        else:
            assert rule.numerator is not None
            numerator = self.metric(rule.numerator)
            if rule.denominator is not None:
                denominator = self.metric(rule.denominator)
            else:
                assert rule.denominator_required is not None
                denominator = pl.lit(self.required(rule.denominator_required, item) * 100, pl.Int64)
            zero = denominator == 0
            if item.missing == "exclude":
                excluded = zero
            elif item.missing != "zero":
                checks.append(zero)
            # A zero denominator under "zero" reads as a 0% rate (0 / 1).
            num = pl.when(zero).then(0).otherwise(numerator * 100)
            den = pl.when(zero).then(100).otherwise(denominator)
        points = None
        for tier in reversed(rule.tiers):
            hit = _contains(tier.range, num, den)
            points = (
                pl.when(hit).then(_h(tier.points))
                if points is None
                else pl.when(hit).then(_h(tier.points)).otherwise(points)
            )
        assert points is not None
        return points, excluded, checks

    def manual(self, item: Item, rule: ManualRule) -> tuple[pl.Expr, pl.Expr | None, list[pl.Expr]]:
        assert item.max is not None
        max_h = _h(item.max)
        points_col = self.col(f"man:{item.id}:points")
        level_col = self.col(f"man:{item.id}:level", pl.String)
        comment = self.col(f"man:{item.id}:comment", pl.String)
        absent = points_col.is_null() & level_col.is_null()
        checks = []
        if rule.levels is not None:
            # A level wins; points (the mean of several evaluators) are taken when no level.
            mapping = {level.name: _h(level.points) for level in rule.levels}
            by_level = level_col.replace_strict(mapping, default=None, return_dtype=pl.Int64)
            points = pl.when(level_col.is_not_null()).then(by_level).otherwise(points_col)
            checks.append(~absent & (points.is_null() | (points > max_h)))
        else:
            points = points_col
            checks.append(~absent & (points.is_null() | (points > max_h)))
        no_comment = comment.is_null() | (comment.str.strip_chars() == "")
        checks.append(~absent & (points < max_h) & no_comment)
        excluded = None
        if item.missing == "exclude":
            excluded = absent
        elif item.missing != "zero":
            checks.append(absent)
        return points.fill_null(0), excluded, checks


def _contains(interval: Interval, num: pl.Expr, den: pl.Expr) -> pl.Expr:
    """num/den (hundredths over hundredths × 100) inside the interval, by cross-multiplying.

    The value is num/den; a bound b compares as num × 100 ≥ b_h × den, all in integers.
    """
    low = pl.lit(_h(interval.lo), pl.Int64) * den
    scaled = num * 100
    hit = scaled >= low if interval.lo_closed else scaled > low
    if interval.hi is not None:
        high = pl.lit(_h(interval.hi), pl.Int64) * den
        hit = hit & (scaled <= high if interval.hi_closed else scaled < high)
    return hit


def _rank_tier(interval: Interval, rank: pl.Expr) -> pl.Expr:
    lo, hi = interval.integer_bounds()
    hit = rank >= lo
    return hit if hi is None else hit & (rank <= hi)


def _raise_first(frame: pl.DataFrame, flag: str, source: str, field: str, zh: str, en: str) -> None:
    bad = frame.filter(pl.col(flag)).select("subject").head(1)
    if bad.height:
        subject = bad.item()
        raise FactsError(
            [FactsIssue(source, f"对象 {subject}", f"subject {subject}", field, zh, en)]
        )


def evaluate_columnar(scheme: Scheme, facts: Facts | FactsFrames) -> ColumnarResult:
    """Score every subject at once; the same points as evaluate(), without explanations."""
    frames = facts if isinstance(facts, FactsFrames) else facts_to_frames(facts)
    period = frames.period or Period(scheme.period)
    compiler = _Compiler(scheme, frames, period)
    source = frames.source
    items = scheme.items
    frame = frames.subjects
    if "subject" not in frame.columns:
        raise FactsError(
            [
                FactsIssue(
                    source, "(表头)", "(header)", "subject", "缺少 subject 列", "no subject column"
                )
            ]
        )

    events = frames.events
    if events.height:
        events = events.with_columns(pl.coalesce("case", "id").alias("_case"))

    # Penalty tables: one event counts once per case at its highest row (就高), plus the repeat
    # surcharge per "similar" group; aggregated per subject and joined.
    for item in items:
        if not isinstance(item.rule, PenaltyRule):
            continue
        column = f"pen:{item.id}"
        compiler.penalty_columns[item.id] = column
        if not events.height:
            frame = frame.with_columns(pl.lit(0, pl.Int64).alias(column))
            continue
        row_points = None
        for row in reversed(item.rule.rows):
            hit = _selector_expr(row.selector)
            row_points = (
                pl.when(hit).then(_h(row.points))
                if row_points is None
                else pl.when(hit).then(_h(row.points)).otherwise(row_points)
            )
        matched = events.select("subject", "_case", "similar", row_points.alias("_p")).filter(
            pl.col("_p").is_not_null()
        )
        per_subject = (
            matched.group_by("subject", "_case")
            .agg(pl.col("_p").max())
            .group_by("subject")
            .agg(pl.col("_p").sum().alias(column))
        )
        if item.rule.surcharge is not None:
            surcharge = (
                matched.filter(pl.col("similar").is_not_null())
                .group_by("subject", "similar")
                .agg(pl.col("_case").n_unique().alias("_k"))
                .group_by("subject")
                .agg(((pl.col("_k") - 1) * _h(item.rule.surcharge)).sum().alias("_s"))
            )
            per_subject = per_subject.join(surcharge, on="subject", how="left").select(
                "subject", (pl.col(column) + pl.col("_s").fill_null(0)).alias(column)
            )
        frame = _attach(frame, per_subject, [column])

    # Compile every item first so the compiler learns which event counts it needs.
    compiled: dict[str, tuple[pl.Expr, pl.Expr | None, list[pl.Expr]]] = {}
    for item in items:
        if not isinstance(item.rule, RankRule):
            compiled[item.id] = compiler.item(item)
    zero_if = {
        item.id: pl.any_horizontal(compiler.condition(c) for c in item.zero_if)
        for item in items
        if item.zero_if
    }
    veto_hits = [
        pl.any_horizontal(compiler.condition(c) for c in veto.when_any) for veto in scheme.vetoes
    ]

    frame = _join_event_counts(frame, events, compiler.subject_selectors, "subject")
    frame = _join_event_counts(frame, events, compiler.branch_selectors, "branch")

    # Missing facts: apply each item's policy once, before any rule reads (as the scalar does).
    flags: list[pl.Expr] = []
    for item in items:
        missing = [compiler.col(f"m:{m}").is_null() for m in item.metrics]
        missing_any = pl.any_horizontal(missing) if missing else pl.lit(False)
        if item.missing == "error" and missing:
            frame = frame.with_columns(missing_any.alias("_bad"))
            _raise_first(
                frame,
                "_bad",
                source,
                "metrics",
                f"指标 {item.id} 需要的指标数据缺失(缺数规则为 error)",
                f"item {item.id} needs a metric that is missing (missing: error)",
            )
        if item.missing == "exclude" and missing:
            flags.append(missing_any.alias(f"_mx:{item.id}"))
        else:
            flags.append(pl.lit(False).alias(f"_mx:{item.id}"))
    frame = frame.with_columns(flags)

    point_columns = []
    for item in items:
        if item.id not in compiled:
            continue
        points, excluded, checks = compiled[item.id]
        for check in checks:
            frame = frame.with_columns(check.alias("_bad"))
            _raise_first(
                frame.filter(~pl.col(f"_mx:{item.id}")),
                "_bad",
                source,
                f"item {item.id}",
                f"指标 {item.id} 的数据无效(人工评分不符合规则、低于满分缺评语,或比率分母为0)",
                f"item {item.id}: invalid facts (manual score not allowed, no comment "
                "below the max, or a zero denominator)",
            )
        exc = pl.col(f"_mx:{item.id}")
        if excluded is not None:
            exc = exc | excluded
        if item.id in zero_if:
            points = pl.when(zero_if[item.id]).then(0).otherwise(points)
        point_columns.append(
            pl.when(exc).then(0).otherwise(points).cast(pl.Int64).alias(f"item:{item.id}")
        )
        point_columns.append(exc.alias(f"excluded:{item.id}"))
    frame = frame.with_columns(point_columns)

    # Population step: rank tiers (competition ranking, ties share the better rank).
    for item in items:
        rule = item.rule
        if not isinstance(rule, RankRule):
            continue
        exc = pl.col(f"_mx:{item.id}")
        value = pl.when(exc).then(None).otherwise(compiler.metric(rule.metric))
        if rule.group is not None:
            group = compiler.col(f"g:{rule.group}", pl.String)
            frame = frame.with_columns((group.is_null() & ~exc).alias("_bad"))
            _raise_first(
                frame,
                "_bad",
                source,
                f"groups.{rule.group}",
                f"{item.id} 按分组 {rule.group} 排名,但该对象没有这个分组",
                f"{item.id} ranks within group {rule.group}, which the subject lacks",
            )
            rank = value.rank("min", descending=rule.descending).over(group)
        else:
            rank = value.rank("min", descending=rule.descending)
        rank = rank.cast(pl.Int64)
        points = None
        for tier in reversed(rule.tiers):
            hit = _rank_tier(tier.range, rank)
            points = (
                pl.when(hit).then(_h(tier.points))
                if points is None
                else pl.when(hit).then(_h(tier.points)).otherwise(points)
            )
        assert points is not None
        if item.id in zero_if:
            points = pl.when(zero_if[item.id]).then(0).otherwise(points)
        frame = frame.with_columns(
            pl.when(exc).then(0).otherwise(points).cast(pl.Int64).alias(f"item:{item.id}"),
            exc.alias(f"excluded:{item.id}"),
        )

    # Subject totals.
    total_h = _h(scheme.total)
    base_items = [i for i in items if i.role == "base"]
    base_raw = (
        pl.sum_horizontal([pl.col(f"item:{i.id}") for i in base_items])
        if base_items
        else pl.lit(0, pl.Int64)
    )
    applicable = (
        pl.sum_horizontal(
            [
                pl.when(pl.col(f"excluded:{i.id}")).then(0).otherwise(_h(i.max or Decimal(0)))
                for i in base_items
            ]
        )
        if base_items
        else pl.lit(0, pl.Int64)
    )
    base = (
        pl.when(applicable == total_h)
        .then(base_raw)
        .when(applicable == 0)
        .then(0)
        .otherwise((2 * base_raw * total_h + applicable) // (2 * applicable))
    )
    penalty_cols = [pl.col(f"item:{i.id}") for i in items if i.role == "penalty"]
    bonus_cols = [pl.col(f"item:{i.id}") for i in items if i.role == "bonus"]
    penalty = pl.sum_horizontal(penalty_cols) if penalty_cols else pl.lit(0, pl.Int64)
    bonus = pl.sum_horizontal(bonus_cols) if bonus_cols else pl.lit(0, pl.Int64)
    if scheme.bonus_cap is not None:
        bonus = pl.min_horizontal(bonus, pl.lit(_h(scheme.bonus_cap), pl.Int64))
    frame = frame.with_columns(
        base.cast(pl.Int64).alias("base"),
        bonus.cast(pl.Int64).alias("bonus"),
        penalty.cast(pl.Int64).alias("penalty"),
    )

    # Veto.
    for index, veto in enumerate(scheme.vetoes):
        metrics = [c.metric for c in veto.when_any if c.metric is not None]
        if veto.missing != "zero" and metrics:
            frame = frame.with_columns(
                pl.any_horizontal(compiler.col(f"m:{m}").is_null() for m in metrics).alias("_bad")
            )
            _raise_first(
                frame,
                "_bad",
                source,
                "metrics",
                f"否决条件 {veto.id} 需要的指标数据缺失",
                f"veto {veto.id} needs a metric that is missing",
            )
        frame = frame.with_columns(veto_hits[index].alias(f"veto:{veto.id}"))
    veto_cols = [pl.col(f"veto:{v.id}") for v in scheme.vetoes]
    vetoed = pl.any_horizontal(veto_cols) if veto_cols else pl.lit(False)

    total = pl.col("base") + pl.col("bonus") + pl.col("penalty")
    if not scheme.allow_negative_total:
        total = total.clip(lower_bound=0)
    forced_totals = [
        pl.when(pl.col(f"veto:{v.id}")).then(_h(v.total))
        for v in scheme.vetoes
        if v.total is not None
    ]
    if forced_totals:
        total = pl.coalesce(pl.min_horizontal(forced_totals), total)
    frame = frame.with_columns(total.cast(pl.Int64).alias("total"), vetoed.alias("vetoed"))

    # Grade: the band index (0 = best); a veto's forced band wins when it is lower.
    names = [g.name for g in scheme.grades]
    index_expr = pl.lit(len(names) - 1, pl.Int64)
    for position in range(len(scheme.grades) - 2, -1, -1):
        grade = scheme.grades[position]
        assert grade.min is not None
        index_expr = pl.when(pl.col("total") >= _h(grade.min)).then(position).otherwise(index_expr)
    forced = [
        pl.when(pl.col(f"veto:{v.id}")).then(names.index(v.grade))
        for v in scheme.vetoes
        if v.grade is not None
    ]
    if forced:
        index_expr = pl.max_horizontal([index_expr, *forced])
    frame = frame.with_columns(
        index_expr.cast(pl.Int64)
        .replace_strict(dict(enumerate(names)), return_dtype=pl.String)
        .alias("grade")
    )

    # Awards: threshold, then quota within the population (see scalar.award_eligibility).
    award_columns = []
    for award in scheme.awards:
        candidate = ~pl.col("vetoed") & (pl.col("total") >= _h(award.min_total))
        candidate_total = pl.when(candidate).then(pl.col("total"))
        rank_method = "min" if award.ties == "include" else "max"
        if award.group is not None:
            group = compiler.col(f"g:{award.group}", pl.String)
            frame = frame.with_columns(group.is_null().alias("_bad"))
            _raise_first(
                frame,
                "_bad",
                source,
                f"groups.{award.group}",
                f"{award.id} 按分组 {award.group} 计名额,但该对象没有这个分组",
                f"{award.id} counts quotas within group {award.group}, which the subject lacks",
            )
            size = pl.len().over(group)
            rank = candidate_total.rank(rank_method, descending=True).over(group)
        else:
            size = pl.len()
            rank = candidate_total.rank(rank_method, descending=True)
        share = int(award.share * 100) * size.cast(pl.Int64)
        if award.rounding == "floor":
            quota = share // 10000
        elif award.rounding == "ceil":
            quota = -((-share) // 10000)
        else:
            quota = (2 * share + 10000) // 20000
        award_columns.append(
            (candidate & (rank.cast(pl.Int64) <= quota)).fill_null(False).alias(f"award:{award.id}")
        )
    if award_columns:
        frame = frame.with_columns(award_columns)

    keep = ["subject"]
    for item in items:
        keep += [f"item:{item.id}", f"excluded:{item.id}"]
    keep += ["base", "bonus", "penalty", "total", "grade", "vetoed"]
    keep += [f"veto:{v.id}" for v in scheme.vetoes] + [f"award:{a.id}" for a in scheme.awards]
    return ColumnarResult(
        scheme_id=scheme.id,
        scheme_fingerprint=scheme.fingerprint,
        facts_fingerprint=frames.fingerprint,
        frame=frame.select(keep),
        item_ids=tuple(i.id for i in items),
        award_ids=tuple(a.id for a in scheme.awards),
        veto_ids=tuple(v.id for v in scheme.vetoes),
    )


def _selector_expr(selector: Selector) -> pl.Expr:
    hit = pl.col("type").is_in(list(selector.types))
    if selector.levels is not None:
        hit = hit & pl.col("level").is_in(list(selector.levels)).fill_null(False)
    return hit


def _join_event_counts(
    frame: pl.DataFrame, events: pl.DataFrame, selectors: dict[Selector, str], key: str
) -> pl.DataFrame:
    if not selectors:
        return frame
    if not events.height:
        return frame.with_columns(pl.lit(0, pl.Int64).alias(name) for name in selectors.values())
    counts = (
        events.select(key, "type", "level")
        .filter(pl.col(key).is_not_null())
        .group_by(key)
        .agg(
            _selector_expr(selector).cast(pl.Int64).sum().alias(name)
            for selector, name in selectors.items()
        )
    )
    if key != "subject":
        counts = counts.rename({key: "subject"})
    return _attach(frame, counts, list(selectors.values()))


def _attach(frame: pl.DataFrame, per_subject: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """Add per-subject aggregates to ``frame`` (0 where a subject has none).

    Joining only the key column and stacking the result is much cheaper than joining the
    whole, wide subjects frame.
    """
    aligned = frame.select("subject").join(
        per_subject, on="subject", how="left", maintain_order="left"
    )
    return frame.hstack(aligned.select(pl.col(c).fill_null(0).cast(pl.Int64) for c in columns))
