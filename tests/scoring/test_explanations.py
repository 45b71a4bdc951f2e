from decimal import Decimal

from scoring_helpers import make_facts, make_scheme, score

from kaohe.scoring import Explanation, render_explanation


def test_shortfall_renders_the_readable_chinese_sentence():
    item = {
        "id": "A2",
        "name": "三会一课",
        "max": 5,
        "rule": {
            "kind": "deduction",
            "missing": "error",
            "clauses": [
                {
                    "shortfall": "congress",
                    "required": {"frequency": "quarterly"},
                    "points": 1,
                    "label": "支部党员大会",
                    "verb": "开",
                }
            ],
        },
    }
    facts = make_facts({"id": "S", "metrics": {"congress": 3}}, period="2024")
    record = score(make_scheme(item), facts).subject("S").item("A2").explanations[0]
    assert render_explanation(record) == "支部党员大会应开4次,实开3次,少1次扣1分"
    assert (
        render_explanation(record, lang="en")
        == "支部党员大会: required 4, actual 3, 1 short: deduct 1"
    )


def test_explanations_are_data():
    item = {
        "id": "A2",
        "name": "扣分",
        "max": 5,
        "rule": {"kind": "deduction", "clauses": [{"events": "late", "points": 0.5}]},
    }
    facts = make_facts({"id": "S"}, events=[{"id": "E9", "subject": "S", "type": "late"}])
    record = score(make_scheme(item), facts).subject("S").item("A2").explanations[0]
    assert record.item == "A2"
    assert record.kind == "clause.events"
    assert record.inputs["rule"] == "deduction"
    assert record.inputs["units"] == 1
    assert record.points == Decimal("-0.5")
    assert record.records == ("E9",)
    assert record.clause == "1"


def test_unknown_kinds_render_without_failing():
    assert (
        render_explanation(Explanation("future.kind", None, Decimal("1.5"))) == "future.kind: 1.5"
    )
