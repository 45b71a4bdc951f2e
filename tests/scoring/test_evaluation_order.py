"""The fixed order: item rules → floor/zero-out → penalties → population steps → bonus cap →
veto → total → grade → award eligibility."""

from scoring_helpers import D, make_facts, make_scheme, score

BASE = {
    "id": "A",
    "name": "计分",
    "max": 10,
    "rule": {
        "kind": "deduction",
        "missing": "zero",
        "clauses": [{"count": "missing", "points": 4}],
    },
}
BONUS = {
    "id": "B",
    "name": "加分",
    "max": 6,
    "rule": {"kind": "bonus", "clauses": [{"events": "honor", "points": 3}]},
}
PENALTY = {
    "id": "P",
    "name": "扣分",
    "rule": {"kind": "penalty", "table": [{"type": "case", "points": 4}]},
}


def test_item_floor_does_not_absorb_penalties():
    # item floors at 0 first; the penalty still comes off the total (10·0 − 4 → floored total 0,
    # or −4 when negatives are allowed)
    scheme = make_scheme(BASE, PENALTY, allow_negative_total=True)
    facts = make_facts(
        {"id": "S", "metrics": {"missing": 5}}, events=[{"id": "E", "subject": "S", "type": "case"}]
    )
    subject = score(scheme, facts).subject("S")
    assert subject.item("A").points == D(0)
    assert subject.total == D(-4)


def test_bonus_cap_applies_after_item_caps_and_before_penalties_are_added():
    scheme = make_scheme(BASE, BONUS, PENALTY, bonus_cap=5)
    events = [{"id": f"H{i}", "subject": "S", "type": "honor"} for i in range(3)]
    events.append({"id": "C", "subject": "S", "type": "case"})
    subject = score(
        scheme, make_facts({"id": "S", "metrics": {"missing": 0}}, events=events)
    ).subject("S")
    assert subject.item("B").points == D(6)  # 9 capped by the item at 6
    assert subject.bonus == D(5)  # then by the scheme at 5
    assert subject.total == D(11)  # 10 + 5 − 4


def test_veto_total_replaces_the_computed_total_and_grade_follows_it():
    scheme = make_scheme(
        BASE,
        BONUS,
        bonus_cap=5,
        grades=[{"name": "好", "min": 10}, {"name": "差"}],
        vetoes=[
            {"id": "v", "name": "否决", "when_any": [{"events": "veto"}], "effect": {"total": 3}}
        ],
    )
    events = [
        {"id": "H", "subject": "S", "type": "honor"},
        {"id": "V", "subject": "S", "type": "veto"},
    ]
    subject = score(
        scheme, make_facts({"id": "S", "metrics": {"missing": 0}}, events=events)
    ).subject("S")
    assert subject.total == D(3)
    assert subject.grade == "差"


def test_totals_equal_the_sum_of_their_parts():
    scheme = make_scheme(BASE, BONUS, PENALTY, bonus_cap=5, allow_negative_total=True)
    events = [
        {"id": "H", "subject": "S", "type": "honor"},
        {"id": "C", "subject": "S", "type": "case"},
    ]
    subject = score(
        scheme, make_facts({"id": "S", "metrics": {"missing": 1}}, events=events)
    ).subject("S")
    assert subject.base == sum(i.points for i in subject.items if i.role == "base")
    assert subject.total == subject.base + subject.bonus + subject.penalty == D(5)


def test_scalar_module_documents_the_order():
    import kaohe.scoring.scalar as scalar

    doc = scalar.__doc__ or ""
    steps = [
        "item rules",
        "zero-out",
        "penalties",
        "rank",
        "bonus cap",
        "veto",
        "total",
        "grade",
        "award",
    ]
    positions = [doc.index(step) for step in steps]
    assert positions == sorted(positions)
