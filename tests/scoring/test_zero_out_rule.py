from scoring_helpers import D, make_facts, make_scheme, points, score

from kaohe.scoring import render_explanation

ITEM = {
    "id": "A3",
    "name": "民主生活会",
    "max": 5,
    "rule": {
        "kind": "deduction",
        "missing": "zero",
        "clauses": [
            {"shortfall": "meetings", "required": {"frequency": "half_yearly"}, "points": 2},
        ],
    },
    "zero_if": [{"metric": "disunity", "label": "班子不团结"}],
}


def test_zero_out_beats_deductions_and_full_marks():
    facts = make_facts(
        {"id": "full_but_disunited", "metrics": {"meetings": 2, "disunity": 1}},
        {"id": "short_and_disunited", "metrics": {"meetings": 1, "disunity": 1}},
        {"id": "short", "metrics": {"meetings": 1, "disunity": 0}},
    )
    result = score(make_scheme(ITEM), facts)
    assert points(result, "full_but_disunited", "A3") == D(0)
    assert points(result, "short_and_disunited", "A3") == D(0)
    assert points(result, "short", "A3") == D(3)
    text = [
        render_explanation(e) for e in result.subject("full_but_disunited").item("A3").explanations
    ]
    assert any("班子不团结" in t and "不得分" in t for t in text)


def test_zero_out_on_equality_condition():
    # 篇四 细则二 十一.19: 无计划制度的不得分
    item = {
        "id": "A6",
        "name": "年度计划",
        "max": 4,
        "rule": {
            "kind": "deduction",
            "missing": "zero",
            "clauses": [{"events": "late", "points": 1}],
        },
        "zero_if": [{"metric": "has_plan", "op": "==", "value": 0}],
    }
    facts = make_facts(
        {"id": "plan", "metrics": {"has_plan": 1}}, {"id": "none", "metrics": {"has_plan": 0}}
    )
    result = score(make_scheme(item), facts)
    assert points(result, "plan", "A6") == D(4)
    assert points(result, "none", "A6") == D(0)


def test_zero_out_applies_to_rank_items_after_ranking():
    item = {
        "id": "R",
        "name": "排名",
        "max": 10,
        "rule": {
            "kind": "rank",
            "metric": "score",
            "missing": "zero",
            "tiers": [{"ranks": [1, 1], "points": 10}, {"ranks": [2, None], "points": 5}],
        },
        "zero_if": [{"metric": "cheated"}],
    }
    facts = make_facts(
        {"id": "top", "metrics": {"score": 100, "cheated": 1}},
        {"id": "second", "metrics": {"score": 50}},
    )
    result = score(make_scheme(item), facts)
    # The cheater keeps the first rank in the population but scores 0.
    assert points(result, "top", "R") == D(0)
    assert points(result, "second", "R") == D(5)
