"""Random schemes and facts (hypothesis strategies) for the tests that compare evaluators."""

from decimal import Decimal

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from kaohe.scoring import parse_scheme

METRICS = ["m0", "m1", "m2", "m3"]
TYPES = ["t0", "t1", "t2"]
LEVELS = ["a", "b"]
POINTS = st.sampled_from([0.25, 0.5, 1, 2, 3, 5])
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def selectors(draw):
    kind = draw(st.integers(0, 2))
    if kind == 0:
        return draw(st.sampled_from(TYPES))
    if kind == 1:
        return draw(st.lists(st.sampled_from(TYPES), min_size=1, max_size=2, unique=True))
    return {"type": draw(st.sampled_from(TYPES)), "level": draw(st.sampled_from(LEVELS))}


@st.composite
def conditions(draw, metrics_only=False):
    op = draw(st.sampled_from(["<", "<=", "==", "!=", ">=", ">"]))
    value = draw(st.sampled_from([0, 1, 1.5, 2, 3]))
    if metrics_only or draw(st.booleans()):
        return {"metric": draw(st.sampled_from(METRICS)), "op": op, "value": value}
    return {"events": draw(selectors()), "op": op, "value": value}


@st.composite
def requireds(draw):
    if draw(st.booleans()):
        return draw(st.integers(0, 5))
    return {
        "frequency": draw(
            st.sampled_from(["weekly", "monthly", "quarterly", "half_yearly", "yearly"])
        ),
        "times": draw(st.integers(1, 2)),
    }


@st.composite
def clauses(draw, bonus=False):
    source = draw(st.sampled_from(["count", "shortfall", "events", "when"]))
    clause = {"points": draw(POINTS)}
    if source == "count":
        clause["count"] = draw(st.sampled_from(METRICS))
    elif source == "shortfall":
        clause["shortfall"] = draw(st.sampled_from(METRICS))
        clause["required"] = draw(requireds())
    elif source == "events":
        clause["events"] = {
            "type": draw(st.sampled_from(TYPES)),
            "level": draw(st.sampled_from(LEVELS)),
        }
    else:
        clause["when"] = draw(conditions())
    if draw(st.integers(0, 3)) == 0:
        clause["cap"] = draw(st.sampled_from([1, 2.5, 4]))
    return clause


def _disjoint_event_clauses(items):
    seen = set()
    out = []
    for clause in items:
        if "events" in clause:
            key = (clause["events"]["type"], clause["events"]["level"])
            if key in seen:
                continue
            seen.add(key)
        out.append(clause)
    return out


@st.composite
def tier_list(draw, integer, start=0):
    cuts = sorted(set(draw(st.lists(st.integers(start + 1, 12), min_size=0, max_size=4))))
    maximum = draw(st.sampled_from([5, 10]))
    points = [draw(st.sampled_from([0, 1, 2.5, 3, maximum])) for _ in range(len(cuts) + 1)]
    bounds = [start, *cuts]
    tiers = []
    key = "ranks" if start == 1 else "range"
    for i, low in enumerate(bounds):
        high = bounds[i + 1] if i + 1 < len(bounds) else None
        if integer:
            rng = [low, None if high is None else high - 1]
        else:
            rng = f"[{low}, {'∞' if high is None else high})"
        tiers.append({key: rng, "points": points[i]})
    return tiers, maximum


@st.composite
def base_items(draw, index):
    kind = draw(
        st.sampled_from(["completion", "deduction", "tiers", "rate", "rank", "linked", "manual"])
    )
    missing = draw(st.sampled_from(["error", "zero", "exclude", "zero", "exclude"]))
    item = {"id": f"I{index}", "name": f"指标{index}", "max": draw(st.sampled_from([2, 5, 10]))}
    if kind == "completion":
        cond = draw(conditions())
        rule = {"kind": "completion", "missing": missing, **cond}
        rule["otherwise"] = draw(st.sampled_from([0, 0.5, 1]))
    elif kind == "deduction":
        rule = {
            "kind": "deduction",
            "missing": missing,
            "clauses": _disjoint_event_clauses(draw(st.lists(clauses(), min_size=1, max_size=3))),
        }
    elif kind in ("tiers", "rate"):
        integer = kind == "tiers" and draw(st.booleans())
        tiers, maximum = draw(tier_list(integer))
        item["max"] = maximum
        rule = {"kind": "tiers", "missing": missing, "tiers": tiers}
        if kind == "tiers":
            rule["metric"] = draw(st.sampled_from(METRICS))
            if integer:
                rule["domain"] = "integer"
        else:
            den = draw(st.sampled_from(METRICS)) if draw(st.booleans()) else draw(requireds())
            rule["rate"] = {"numerator": draw(st.sampled_from(METRICS)), "denominator": den}
            # rates are percentages: spread the cuts over 0–120
            for tier in rule["tiers"]:
                low, high = tier["range"][1:-1].split(", ")
                high = high if high == "∞" else str(int(high) * 10)
                tier["range"] = f"[{int(low) * 10}, {high})"
    elif kind == "rank":
        tiers, maximum = draw(tier_list(True, start=1))
        item["max"] = maximum
        rule = {
            "kind": "rank",
            "missing": missing,
            "metric": draw(st.sampled_from(METRICS)),
            "order": draw(st.sampled_from(["asc", "desc"])),
            "tiers": tiers,
        }
        if draw(st.booleans()):
            rule["group"] = "g"
    elif kind == "linked":
        rule = {
            "kind": "linked",
            "events": draw(selectors()),
            "branch": draw(POINTS),
            "member": draw(POINTS),
        }
        if draw(st.booleans()):
            rule["missing"] = missing
    else:
        rule = {"kind": "manual", "missing": missing}
        if draw(st.booleans()):
            rule["levels"] = {"优": 1, "良": 0.8, "中": 0.55, "差": 0.3}
    item["rule"] = rule
    if draw(st.integers(0, 3)) == 0:
        item["zero_if"] = draw(st.lists(conditions(), min_size=1, max_size=2))
        if "missing" not in rule:
            rule["missing"] = missing
    return item


@st.composite
def extra_items(draw, index):
    kind = draw(st.sampled_from(["bonus", "penalty", "fixed_penalty"]))
    item = {"id": f"X{index}", "name": f"附加{index}"}
    if kind == "bonus":
        item["max"] = draw(st.sampled_from([1, 3, 5]))
        rule = {
            "kind": "bonus",
            "clauses": _disjoint_event_clauses(
                draw(st.lists(clauses(bonus=True), min_size=1, max_size=3))
            ),
        }
        rule["missing"] = draw(st.sampled_from(["error", "zero", "exclude"]))
    elif kind == "penalty":
        pairs = draw(
            st.lists(
                st.tuples(st.sampled_from(TYPES), st.sampled_from(LEVELS)),
                min_size=1,
                max_size=4,
                unique=True,
            )
        )
        rule = {
            "kind": "penalty",
            "table": [{"type": t, "level": lv, "points": draw(POINTS)} for t, lv in pairs],
        }
        if draw(st.booleans()):
            rule["surcharge"] = draw(POINTS)
        if draw(st.integers(0, 3)) == 0:
            rule["cap"] = draw(st.sampled_from([2, 5]))
    else:
        rule = {
            "kind": "fixed_penalty",
            "points": draw(st.sampled_from([5, 15, 20])),
            "when_any": draw(st.lists(conditions(), min_size=1, max_size=2)),
            "missing": draw(st.sampled_from(["error", "zero", "exclude"])),
        }
    item["rule"] = rule
    return item


def _q(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


@st.composite
def schemes(draw):
    count = draw(st.integers(1, 5))
    base = [draw(base_items(i)) for i in range(count)]
    extras = [draw(extra_items(i)) for i in range(draw(st.integers(0, 3)))]
    total = sum(Decimal(str(i["max"])) for i in base)
    data = {
        "title": "随机方案",
        "total": total,
        "subject": draw(st.sampled_from(["branch", "member"])),
        "allow_negative_total": draw(st.booleans()),
        "grades": [
            {"name": "优", "min": _q(total * 9 / 10)},
            {"name": "良", "min": _q(total / 2)},
            {"name": "差"},
        ],
        "categories": [{"id": "C", "name": "类别", "items": base + extras}],
    }
    if draw(st.booleans()):
        data["bonus_cap"] = draw(st.sampled_from([0, 2, 4]))
        for item in extras:
            if item["rule"]["kind"] == "bonus":
                item.setdefault("max", 3)
    if draw(st.booleans()):
        data["vetoes"] = [
            {
                "id": "v",
                "name": "否决",
                "when_any": draw(st.lists(conditions(), min_size=1, max_size=2)),
                "missing": "zero",
                "effect": draw(
                    st.sampled_from(
                        [{}, {"grade": "lowest"}, {"total": 0}, {"total": 1, "grade": "良"}]
                    )
                ),
            }
        ]
    awards = []
    for index in range(draw(st.integers(0, 2))):
        award = {
            "id": f"w{index}",
            "name": f"奖项{index}",
            "min_total": draw(st.sampled_from(["0", _q(total / 2), str(total)])),
            "quota": f"{draw(st.sampled_from([10, 30, 50, 100]))}%",
            "rounding": draw(st.sampled_from(["floor", "ceil", "half_up"])),
            "ties": draw(st.sampled_from(["include", "exclude"])),
        }
        if draw(st.booleans()):
            award["group"] = "g"
        awards.append(award)
    if awards:
        data["awards"] = awards
    return parse_scheme(data, source="random.yaml")


@st.composite
def facts_data(draw):
    n = draw(st.integers(1, 8))
    values = st.sampled_from([0, 0.5, 1, 1.5, 2, 3, 4, 5, 10, 12, 40])
    subjects = []
    for i in range(n):
        metrics = {}
        for name in METRICS:
            if draw(st.integers(0, 5)) > 0:
                metrics[name] = draw(values)
        manual = {}
        for j in range(6):
            choice = draw(st.integers(0, 4))
            if choice == 1:
                manual[f"I{j}"] = {"points": draw(st.sampled_from([0, 1, 2])), "comment": "评语"}
            elif choice == 2:
                manual[f"I{j}"] = {
                    "level": draw(st.sampled_from(["优", "良", "中", "差"])),
                    "comment": "评语",
                }
            elif choice == 3:
                manual[f"I{j}"] = {"level": "优"}
        subjects.append(
            {
                "id": f"S{i}",
                "groups": {"g": draw(st.sampled_from(["x", "y"]))},
                "metrics": metrics,
                "manual": manual,
            }
        )
    events = []
    for k in range(draw(st.integers(0, 12))):
        owner = f"S{draw(st.integers(0, n - 1))}"
        event = {
            "id": f"E{k}",
            "subject": owner if draw(st.booleans()) else f"M{k}",
            "type": draw(st.sampled_from(TYPES)),
            "branch": owner,
        }
        if draw(st.booleans()):
            event["level"] = draw(st.sampled_from(LEVELS))
        if draw(st.booleans()):
            event["case"] = f"K{draw(st.integers(0, 3))}"
        if draw(st.booleans()):
            event["similar"] = draw(st.sampled_from(["p", "q"]))
        events.append(event)
    period = draw(st.sampled_from(["2024", "2024-03", "2024-02", "2024-Q2", "2024-H1", "2024-Q3"]))
    return {"period": period, "subjects": subjects, "events": events}
