"""Scheme files: parse and validate the YAML scheme language into typed, immutable objects.

The language is documented in docs/scheme-language.md. Every problem found is collected
and raised at once as a SchemeError naming the file, the indicator id and the field.
"""

import dataclasses
import hashlib
import itertools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import yaml

from kaohe.scoring.errors import SchemeError, SchemeIssue
from kaohe.scoring.intervals import Interval, IntervalError, coverage_problems, parse_interval
from kaohe.scoring.numbers import HUNDREDTH, ZERO, NumberFormatError, fmt, parse_number
from kaohe.scoring.periods import FREQUENCIES, PERIOD_KINDS, Period, required_count

RULE_KINDS = (
    "completion",
    "deduction",
    "tiers",
    "rank",
    "bonus",
    "penalty",
    "linked",
    "manual",
    "fixed_penalty",
)
RULE_NAMES_ZH = {
    "completion": "完成计分",
    "deduction": "逐项扣分",
    "tiers": "分档计分",
    "rank": "排名计分",
    "bonus": "加分",
    "penalty": "处分扣分表",
    "linked": "连带扣分",
    "manual": "人工评定",
    "fixed_penalty": "罚减总分",
}
# base items make up the total; bonus items add (capped); penalty items subtract (uncapped).
ROLES = {"bonus": "bonus", "penalty": "penalty", "fixed_penalty": "penalty"}
MISSING_POLICIES = ("error", "zero", "exclude")
OPERATORS = ("<", "<=", "==", "!=", ">=", ">")
SUBJECT_KINDS = ("branch", "member")


@dataclass(frozen=True)
class Selector:
    """Which events a rule counts: by type, optionally narrowed to levels."""

    types: tuple[str, ...]
    levels: tuple[str, ...] | None = None

    def matches(self, event_type: str, level: str | None) -> bool:
        if event_type not in self.types:
            return False
        return self.levels is None or level in self.levels

    def overlaps(self, other: "Selector") -> bool:
        if not set(self.types) & set(other.types):
            return False
        if self.levels is None or other.levels is None:
            return True
        return bool(set(self.levels) & set(other.levels))

    def __str__(self) -> str:
        types = "/".join(self.types)
        return types if self.levels is None else f"{types}[{'/'.join(self.levels)}]"


@dataclass(frozen=True)
class Required:
    """A required count: fixed, or derived from a frequency and the period."""

    count: int | None = None
    frequency: str | None = None
    times: int = 1
    per_period: tuple[tuple[str, int], ...] | None = None

    def resolve(self, period: Period) -> int | None:
        if self.count is not None:
            return self.count
        if self.per_period is not None:
            return dict(self.per_period).get(period.kind)
        assert self.frequency is not None
        return required_count(self.frequency, self.times, period)

    def describe(self) -> str:
        if self.count is not None:
            return str(self.count)
        if self.per_period is not None:
            return ", ".join(f"{kind}: {count}" for kind, count in self.per_period)
        return f"{self.frequency} × {self.times}"


@dataclass(frozen=True)
class Condition:
    """``metric op value`` or ``count of matching events op value``."""

    op: str
    value: Decimal
    label: str
    metric: str | None = None
    events: Selector | None = None

    def test(self, actual: Decimal | int) -> bool:
        return _compare(actual, self.op, self.value)


def _compare(actual: Decimal | int, op: str, value: Decimal) -> bool:
    match op:
        case "<":
            return actual < value
        case "<=":
            return actual <= value
        case "==":
            return actual == value
        case "!=":
            return actual != value
        case ">=":
            return actual >= value
        case _:
            return actual > value


@dataclass(frozen=True)
class Clause:
    """One stacked clause of a deduction or bonus: units × points, optionally capped.

    ``source`` says where the units come from: ``count`` (a metric counted in whole units),
    ``shortfall`` (required − actual, never below 0), ``events`` (matching events) or
    ``when`` (1 if a condition holds).
    """

    id: str
    label: str
    unit: str
    verb: str
    source: str
    points: Decimal
    metric: str | None = None
    required: Required | None = None
    events: Selector | None = None
    when: Condition | None = None
    cap: Decimal | None = None


@dataclass(frozen=True)
class Tier:
    range: Interval
    points: Decimal


@dataclass(frozen=True, kw_only=True)
class CompletionRule:
    kind: str = "completion"
    missing: str | None = None
    condition: Condition
    otherwise: Decimal = ZERO


@dataclass(frozen=True, kw_only=True)
class DeductionRule:
    kind: str = "deduction"
    missing: str | None = None
    clauses: tuple[Clause, ...]


@dataclass(frozen=True, kw_only=True)
class TiersRule:
    """Points from the tier containing a value, or a rate in percent (100 × num / den)."""

    kind: str = "tiers"
    missing: str | None = None
    label: str
    unit: str
    metric: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    denominator_required: Required | None = None
    integer: bool = False
    tiers: tuple[Tier, ...]

    @property
    def is_rate(self) -> bool:
        return self.numerator is not None


@dataclass(frozen=True, kw_only=True)
class RankRule:
    kind: str = "rank"
    missing: str | None = None
    label: str
    metric: str
    descending: bool = True
    group: str | None = None
    tiers: tuple[Tier, ...]


@dataclass(frozen=True, kw_only=True)
class BonusRule:
    kind: str = "bonus"
    missing: str | None = None
    clauses: tuple[Clause, ...]


@dataclass(frozen=True)
class PenaltyRow:
    selector: Selector
    points: Decimal
    label: str


@dataclass(frozen=True, kw_only=True)
class PenaltyRule:
    """Uncapped deductions per case: each case counts once at its highest row (就高)."""

    kind: str = "penalty"
    missing: str | None = None
    rows: tuple[PenaltyRow, ...]
    surcharge: Decimal | None = None
    cap: Decimal | None = None


@dataclass(frozen=True, kw_only=True)
class LinkedRule:
    """One member event deducts ``branch`` points from the branch and ``member`` from the member."""

    kind: str = "linked"
    missing: str | None = None
    events: Selector
    branch: Decimal
    member: Decimal
    label: str
    unit: str


@dataclass(frozen=True)
class Level:
    name: str
    share: Decimal
    points: Decimal


@dataclass(frozen=True, kw_only=True)
class ManualRule:
    kind: str = "manual"
    missing: str | None = None
    levels: tuple[Level, ...] | None = None  # None: the evaluator gives points directly

    def level(self, name: str) -> Level | None:
        return next((level for level in self.levels or () if level.name == name), None)


@dataclass(frozen=True, kw_only=True)
class FixedPenaltyRule:
    kind: str = "fixed_penalty"
    missing: str | None = None
    points: Decimal
    when_any: tuple[Condition, ...]


Rule = (
    CompletionRule
    | DeductionRule
    | TiersRule
    | RankRule
    | BonusRule
    | PenaltyRule
    | LinkedRule
    | ManualRule
    | FixedPenaltyRule
)


@dataclass(frozen=True)
class Item:
    id: str
    name: str
    category: str
    role: str  # base | bonus | penalty
    max: Decimal | None
    rule: Rule
    zero_if: tuple[Condition, ...]
    note: str
    metrics: tuple[str, ...]  # what the item reads, derived from the rule
    event_types: tuple[str, ...]
    reads_manual: bool

    @property
    def missing(self) -> str | None:
        return self.rule.missing


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    points: Decimal | None
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Grade:
    name: str
    min: Decimal | None  # None: everything below the band above


@dataclass(frozen=True)
class Award:
    """Threshold plus quota: total ≥ min_total and ranked within quota = round(share% × N)."""

    id: str
    name: str
    min_total: Decimal
    share: Decimal  # percent
    group: str | None
    rounding: str  # floor | ceil | half_up
    ties: str  # include | exclude

    def quota(self, population: int) -> int:
        hundredths = int(self.share * 100) * population  # share% × N, in units of 1/10000
        if self.rounding == "floor":
            return hundredths // 10000
        if self.rounding == "ceil":
            return -(-hundredths // 10000)
        return (2 * hundredths + 10000) // 20000


@dataclass(frozen=True)
class Veto:
    id: str
    name: str
    when_any: tuple[Condition, ...]
    total: Decimal | None
    grade: str | None
    missing: str | None


@dataclass(frozen=True)
class Rollup:
    periods: str  # mean | sum
    weights: tuple[tuple[str, Decimal], ...]


@dataclass(frozen=True)
class Scheme:
    id: str
    title: str
    title_en: str
    version: str
    subject: str  # branch | member
    period: str  # default period kind when the facts name none
    total: Decimal
    bonus_cap: Decimal | None
    allow_negative_total: bool
    grades: tuple[Grade, ...]
    awards: tuple[Award, ...]
    vetoes: tuple[Veto, ...]
    rollup: Rollup | None
    categories: tuple[Category, ...]
    module: bool = False  # a 加减分 module: bonus/penalty items and vetoes only, total 0
    modules: tuple[str, ...] = ()  # ids of the modules merged into this scheme
    source: str = dataclasses.field(default="<text>", compare=False)
    fingerprint: str = dataclasses.field(default="", compare=False)

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for category in self.categories for item in category.items)

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    @property
    def lowest_grade(self) -> str:
        return self.grades[-1].name

    def grade_for(self, total: Decimal) -> str:
        for grade in self.grades:
            if grade.min is None or total >= grade.min:
                return grade.name
        return self.grades[-1].name


def canonical(scheme: Scheme) -> str:
    """The canonical JSON text of a parsed scheme; its sha256 is the scheme fingerprint."""
    data = dataclasses.asdict(scheme)
    data.pop("source")
    data.pop("fingerprint")
    # Fields added after the first release stay out of the text when at their defaults, so
    # existing schemes keep their fingerprints.
    if not data["module"]:
        data.pop("module")
    if not data["modules"]:
        data.pop("modules")
    return json.dumps(data, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))


# ---------------------------------------------------------------------------------------------
# Parsing


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.issues: list[SchemeIssue] = []

    def error(self, indicator: str | None, field: str, zh: str, en: str) -> None:
        self.issues.append(SchemeIssue(self.source, indicator, field, zh, en))

    def keys(
        self, data: Mapping[str, Any], allowed: set[str], indicator: str | None, path: str
    ) -> None:
        for key in data:
            if key not in allowed:
                field = f"{path}.{key}" if path else str(key)
                self.error(
                    indicator,
                    field,
                    f"未知字段(可用: {', '.join(sorted(allowed))})",
                    f"unknown field (allowed: {', '.join(sorted(allowed))})",
                )

    def mapping(self, value: Any, indicator: str | None, field: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.error(
                indicator,
                field,
                f"应为映射(键: 值),实为 {value!r}",
                f"expected a mapping, got {value!r}",
            )
            return None
        return value

    def required(self, data: Mapping[str, Any], key: str, indicator: str | None, path: str) -> Any:
        if key not in data or data[key] is None:
            self.error(indicator, _join(path, key), "缺少必填字段", "required field is missing")
            return None
        return data[key]

    def text(
        self, data: Mapping[str, Any], key: str, indicator: str | None, path: str, default: str = ""
    ) -> str:
        value = data.get(key, default)
        if value is None:
            return default
        if not isinstance(value, str | int):
            self.error(indicator, _join(path, key), "应为文本", "expected text")
            return default
        return str(value)

    def number(
        self,
        value: Any,
        indicator: str | None,
        field: str,
        *,
        positive: bool = False,
        non_negative: bool = True,
    ) -> Decimal | None:
        try:
            number = parse_number(value)
        except NumberFormatError as exc:
            self.error(indicator, field, exc.zh, exc.en)
            return None
        if positive and number <= 0:
            self.error(indicator, field, f"应大于 0,实为 {fmt(number)}", "must be greater than 0")
            return None
        if non_negative and number < 0:
            self.error(indicator, field, f"不能为负数,实为 {fmt(number)}", "must not be negative")
            return None
        return number

    def integer(
        self, value: Any, indicator: str | None, field: str, *, minimum: int = 0
    ) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.error(
                indicator,
                field,
                f"应为不小于 {minimum} 的整数,实为 {value!r}",
                f"expected a whole number ≥ {minimum}, got {value!r}",
            )
            return None
        return value

    def choice(
        self,
        data: Mapping[str, Any],
        key: str,
        choices: tuple[str, ...],
        indicator: str | None,
        path: str,
        default: str | None = None,
    ) -> str | None:
        value = data.get(key, default)
        if value is None:
            return None
        if value not in choices:
            self.error(
                indicator,
                _join(path, key),
                f"取值 {value!r} 无效,可选: {', '.join(choices)}",
                f"invalid value {value!r}; choose one of: {', '.join(choices)}",
            )
            return None
        return value

    # -- building blocks -----------------------------------------------------------------------

    def name(self, value: Any, indicator: str | None, field: str) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.error(
                indicator, field, f"应为非空名称,实为 {value!r}", f"expected a name, got {value!r}"
            )
            return None
        return value.strip()

    def selector(self, value: Any, indicator: str | None, field: str) -> Selector | None:
        if isinstance(value, str):
            return Selector((value,))
        if isinstance(value, list):
            types = [self.name(v, indicator, field) for v in value]
            if not types or None in types:
                if not types:
                    self.error(indicator, field, "事件类型列表为空", "empty list of event types")
                return None
            return Selector(tuple(t for t in types if t))
        data = self.mapping(value, indicator, field)
        if data is None:
            return None
        self.keys(data, {"type", "level"}, indicator, field)
        raw_type = self.required(data, "type", indicator, field)
        if raw_type is None:
            return None
        base = self.selector(raw_type, indicator, _join(field, "type"))
        if base is None:
            return None
        levels = data.get("level")
        if levels is None:
            return base
        level_list = levels if isinstance(levels, list) else [levels]
        names = [self.name(v, indicator, _join(field, "level")) for v in level_list]
        if not names or None in names:
            return None
        return Selector(base.types, tuple(n for n in names if n))

    def required_count(self, value: Any, indicator: str | None, field: str) -> Required | None:
        if isinstance(value, int) and not isinstance(value, bool):
            count = self.integer(value, indicator, field)
            return None if count is None else Required(count=count)
        data = self.mapping(value, indicator, field)
        if data is None:
            return None
        self.keys(data, {"frequency", "times", "per_period"}, indicator, field)
        if "per_period" in data:
            table = self.mapping(data["per_period"], indicator, _join(field, "per_period"))
            if table is None:
                return None
            pairs = []
            for kind, count in table.items():
                if kind not in PERIOD_KINDS:
                    self.error(
                        indicator,
                        _join(field, f"per_period.{kind}"),
                        f"未知期间 {kind!r},可选: {', '.join(PERIOD_KINDS)}",
                        f"unknown period {kind!r}; choose one of: {', '.join(PERIOD_KINDS)}",
                    )
                    continue
                number = self.integer(count, indicator, _join(field, f"per_period.{kind}"))
                if number is not None:
                    pairs.append((kind, number))
            return Required(per_period=tuple(sorted(pairs, key=lambda p: PERIOD_KINDS.index(p[0]))))
        frequency = self.choice(data, "frequency", FREQUENCIES, indicator, field)
        if frequency is None:
            if "frequency" not in data:
                self.required(data, "frequency", indicator, field)
            return None
        times = self.integer(data.get("times", 1), indicator, _join(field, "times"), minimum=1)
        return None if times is None else Required(frequency=frequency, times=times)

    def condition(self, value: Any, indicator: str | None, field: str) -> Condition | None:
        data = self.mapping(value, indicator, field)
        if data is None:
            return None
        self.keys(data, {"metric", "events", "op", "value", "label"}, indicator, field)
        if ("metric" in data) == ("events" in data):
            self.error(
                indicator,
                field,
                "条件须且只能写 metric 或 events 之一",
                "a condition needs exactly one of metric or events",
            )
            return None
        op = self.choice(data, "op", OPERATORS, indicator, field, default=">=")
        value_number = self.number(data.get("value", 1), indicator, _join(field, "value"))
        if op is None or value_number is None:
            return None
        if "metric" in data:
            metric = self.name(data["metric"], indicator, _join(field, "metric"))
            if metric is None:
                return None
            label = self.text(data, "label", indicator, field, default=metric)
            return Condition(op=op, value=value_number, label=label, metric=metric)
        selector = self.selector(data["events"], indicator, _join(field, "events"))
        if selector is None:
            return None
        label = self.text(data, "label", indicator, field, default=str(selector))
        return Condition(op=op, value=value_number, label=label, events=selector)

    def conditions(self, value: Any, indicator: str | None, field: str) -> tuple[Condition, ...]:
        if not isinstance(value, list) or not value:
            self.error(
                indicator, field, "应为非空的条件列表", "expected a non-empty list of conditions"
            )
            return ()
        found = [self.condition(v, indicator, f"{field}[{i}]") for i, v in enumerate(value)]
        return tuple(c for c in found if c is not None)

    def clause(
        self, value: Any, index: int, indicator: str, field: str, *, bonus: bool
    ) -> Clause | None:
        data = self.mapping(value, indicator, field)
        if data is None:
            return None
        allowed = {"id", "label", "unit", "verb", "points", "cap", "count", "shortfall", "required"}
        allowed |= {"events", "when"}
        self.keys(data, allowed, indicator, field)
        sources = [key for key in ("count", "shortfall", "events", "when") if key in data]
        if len(sources) != 1:
            self.error(
                indicator,
                field,
                "每条须且只能写 count、shortfall、events、when 之一",
                "each clause needs exactly one of count, shortfall, events, when",
            )
            return None
        source = sources[0]
        points = self.required(data, "points", indicator, field)
        points = (
            None
            if points is None
            else self.number(points, indicator, _join(field, "points"), positive=True)
        )
        cap = data.get("cap")
        cap = (
            None if cap is None else self.number(cap, indicator, _join(field, "cap"), positive=True)
        )
        if "required" in data and source != "shortfall":
            self.error(
                indicator,
                _join(field, "required"),
                "只有 shortfall 条款需要 required",
                "only a shortfall clause takes required",
            )
        metric = required = selector = when = None
        default_label = ""
        if source in ("count", "shortfall"):
            metric = self.name(data[source], indicator, _join(field, source))
            default_label = metric or ""
            if source == "shortfall":
                raw = self.required(data, "required", indicator, field)
                required = (
                    None
                    if raw is None
                    else self.required_count(raw, indicator, _join(field, "required"))
                )
                if required is None:
                    return None
        elif source == "events":
            selector = self.selector(data["events"], indicator, _join(field, "events"))
            default_label = str(selector) if selector else ""
        else:
            when = self.condition(data["when"], indicator, _join(field, "when"))
            default_label = when.label if when else ""
        if (
            points is None
            or (source != "when" and metric is None and selector is None)
            or (source == "when" and when is None)
        ):
            return None
        return Clause(
            id=self.text(data, "id", indicator, field, default=str(index + 1)),
            label=self.text(data, "label", indicator, field, default=default_label),
            unit=self.text(data, "unit", indicator, field, default="次" if not bonus else "条"),
            verb=self.text(data, "verb", indicator, field, default="有"),
            source=source,
            points=points,
            metric=metric,
            required=required,
            events=selector,
            when=when,
            cap=cap,
        )

    def tiers(
        self,
        value: Any,
        indicator: str,
        field: str,
        key: str,
        *,
        integer: bool,
        start: int,
        max_points: Decimal | None,
    ) -> tuple[Tier, ...]:
        if not isinstance(value, list) or not value:
            self.error(indicator, field, "应为非空的分档列表", "expected a non-empty list of tiers")
            return ()
        tiers = []
        ok = True
        for i, raw in enumerate(value):
            path = f"{field}[{i}]"
            data = self.mapping(raw, indicator, path)
            if data is None:
                ok = False
                continue
            self.keys(data, {key, "points"}, indicator, path)
            raw_range = self.required(data, key, indicator, path)
            raw_points = self.required(data, "points", indicator, path)
            if raw_range is None or raw_points is None:
                ok = False
                continue
            try:
                interval = parse_interval(raw_range)
            except IntervalError as exc:
                self.error(indicator, _join(path, key), exc.zh, exc.en)
                ok = False
                continue
            points = self.number(raw_points, indicator, _join(path, "points"))
            if points is None:
                ok = False
                continue
            if max_points is not None and points > max_points:
                self.error(
                    indicator,
                    _join(path, "points"),
                    f"分值 {fmt(points)} 超过本项满分 {fmt(max_points)}",
                    f"points {fmt(points)} exceed the item's max {fmt(max_points)}",
                )
            tiers.append(Tier(interval, points))
        if ok:
            for zh, en in coverage_problems([t.range for t in tiers], start=start, integer=integer):
                self.error(indicator, field, zh, en)
        if integer:
            # Normalise to closed integer ranges so [1, 5] and "[1, 6)" fingerprint alike.
            normal = []
            for tier in tiers:
                lo, hi = tier.range.integer_bounds()
                normal.append(
                    Tier(
                        Interval(
                            Decimal(lo), True, None if hi is None else Decimal(hi), hi is not None
                        ),
                        tier.points,
                    )
                )
            tiers = normal
        return tuple(sorted(tiers, key=lambda t: (t.range.lo, not t.range.lo_closed)))

    # -- rules ---------------------------------------------------------------------------------

    def rule(self, value: Any, item_id: str, max_points: Decimal | None) -> Rule | None:
        data = self.mapping(value, item_id, "rule")
        if data is None:
            return None
        kind = data.get("kind")
        if kind is None:
            self.error(item_id, "rule.kind", "缺少必填字段", "required field is missing")
            return None
        if kind not in RULE_KINDS:
            self.error(
                item_id,
                "rule.kind",
                f"未知规则类型 {kind!r},可用: {', '.join(RULE_KINDS)}",
                f"unknown rule kind {kind!r}; known kinds: {', '.join(RULE_KINDS)}",
            )
            return None
        missing = self.choice(data, "missing", MISSING_POLICIES, item_id, "rule")
        return getattr(self, f"rule_{kind}")(data, item_id, max_points, missing)

    def rule_completion(self, data, item_id, max_points, missing) -> Rule | None:
        self.keys(
            data,
            {"kind", "missing", "metric", "events", "op", "value", "label", "otherwise"},
            item_id,
            "rule",
        )
        condition = self.condition(
            {k: data[k] for k in ("metric", "events", "op", "value", "label") if k in data},
            item_id,
            "rule",
        )
        otherwise = self.number(data.get("otherwise", 0), item_id, "rule.otherwise")
        if otherwise is not None and max_points is not None and otherwise > max_points:
            self.error(
                item_id,
                "rule.otherwise",
                "未完成时的分值超过满分",
                "the not-done points exceed the max",
            )
        if condition is None or otherwise is None:
            return None
        return CompletionRule(missing=missing, condition=condition, otherwise=otherwise)

    def _clauses(self, data, item_id, *, bonus: bool) -> tuple[Clause, ...] | None:
        raw = self.required(data, "clauses", item_id, "rule")
        if raw is None:
            return None
        if not isinstance(raw, list) or not raw:
            self.error(
                item_id,
                "rule.clauses",
                "应为非空的条款列表",
                "expected a non-empty list of clauses",
            )
            return None
        clauses = [
            self.clause(c, i, item_id, f"rule.clauses[{i}]", bonus=bonus) for i, c in enumerate(raw)
        ]
        if None in clauses:
            return None
        found = tuple(c for c in clauses if c is not None)
        ids = [c.id for c in found]
        for dup in sorted({i for i in ids if ids.count(i) > 1}):
            self.error(
                item_id, "rule.clauses", f"条款编号 {dup} 重复", f"duplicate clause id {dup}"
            )
        event_clauses = [c for c in found if c.events is not None]
        for i, a in enumerate(event_clauses):
            for b in event_clauses[i + 1 :]:
                if a.events is not None and b.events is not None and a.events.overlaps(b.events):
                    self.error(
                        item_id,
                        "rule.clauses",
                        f"事件条款 {a.events} 与 {b.events} 重叠,同一事件会被重复计分",
                        f"event clauses {a.events} and {b.events} overlap; "
                        "one event would count twice",
                    )
        return found

    def rule_deduction(self, data, item_id, max_points, missing) -> Rule | None:
        self.keys(data, {"kind", "missing", "clauses"}, item_id, "rule")
        clauses = self._clauses(data, item_id, bonus=False)
        return None if clauses is None else DeductionRule(missing=missing, clauses=clauses)

    def rule_bonus(self, data, item_id, max_points, missing) -> Rule | None:
        self.keys(data, {"kind", "missing", "clauses"}, item_id, "rule")
        clauses = self._clauses(data, item_id, bonus=True)
        return None if clauses is None else BonusRule(missing=missing, clauses=clauses)

    def rule_tiers(self, data, item_id, max_points, missing) -> Rule | None:
        self.keys(
            data,
            {"kind", "missing", "metric", "rate", "domain", "tiers", "label", "unit"},
            item_id,
            "rule",
        )
        domain = self.choice(data, "domain", ("real", "integer"), item_id, "rule", default="real")
        metric = numerator = denominator = None
        denominator_required = None
        if ("metric" in data) == ("rate" in data):
            self.error(
                item_id,
                "rule",
                "须且只能写 metric 或 rate 之一",
                "needs exactly one of metric or rate",
            )
            return None
        if "metric" in data:
            metric = self.name(data["metric"], item_id, "rule.metric")
            label = self.text(data, "label", item_id, "rule", default=metric or "")
        else:
            rate = self.mapping(data["rate"], item_id, "rule.rate")
            if rate is None:
                return None
            self.keys(rate, {"numerator", "denominator"}, item_id, "rule.rate")
            raw_num = self.required(rate, "numerator", item_id, "rule.rate")
            raw_den = self.required(rate, "denominator", item_id, "rule.rate")
            if raw_num is None or raw_den is None:
                return None
            numerator = self.name(raw_num, item_id, "rule.rate.numerator")
            if isinstance(raw_den, str):
                denominator = self.name(raw_den, item_id, "rule.rate.denominator")
            else:
                denominator_required = self.required_count(
                    raw_den, item_id, "rule.rate.denominator"
                )
                if denominator_required is None:
                    return None
            if domain == "integer":
                self.error(
                    item_id, "rule.domain", "比率只能用 real 区间", "a rate uses real ranges"
                )
            label = self.text(data, "label", item_id, "rule", default=numerator or "")
            if numerator is None:
                return None
        tiers = self.tiers(
            self.required(data, "tiers", item_id, "rule"),
            item_id,
            "rule.tiers",
            "range",
            integer=domain == "integer",
            start=0,
            max_points=max_points,
        )
        if not tiers or domain is None or (metric is None and numerator is None):
            return None
        return TiersRule(
            missing=missing,
            label=label,
            unit=self.text(data, "unit", item_id, "rule", default="%" if numerator else ""),
            metric=metric,
            numerator=numerator,
            denominator=denominator,
            denominator_required=denominator_required,
            integer=domain == "integer",
            tiers=tiers,
        )

    def rule_rank(self, data, item_id, max_points, missing) -> Rule | None:
        self.keys(
            data, {"kind", "missing", "metric", "order", "group", "tiers", "label"}, item_id, "rule"
        )
        metric = self.required(data, "metric", item_id, "rule")
        metric = None if metric is None else self.name(metric, item_id, "rule.metric")
        order = self.choice(data, "order", ("desc", "asc"), item_id, "rule", default="desc")
        group = data.get("group")
        if group is not None:
            group = self.name(group, item_id, "rule.group")
        tiers = self.tiers(
            self.required(data, "tiers", item_id, "rule"),
            item_id,
            "rule.tiers",
            "ranks",
            integer=True,
            start=1,
            max_points=max_points,
        )
        if metric is None or order is None or not tiers:
            return None
        return RankRule(
            missing=missing,
            label=self.text(data, "label", item_id, "rule", default=metric),
            metric=metric,
            descending=order == "desc",
            group=group,
            tiers=tiers,
        )

    def rule_penalty(self, data, item_id, max_points, missing) -> Rule | None:
        self.keys(data, {"kind", "missing", "table", "surcharge", "cap"}, item_id, "rule")
        raw = self.required(data, "table", item_id, "rule")
        if raw is None:
            return None
        if not isinstance(raw, list) or not raw:
            self.error(
                item_id, "rule.table", "应为非空的扣分表", "expected a non-empty penalty table"
            )
            return None
        rows = []
        for i, entry in enumerate(raw):
            path = f"rule.table[{i}]"
            row = self.mapping(entry, item_id, path)
            if row is None:
                continue
            self.keys(row, {"type", "level", "points", "label"}, item_id, path)
            raw_type, raw_points = (
                self.required(row, "type", item_id, path),
                self.required(row, "points", item_id, path),
            )
            if raw_type is None or raw_points is None:
                continue
            selector = self.selector(
                {k: row[k] for k in ("type", "level") if k in row}, item_id, path
            )
            points = self.number(raw_points, item_id, _join(path, "points"), positive=True)
            if selector is None or points is None:
                continue
            rows.append(
                PenaltyRow(
                    selector, points, self.text(row, "label", item_id, path, default=str(selector))
                )
            )
        for i, a in enumerate(rows):
            for b in rows[i + 1 :]:
                if a.selector.overlaps(b.selector):
                    self.error(
                        item_id,
                        "rule.table",
                        f"扣分表中 {a.selector} 与 {b.selector} 重叠",
                        f"table rows {a.selector} and {b.selector} overlap",
                    )
        surcharge = data.get("surcharge")
        surcharge = (
            None
            if surcharge is None
            else self.number(surcharge, item_id, "rule.surcharge", positive=True)
        )
        cap = data.get("cap")
        cap = None if cap is None else self.number(cap, item_id, "rule.cap", positive=True)
        if len(rows) != len(raw):
            return None
        return PenaltyRule(missing=missing, rows=tuple(rows), surcharge=surcharge, cap=cap)

    def rule_linked(self, data, item_id, max_points, missing) -> Rule | None:
        self.keys(
            data,
            {"kind", "missing", "events", "branch", "member", "label", "unit"},
            item_id,
            "rule",
        )
        raw = self.required(data, "events", item_id, "rule")
        selector = None if raw is None else self.selector(raw, item_id, "rule.events")
        branch = self.required(data, "branch", item_id, "rule")
        member = self.required(data, "member", item_id, "rule")
        branch = None if branch is None else self.number(branch, item_id, "rule.branch")
        member = None if member is None else self.number(member, item_id, "rule.member")
        if selector is None or branch is None or member is None:
            return None
        return LinkedRule(
            missing=missing,
            events=selector,
            branch=branch,
            member=member,
            label=self.text(data, "label", item_id, "rule", default=str(selector)),
            unit=self.text(data, "unit", item_id, "rule", default="人次"),
        )

    def rule_manual(self, data, item_id, max_points, missing) -> Rule | None:
        self.keys(data, {"kind", "missing", "levels"}, item_id, "rule")
        if "levels" not in data:
            return ManualRule(missing=missing)
        table = self.mapping(data["levels"], item_id, "rule.levels")
        if table is None or not table:
            if table is not None:
                self.error(item_id, "rule.levels", "等次表为空", "the level table is empty")
            return None
        levels = []
        for name, share in table.items():
            path = f"rule.levels.{name}"
            number = self.number(share, item_id, path)
            if number is None:
                continue
            if number > 1:
                self.error(
                    item_id, path, "比例应在 0 到 1 之间", "the share must be between 0 and 1"
                )
                continue
            # Shares turn into points once, here, rounded half up to hundredths, so both
            # evaluators read the same exact number.
            points = ((max_points or ZERO) * number).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
            levels.append(Level(str(name), number, points))
        if len(levels) != len(table):
            return None
        return ManualRule(missing=missing, levels=tuple(levels))

    def rule_fixed_penalty(self, data, item_id, max_points, missing) -> Rule | None:
        self.keys(data, {"kind", "missing", "points", "when_any"}, item_id, "rule")
        raw_points = self.required(data, "points", item_id, "rule")
        points = (
            None
            if raw_points is None
            else self.number(raw_points, item_id, "rule.points", positive=True)
        )
        raw_when = self.required(data, "when_any", item_id, "rule")
        when_any = () if raw_when is None else self.conditions(raw_when, item_id, "rule.when_any")
        if points is None or not when_any:
            return None
        return FixedPenaltyRule(missing=missing, points=points, when_any=when_any)

    # -- items, categories, scheme ------------------------------------------------------------

    def item(
        self, value: Any, category: str, field: str, scheme_has_bonus_cap: bool
    ) -> Item | None:
        data = self.mapping(value, None, field)
        if data is None:
            return None
        item_id = data.get("id")
        if (
            not isinstance(item_id, str | int)
            or isinstance(item_id, bool)
            or not str(item_id).strip()
        ):
            self.error(None, f"{field}.id", "缺少指标编号", "the indicator id is missing")
            return None
        item_id = str(item_id).strip()
        self.keys(data, {"id", "name", "max", "rule", "zero_if", "note"}, item_id, "")
        name = self.required(data, "name", item_id, "")
        name = None if name is None else self.name(name, item_id, "name")
        raw_rule = self.required(data, "rule", item_id, "")
        kind = raw_rule.get("kind") if isinstance(raw_rule, dict) else None
        role = ROLES.get(kind, "base") if isinstance(kind, str) else "base"
        max_points = None
        if "max" in data and data["max"] is not None:
            max_points = self.number(data["max"], item_id, "max", positive=True)
            if role == "penalty":
                self.error(
                    item_id,
                    "max",
                    "扣分项不设满分(上不封顶;如需封顶请写 rule.cap)",
                    "a penalty item has no max (uncapped; use rule.cap to cap it)",
                )
        elif role == "base":
            self.required(data, "max", item_id, "")
        elif role == "bonus" and scheme_has_bonus_cap:
            self.error(
                item_id,
                "max",
                "方案设有加分上限,加分项也须写本项上限 max",
                "the scheme caps bonuses, so a bonus item needs its own cap (max)",
            )
        rule = None if raw_rule is None else self.rule(raw_rule, item_id, max_points)
        zero_if: tuple[Condition, ...] = ()
        if "zero_if" in data:
            if role != "base":
                self.error(
                    item_id,
                    "zero_if",
                    "只有计分项可以写不得分条件",
                    "only scored items take zero_if",
                )
            zero_if = self.conditions(data["zero_if"], item_id, "zero_if")
        if rule is None or name is None:
            return None
        metrics, event_types, manual = _reads(rule, zero_if)
        if rule.missing is None and (metrics or manual):
            self.error(
                item_id,
                "rule.missing",
                "本项读取指标数据,须写明缺数时的处理: error(报错)、zero(按0计)、exclude(不计入)",
                "the item reads metrics, so say what a missing value means: error, zero or exclude",
            )
        note = self.text(data, "note", item_id, "")
        return Item(
            id=item_id,
            name=name,
            category=category,
            role=role,
            max=max_points,
            rule=rule,
            zero_if=zero_if,
            note=note,
            metrics=metrics,
            event_types=event_types,
            reads_manual=manual,
        )

    def grades(self, value: Any) -> tuple[Grade, ...]:
        if value is None:
            return (
                Grade("优秀", Decimal(90)),
                Grade("良好", Decimal(80)),
                Grade("一般", Decimal(60)),
                Grade("较差", None),
            )
        if not isinstance(value, list) or not value:
            self.error(
                None, "grades", "应为非空的等次列表", "expected a non-empty list of grade bands"
            )
            return ()
        grades = []
        for i, raw in enumerate(value):
            data = self.mapping(raw, None, f"grades[{i}]")
            if data is None:
                continue
            self.keys(data, {"name", "min"}, None, f"grades[{i}]")
            name = self.name(data.get("name"), None, f"grades[{i}].name")
            minimum = data.get("min")
            number = (
                None
                if minimum is None
                else self.number(minimum, None, f"grades[{i}].min", non_negative=False)
            )
            if name is not None and (minimum is None or number is not None):
                grades.append(Grade(name, number))
        if grades:
            if grades[-1].min is not None:
                self.error(
                    None,
                    f"grades[{len(grades) - 1}].min",
                    "最低一档不写 min(兜底所有更低分数)",
                    "the lowest band has no min (it catches every lower total)",
                )
            for i, grade in enumerate(grades[:-1]):
                if grade.min is None:
                    self.error(
                        None,
                        f"grades[{i}].min",
                        "只有最低一档可以不写 min",
                        "only the lowest band may omit min",
                    )
            mins = [g.min for g in grades[:-1] if g.min is not None]
            if any(a <= b for a, b in itertools.pairwise(mins)):
                self.error(
                    None,
                    "grades",
                    "等次下限须从高到低严格递减",
                    "band minimums must strictly decrease",
                )
            names = [g.name for g in grades]
            if len(set(names)) != len(names):
                self.error(None, "grades", "等次名称重复", "duplicate band names")
        return tuple(grades)

    def awards(self, value: Any) -> tuple[Award, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.error(None, "awards", "应为列表", "expected a list")
            return ()
        awards = []
        for i, raw in enumerate(value):
            path = f"awards[{i}]"
            data = self.mapping(raw, None, path)
            if data is None:
                continue
            self.keys(
                data, {"id", "name", "min_total", "quota", "group", "rounding", "ties"}, None, path
            )
            award_id = self.name(self.required(data, "id", None, path), None, f"{path}.id")
            name = self.name(self.required(data, "name", None, path), None, f"{path}.name")
            raw_min = self.required(data, "min_total", None, path)
            minimum = (
                None
                if raw_min is None
                else self.number(raw_min, None, f"{path}.min_total", non_negative=False)
            )
            raw_quota = self.required(data, "quota", None, path)
            share = None
            if raw_quota is not None:
                text = str(raw_quota).strip()
                share = self.number(
                    text[:-1] if text.endswith("%") else raw_quota,
                    None,
                    f"{path}.quota",
                    positive=True,
                )
                if share is not None and share > 100:
                    self.error(
                        None,
                        f"{path}.quota",
                        "名额比例不能超过 100%",
                        "the quota cannot exceed 100%",
                    )
                    share = None
            group = data.get("group")
            group = None if group is None else self.name(group, None, f"{path}.group")
            rounding = self.choice(
                data, "rounding", ("floor", "ceil", "half_up"), None, path, default="floor"
            )
            ties = self.choice(data, "ties", ("include", "exclude"), None, path, default="include")
            if None in (award_id, name, minimum, share, rounding, ties):
                continue
            awards.append(Award(award_id, name, minimum, share, group, rounding, ties))  # type: ignore[arg-type]
        ids = [a.id for a in awards]
        for dup in sorted({i for i in ids if ids.count(i) > 1}):
            self.error(None, "awards", f"奖项编号 {dup} 重复", f"duplicate award id {dup}")
        return tuple(awards)

    def vetoes(self, value: Any, grades: tuple[Grade, ...]) -> tuple[Veto, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.error(None, "vetoes", "应为列表", "expected a list")
            return ()
        vetoes = []
        for i, raw in enumerate(value):
            path = f"vetoes[{i}]"
            data = self.mapping(raw, None, path)
            if data is None:
                continue
            self.keys(data, {"id", "name", "when_any", "effect", "missing"}, None, path)
            veto_id = self.name(self.required(data, "id", None, path), None, f"{path}.id")
            name = self.name(self.required(data, "name", None, path), None, f"{path}.name")
            raw_when = self.required(data, "when_any", None, path)
            when_any = (
                () if raw_when is None else self.conditions(raw_when, None, f"{path}.when_any")
            )
            missing = self.choice(data, "missing", ("error", "zero"), None, path)
            if missing is None and any(c.metric for c in when_any):
                self.error(
                    None,
                    f"{path}.missing",
                    "否决条件读取指标数据,须写明缺数时的处理: error 或 zero",
                    "the veto reads metrics, so say what a missing value means: error or zero",
                )
            effect = data.get("effect") or {}
            effect = self.mapping(effect, None, f"{path}.effect") or {}
            self.keys(effect, {"total", "grade"}, None, f"{path}.effect")
            total = effect.get("total")
            total = (
                None
                if total is None
                else self.number(total, None, f"{path}.effect.total", non_negative=False)
            )
            grade = effect.get("grade")
            if grade == "lowest" and grades:
                grade = grades[-1].name
            elif grade is not None and grade not in {g.name for g in grades}:
                self.error(
                    None,
                    f"{path}.effect.grade",
                    f"等次 {grade!r} 不存在(可写 lowest 或等次名称)",
                    f"no grade band {grade!r} (write lowest or a band name)",
                )
                grade = None
            if veto_id and name and when_any:
                vetoes.append(Veto(veto_id, name, when_any, total, grade, missing))
        return tuple(vetoes)

    def rollup(self, value: Any) -> Rollup | None:
        if value is None:
            return None
        data = self.mapping(value, None, "rollup")
        if data is None:
            return None
        self.keys(data, {"periods", "weights"}, None, "rollup")
        periods = self.choice(data, "periods", ("mean", "sum"), None, "rollup", default="mean")
        weights_raw = data.get("weights") or {"daily": 1}
        weights_map = self.mapping(weights_raw, None, "rollup.weights")
        if weights_map is None or periods is None:
            return None
        weights = []
        for part, weight in weights_map.items():
            number = self.number(weight, None, f"rollup.weights.{part}", positive=True)
            if number is not None:
                weights.append((str(part), number))
        if sum((w for _, w in weights), ZERO) != 1:
            self.error(
                None, "rollup.weights", "各部分权重之和须为 1", "the weights must add up to 1"
            )
        return Rollup(periods, tuple(weights))


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _condition_reads(condition: Condition) -> tuple[set[str], set[str]]:
    if condition.metric is not None:
        return {condition.metric}, set()
    assert condition.events is not None
    return set(), set(condition.events.types)


def _reads(
    rule: Rule, zero_if: tuple[Condition, ...]
) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    metrics: set[str] = set()
    events: set[str] = set()
    conditions = list(zero_if)
    match rule:
        case CompletionRule():
            conditions.append(rule.condition)
        case DeductionRule() | BonusRule():
            for clause in rule.clauses:
                if clause.metric:
                    metrics.add(clause.metric)
                if clause.events:
                    events.update(clause.events.types)
                if clause.when:
                    conditions.append(clause.when)
        case TiersRule():
            metrics.update(m for m in (rule.metric, rule.numerator, rule.denominator) if m)
        case RankRule():
            metrics.add(rule.metric)
        case PenaltyRule():
            for row in rule.rows:
                events.update(row.selector.types)
        case LinkedRule():
            events.update(rule.events.types)
        case FixedPenaltyRule():
            conditions.extend(rule.when_any)
    for condition in conditions:
        m, e = _condition_reads(condition)
        metrics |= m
        events |= e
    return tuple(sorted(metrics)), tuple(sorted(events)), isinstance(rule, ManualRule)


_SCHEME_KEYS = {
    "id",
    "title",
    "title_en",
    "version",
    "subject",
    "period",
    "total",
    "bonus_cap",
    "allow_negative_total",
    "grades",
    "awards",
    "vetoes",
    "rollup",
    "categories",
    "note",
    "module",
    "modules",
}
MODULE_GRADE = "加减分"
MODULES_DIR = Path(__file__).resolve().parent / "templates"


def parse_scheme(data: Any, *, source: str = "<text>", default_id: str = "scheme") -> Scheme:
    """Validate an already-loaded YAML document and build the Scheme."""
    p = _Parser(source)
    if not isinstance(data, dict):
        p.error(None, "(root)", "方案文件应为 YAML 映射", "a scheme file is a YAML mapping")
        raise SchemeError(p.issues)
    p.keys(data, _SCHEME_KEYS, None, "")
    title = p.required(data, "title", None, "")
    title = None if title is None else p.name(title, None, "title")
    is_module = data.get("module", False)
    if not isinstance(is_module, bool):
        p.error(None, "module", "应为 true 或 false", "expected true or false")
        is_module = False
    total: Decimal | None
    if is_module:
        # A module (加减分模块) has no base items, so no total of its own; it is scored alone
        # as an adjustment (bonus + penalties) or merged into a host scheme via `modules`.
        total = ZERO
        for key in ("total", "bonus_cap", "awards", "rollup", "modules"):
            if data.get(key) is not None and not (key == "total" and data[key] == 0):
                p.error(
                    None,
                    key,
                    "加减分模块不能写此字段(总分、加分上限、评优、汇总由引用它的方案决定)",
                    "a module cannot set this (the host scheme sets total, bonus cap, awards, "
                    "rollup)",
                )
    else:
        raw_total = p.required(data, "total", None, "")
        total = None if raw_total is None else p.number(raw_total, None, "total", positive=True)
    bonus_cap = None
    if data.get("bonus_cap") is not None and not is_module:
        bonus_cap = p.number(data["bonus_cap"], None, "bonus_cap")
    allow_negative = data.get("allow_negative_total", is_module)
    if not isinstance(allow_negative, bool):
        p.error(None, "allow_negative_total", "应为 true 或 false", "expected true or false")
        allow_negative = False
    subject = p.choice(data, "subject", SUBJECT_KINDS, None, "", default="branch") or "branch"
    period = p.choice(data, "period", PERIOD_KINDS, None, "", default="year") or "year"
    if is_module and data.get("grades") is not None:
        p.error(None, "grades", "加减分模块不设等次", "a module has no grade bands")
    grades = (Grade(MODULE_GRADE, None),) if is_module else p.grades(data.get("grades"))
    categories: list[Category] = []
    raw_categories = p.required(data, "categories", None, "")
    if raw_categories is not None and (not isinstance(raw_categories, list) or not raw_categories):
        p.error(None, "categories", "应为非空的类别列表", "expected a non-empty list of categories")
        raw_categories = None
    for ci, raw_category in enumerate(raw_categories or []):
        path = f"categories[{ci}]"
        cat = p.mapping(raw_category, None, path)
        if cat is None:
            continue
        cat_id = str(cat.get("id", "")).strip()
        if not cat_id:
            p.error(None, f"{path}.id", "缺少类别编号", "the category id is missing")
            continue
        p.keys(cat, {"id", "name", "points", "items"}, cat_id, "")
        cat_name = p.name(cat.get("name"), cat_id, "name") or cat_id
        cat_points = None
        if cat.get("points") is not None:
            cat_points = p.number(cat["points"], cat_id, "points")
        raw_items = p.required(cat, "items", cat_id, "")
        if raw_items is not None and (not isinstance(raw_items, list) or not raw_items):
            p.error(cat_id, "items", "应为非空的指标列表", "expected a non-empty list of items")
            raw_items = None
        items = [
            p.item(raw, cat_id, f"{path}.items[{ii}]", bonus_cap is not None)
            for ii, raw in enumerate(raw_items or [])
        ]
        found = tuple(i for i in items if i is not None)
        if (
            cat_points is not None
            and len(found) == len(items)
            and all(i.max is not None for i in found if i.role == "base")
        ):
            base_sum = sum((i.max for i in found if i.role == "base" and i.max is not None), ZERO)
            if base_sum != cat_points:
                p.error(
                    cat_id,
                    "points",
                    f"类别分值 {fmt(cat_points)} 与所含计分项满分之和 {fmt(base_sum)} 不符",
                    f"category points {fmt(cat_points)} differ from its items' sum {fmt(base_sum)}",
                )
        categories.append(Category(cat_id, cat_name, cat_points, found))
        if is_module:
            for item in found:
                if item.role == "base":
                    p.error(
                        item.id,
                        "rule.kind",
                        "加减分模块只能包含加分项(bonus)和扣分项(penalty、fixed_penalty)",
                        "a module holds only bonus and penalty items "
                        "(bonus, penalty, fixed_penalty)",
                    )
    module_ids: list[str] = []
    module_vetoes: list[Veto] = []
    if data.get("modules") is not None and not is_module:
        for module in _modules(p, data["modules"], subject):
            module_ids.append(module.id)
            categories.extend(module.categories)
            module_vetoes.extend(module.vetoes)
    all_ids = [c.id for c in categories] + [i.id for c in categories for i in c.items]
    for dup in sorted({i for i in all_ids if all_ids.count(i) > 1}):
        p.error(
            dup,
            "id",
            "编号重复(类别与指标编号须唯一)",
            "duplicate id (category and item ids must be unique)",
        )
    items = [i for c in categories for i in c.items]
    if total is not None and not p.issues:
        base_sum = sum((i.max for i in items if i.role == "base" and i.max is not None), ZERO)
        if base_sum != total:
            p.error(
                None,
                "total",
                f"总分 {fmt(total)} 与各计分项满分之和 {fmt(base_sum)} 不符",
                f"total {fmt(total)} differs from the sum of the items' max {fmt(base_sum)}",
            )
    awards = p.awards(data.get("awards"))
    vetoes = p.vetoes(data.get("vetoes"), grades)
    if is_module and isinstance(data.get("vetoes"), list):
        for i, raw_veto in enumerate(data["vetoes"]):
            raw_effect = raw_veto.get("effect") if isinstance(raw_veto, dict) else None
            grade = raw_effect.get("grade") if isinstance(raw_effect, dict) else None
            if grade not in (None, "lowest"):
                p.error(
                    None,
                    f"vetoes[{i}].effect.grade",
                    "模块中的否决只能写 grade: lowest(等次由引用它的方案决定)",
                    "a module's veto can only force grade: lowest (the host sets the bands)",
                )
    if module_vetoes and grades:
        # A module veto that forces a grade forces the host's lowest band.
        lowest = grades[-1].name
        vetoes += tuple(
            dataclasses.replace(v, grade=None if v.grade is None else lowest) for v in module_vetoes
        )
        veto_ids = [v.id for v in vetoes]
        for dup in sorted({i for i in veto_ids if veto_ids.count(i) > 1}):
            p.error(None, "vetoes", f"否决编号 {dup} 重复", f"duplicate veto id {dup}")
    rollup = None if is_module else p.rollup(data.get("rollup"))
    if p.issues:
        raise SchemeError(p.issues)
    assert title is not None and total is not None
    scheme = Scheme(
        id=str(data.get("id") or default_id),
        title=title,
        title_en=str(data.get("title_en") or ""),
        version=str(data.get("version") or "1"),
        subject=subject,
        period=period,
        total=total,
        bonus_cap=bonus_cap,
        allow_negative_total=allow_negative,
        grades=grades,
        awards=awards,
        vetoes=vetoes,
        rollup=rollup,
        categories=tuple(categories),
        module=is_module,
        modules=tuple(module_ids),
        source=source,
    )
    fingerprint = hashlib.sha256(canonical(scheme).encode()).hexdigest()
    return dataclasses.replace(scheme, fingerprint=fingerprint)


def _modules(p: _Parser, value: Any, subject: str) -> list[Scheme]:
    """Load the modules a scheme names (shipped module templates, by id)."""
    if not isinstance(value, list) or not value:
        p.error(
            None, "modules", "应为非空的模块编号列表", "expected a non-empty list of module ids"
        )
        return []
    found = []
    for i, raw in enumerate(value):
        field = f"modules[{i}]"
        name = p.name(raw, None, field)
        if name is None:
            continue
        path = MODULES_DIR / f"{name}.yaml"
        if "/" in name or "\\" in name or not path.is_file():
            p.error(
                None,
                field,
                f"没有编号为 {name!r} 的加减分模块",
                f"no module template {name!r}",
            )
            continue
        try:
            module = load_scheme(path)
        except SchemeError as exc:
            p.issues.extend(exc.issues)
            continue
        if not module.module:
            p.error(
                None,
                field,
                f"方案 {name!r} 不是加减分模块(模块文件写 module: true)",
                f"scheme {name!r} is not a module (a module file says module: true)",
            )
            continue
        if module.subject != subject:
            p.error(
                None,
                field,
                f"模块 {name!r} 的考核对象是 {module.subject},本方案是 {subject}",
                f"module {name!r} scores {module.subject}, this scheme scores {subject}",
            )
            continue
        found.append(module)
    return found


def load_scheme(source: str | Path, *, name: str | None = None) -> Scheme:
    """Load a scheme from a file path or from YAML text.

    A ``Path``, or a string naming an existing ``.yaml``/``.yml`` file, is read from disk;
    any other string is YAML text. ``name`` is what error messages call the source.
    """
    if isinstance(source, Path) or (
        isinstance(source, str) and "\n" not in source and source.endswith((".yaml", ".yml"))
    ):
        path = Path(source)
        label = name or path.name
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise SchemeError(
                [
                    SchemeIssue(
                        label,
                        None,
                        "(file)",
                        f"无法读取文件: {exc.strerror}",
                        f"cannot read the file: {exc.strerror}",
                    )
                ]
            ) from None
        default_id = path.stem
    else:
        text, label, default_id = source, name or "<text>", "scheme"
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark else "(yaml)"
        where_en = f"line {mark.line + 1}" if mark else "(yaml)"
        raise SchemeError(
            [
                SchemeIssue(
                    label,
                    None,
                    where,
                    f"YAML 语法错误: {getattr(exc, 'problem', exc)}",
                    f"YAML syntax error at {where_en}: {getattr(exc, 'problem', exc)}",
                )
            ]
        ) from None
    return parse_scheme(data, source=label, default_id=default_id)
