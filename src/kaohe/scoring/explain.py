"""Explanation records: what the scalar evaluator found, as data; sentences on demand.

A record keeps the rule kind, the inputs it read, the clause it matched, the points it
produced (signed: −1 is a deduction of 1) and the ids of the events/records behind them.
``render_explanation`` turns it into one readable sentence in Chinese or English.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kaohe.scoring.numbers import fmt


@dataclass(frozen=True)
class Explanation:
    kind: str  # message key, e.g. "clause.shortfall"; the rule kind is inputs["rule"]
    item: str | None  # None for subject-level records (bonus cap, veto, award…)
    points: Decimal
    inputs: Mapping[str, Any] = field(default_factory=dict)
    records: tuple[str, ...] = ()
    clause: str | None = None


# Message tables: one line per message reads best, so E501 is off for them.
# {act} is 扣/加 (deduct/add); {amount} is |points|; {points} is the signed value.
_ZH = {
    "completion.met": "{label}为{actual},达到要求({condition}),得{points}分",
    "completion.unmet": "{label}为{actual},未达到要求({condition}),得{points}分",
    "clause.count": "{label}{units}{unit},每{unit}{act}{per}分,{act}{amount}分",
    "clause.shortfall": "{label}应{verb}{required}{unit},实{verb}{actual}{unit},少{units}{unit}{act}{amount}分",  # noqa: E501
    "clause.events": "{label}{units}{unit},每{unit}{act}{per}分,{act}{amount}分",
    "clause.when": "{label},{act}{amount}分",
    "item.full": "各项均达到要求,得满分{points}分",
    "item.floor": "扣分合计{deducted}分,超过满分{max}分,本项按0分计",
    "item.zero_out": "{label}({subject_value}):本项不得分",
    "item.excluded": "缺少{what},本项不计入(其余各项按比例折算)",
    "item.missing_zero": "缺少{what},按0计",
    "item.not_applicable": "缺少{what},本项不计",
    "tiers.value": "{label}为{value}{unit},在区间{range}内,得{points}分",
    "tiers.rate": "{label}{numerator}/{denominator}={rate}%,在区间{range}内,得{points}分",
    "rank": "{label}为{value},在{scope}{population}个对象中排第{rank}名,名次区间{range},得{points}分",  # noqa: E501
    "bonus.capped": "加分合计{raw}分,超过本项上限{cap}分,按{cap}分计",
    "penalty.case": "案件{case}({labels})就高扣{amount}分",
    "penalty.surcharge": "类似案件「{similar}」共{cases}件,新增{extra}件,每件加扣{per}分,扣{amount}分",  # noqa: E501
    "penalty.capped": "扣分合计{raw}分,本项最多扣{cap}分",
    "linked": "{label}{units}{unit},每{unit}扣{side}{per}分,扣{amount}分",
    "manual.level": "评定为「{level}」(满分的{share}),得{points}分{comment}",
    "manual.points": "评定得{points}分(满分{max}分){comment}",
    "fixed_penalty": "{label},罚减{amount}分",
    "none": "无相关记录,得{points}分",
    "scheme.rescale": "有不计入项,基础分{base}按可计满分{applicable}折算到总分{total},为{scaled}分",
    "scheme.bonus_cap": "加分合计{raw}分,超过方案加分上限{cap}分,按{cap}分计",
    "scheme.floor": "总分{raw}分低于0,按0分计",
    "veto": "{name}({label}):一票否决,不得评优{effects}",
    "award.yes": "{name}:总分{total}≥{min_total},在{population}个对象中排第{rank}名,名额{quota}名,符合条件",  # noqa: E501
    "award.below": "{name}:总分{total}低于{min_total},不符合条件",
    "award.quota": "{name}:总分{total}在{population}个对象中排第{rank}名,超出名额{quota}名",
    "award.veto": "{name}:已被一票否决,不符合条件",
    "rollup.veto": "{periods}的考核中被一票否决,汇总结果不得评优{effects}",
}
_EN = {
    "completion.met": "{label} is {actual}, requirement met ({condition}): {points} points",
    "completion.unmet": "{label} is {actual}, requirement not met ({condition}): {points} points",
    "clause.count": "{label}: {units} {unit_en}, {act} {per} each: {act} {amount}",
    "clause.shortfall": "{label}: required {required}, actual {actual}, {units} short: {act} {amount}",  # noqa: E501
    "clause.events": "{label}: {units} event(s), {act} {per} each: {act} {amount}",
    "clause.when": "{label}: {act} {amount}",
    "item.full": "every requirement met: full {points} points",
    "item.floor": "deductions of {deducted} exceed the max {max}: the item scores 0",
    "item.zero_out": "{label} ({subject_value}): the item scores 0",
    "item.excluded": "{what_en} missing: the item is not counted (the rest is rescaled)",
    "item.missing_zero": "{what_en} missing: counted as 0",
    "item.not_applicable": "{what_en} missing: the item is not counted",
    "tiers.value": "{label} is {value}{unit}, in range {range}: {points} points",
    "tiers.rate": "{label} {numerator}/{denominator} = {rate}%, in range {range}: {points} points",
    "rank": "{label} is {value}, rank {rank} of {population}{scope_en}, ranks {range}: {points} points",  # noqa: E501
    "bonus.capped": "bonuses of {raw} exceed the item cap {cap}: {cap} counted",
    "penalty.case": "case {case} ({labels}) counted once at the highest: deduct {amount}",
    "penalty.surcharge": "similar case '{similar}': {cases} cases, {extra} repeat(s) at {per} each: deduct {amount}",  # noqa: E501
    "penalty.capped": "deductions of {raw}; this item deducts at most {cap}",
    "linked": "{label}: {units} time(s), deduct {per} each from the {side_en}: deduct {amount}",
    "manual.level": "rated '{level}' ({share} of max): {points} points{comment_en}",
    "manual.points": "rated {points} of {max} points{comment_en}",
    "fixed_penalty": "{label}: {amount} points off the total",
    "none": "no relevant records: {points} points",
    "scheme.rescale": "some items not counted: base {base} of {applicable} rescaled to {total}: {scaled}",  # noqa: E501
    "scheme.bonus_cap": "bonuses of {raw} exceed the scheme's bonus cap {cap}: {cap} counted",
    "scheme.floor": "total {raw} is below 0: counted as 0",
    "veto": "{name} ({label}): vetoed, no award{effects_en}",
    "award.yes": "{name}: total {total} ≥ {min_total}, rank {rank} of {population}, quota {quota}: eligible",  # noqa: E501
    "award.below": "{name}: total {total} is below {min_total}: not eligible",
    "award.quota": "{name}: total {total} ranks {rank} of {population}, beyond the quota of {quota}",  # noqa: E501
    "award.veto": "{name}: vetoed, not eligible",
    "rollup.veto": "vetoed in {periods}: the combined result takes no award{effects_en}",
}

# Rollup parts by their usual names (篇四: 日常考核为主, 集中考核); others show as written.
PART_NAMES = {
    "daily": ("日常考核", "daily assessment"),
    "central": ("集中考核", "central assessment"),
}
_PERIOD_UNITS = {
    "month": ("个月", "months"),
    "quarter": ("个季度", "quarters"),
    "half_year": ("个半年", "half-years"),
    "year": ("个年度", "years"),
}


def _text(value: Any) -> str:
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return fmt(value)
    if isinstance(value, list | tuple):
        return "、".join(_text(v) for v in value)
    return "" if value is None else str(value)


def render_explanation(record: Explanation, lang: str = "zh", *, record_ids: bool = True) -> str:
    """One sentence for an explanation record, e.g. "支部党员大会应开4次,实开3次,少1次扣1分",
    ending with the ids of the records behind it unless `record_ids` is false (a page that
    names and links them itself)."""
    if record.kind == "rollup":
        return _rollup_sentence(record, lang)
    table = _EN if lang == "en" else _ZH
    template = table.get(record.kind)
    if template is None:
        return f"{record.kind}: {fmt(record.points)}"
    values: dict[str, str] = {key: _text(value) for key, value in record.inputs.items()}
    values.setdefault("act", "加" if record.points > 0 else "扣")
    values["act"] = (
        values["act"] if lang == "zh" else ("add" if values["act"] == "加" else "deduct")
    )
    values.setdefault("unit", "")
    values.setdefault("unit_en", "unit(s)")
    values["points"] = fmt(record.points)
    values["amount"] = fmt(abs(record.points))
    comment = record.inputs.get("comment")
    values["comment"] = f";评语:{comment}" if comment else ""
    values["comment_en"] = f"; comment: {comment}" if comment else ""
    # A rank within a group names it; the sentence is built here, so a reader (the web app)
    # may put the group's name in `group_value` where the engine only knew its key.
    group = record.inputs.get("group_value")
    values["scope"] = f"{group}内" if group else ""
    values["scope_en"] = f" in {group}" if group else ""
    values.setdefault("effects", "")
    values.setdefault("effects_en", "")
    values.setdefault("what_en", values.get("what", ""))
    sentence = template.format_map(_Default(values))
    cap = record.inputs.get("capped")
    if cap is not None:
        sentence += (
            f"(本条最多{values['act']}{fmt(cap)}分)"
            if lang == "zh"
            else f" (at most {fmt(cap)} for this clause)"
        )
    if record.records and record_ids:
        ids = ", ".join(record.records)
        sentence += f"[记录: {ids}]" if lang == "zh" else f" [records: {ids}]"
    return sentence


def _rollup_sentence(record: Explanation, lang: str) -> str:
    """One sentence, e.g. 日常考核(12个月平均)88.5分 × 0.7 + 集中考核 92分 × 0.3 = 89.55分."""
    en = lang == "en"
    terms = []
    for term in record.inputs.get("terms", ()):
        name = PART_NAMES.get(term["part"], (term["part"], term["part"]))[1 if en else 0]
        count = int(term["periods"])
        value = fmt(Decimal(term["value"]))
        if count > 1:
            unit = _PERIOD_UNITS.get(term["period_kind"], ("期", "periods"))[1 if en else 0]
            if en:
                how = "mean" if term["reduce"] == "mean" else "sum"
                terms.append(f"{name} ({how} of {count} {unit}) {value}")
            else:
                how = "平均" if term["reduce"] == "mean" else "合计"
                terms.append(f"{name}({count}{unit}{how}){value}分")
        else:
            terms.append(f"{name} {value}" if en else f"{name} {value}分")
        terms[-1] += f" × {fmt(Decimal(term['weight']))}"
    total = fmt(record.points)
    return " + ".join(terms) + (f" = {total}" if en else f" = {total}分")


class _Default(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
