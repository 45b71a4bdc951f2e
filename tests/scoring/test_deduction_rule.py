from scoring_helpers import D, make_facts, make_scheme, points, score

from kaohe.scoring import render_explanation


def deduction(*clauses, max_points=5, missing="zero", **extra):
    return {
        "id": "A2",
        "name": "扣分项",
        "max": max_points,
        "rule": {"kind": "deduction", "missing": missing, "clauses": list(clauses)},
        **extra,
    }


def test_several_clauses_stack_in_one_item():
    item = deduction(
        {"count": "missing_items", "points": 1},
        {"count": "missing_articles", "points": 0.5},
    )
    facts = make_facts({"id": "S", "metrics": {"missing_items": 2, "missing_articles": 3}})
    assert points(score(make_scheme(item), facts), "S", "A2") == D("1.5")


def test_item_is_floored_at_zero_when_deductions_exceed_max():
    item = deduction({"count": "missing_items", "points": 2}, max_points=3)
    facts = make_facts(
        {"id": "exact", "metrics": {"missing_items": 1}},
        {"id": "over", "metrics": {"missing_items": 7}},
    )
    result = score(make_scheme(item), facts)
    assert points(result, "exact", "A2") == D(1)
    assert points(result, "over", "A2") == D(0)
    kinds = [e.kind for e in result.subject("over").item("A2").explanations]
    assert "item.floor" in kinds


def test_clause_cap_limits_one_clause_only():
    item = deduction(
        {"count": "absences", "points": 1, "cap": 2},
        {"count": "late", "points": 1},
        max_points=10,
    )
    facts = make_facts({"id": "S", "metrics": {"absences": 5, "late": 1}})
    assert points(score(make_scheme(item), facts), "S", "A2") == D(7)


def test_count_uses_whole_units_only():
    item = deduction({"count": "missing", "points": 1})
    facts = make_facts({"id": "S", "metrics": {"missing": 1.99}})
    assert points(score(make_scheme(item), facts), "S", "A2") == D(4)


def test_shortfall_against_a_fixed_required_count():
    # 篇四 细则一: 每年上报信息不少于6篇,每少1篇扣0.5分
    item = deduction({"shortfall": "articles", "required": 6, "points": 0.5}, max_points=1)
    facts = make_facts(
        {"id": "enough", "metrics": {"articles": 6}},
        {"id": "more", "metrics": {"articles": 9}},
        {"id": "one_short", "metrics": {"articles": 5}},
        {"id": "none", "metrics": {"articles": 0}},
    )
    result = score(make_scheme(item), facts)
    assert points(result, "enough", "A2") == D(1)
    assert points(result, "more", "A2") == D(1)
    assert points(result, "one_short", "A2") == D("0.5")
    assert points(result, "none", "A2") == D(0)


def test_events_clause_deducts_per_event_and_names_them():
    item = deduction({"events": "late_report", "points": 1, "label": "报告报送不及时"})
    facts = make_facts(
        {"id": "S"},
        events=[
            {"id": "E1", "subject": "S", "type": "late_report"},
            {"id": "E2", "subject": "S", "type": "late_report"},
            {"id": "E3", "subject": "S", "type": "other"},
        ],
    )
    result = score(make_scheme(item), facts)
    assert points(result, "S", "A2") == D(3)
    record = result.subject("S").item("A2").explanations[0]
    assert record.records == ("E1", "E2")
    assert render_explanation(record).startswith("报告报送不及时2次,每次扣1分,扣2分")


def test_when_clause_deducts_once_if_condition_holds():
    item = deduction({"when": {"metric": "no_slogan"}, "points": 1})
    facts = make_facts(
        {"id": "yes", "metrics": {"no_slogan": True}},
        {"id": "no", "metrics": {"no_slogan": False}},
    )
    result = score(make_scheme(item), facts)
    assert points(result, "yes", "A2") == D(4)
    assert points(result, "no", "A2") == D(5)


def test_half_points_add_up_exactly():
    item = deduction({"count": "missing", "points": 0.5}, max_points=100)
    facts = make_facts({"id": "S", "metrics": {"missing": 199}})
    assert points(score(make_scheme(item), facts), "S", "A2") == D("0.5")
