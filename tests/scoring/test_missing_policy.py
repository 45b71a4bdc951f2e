import pytest
from scoring_helpers import D, make_facts, make_scheme, points, score

from kaohe.scoring import FactsError, render_explanation


def _item(missing, item_id="A", max_points=40):
    return {
        "id": item_id,
        "name": f"指标{item_id}",
        "max": max_points,
        "rule": {
            "kind": "deduction",
            "missing": missing,
            "clauses": [{"shortfall": f"meetings_{item_id}", "required": 4, "points": 10}],
        },
    }


def test_missing_with_error_policy_names_the_subject_and_item():
    with pytest.raises(FactsError) as caught:
        score(make_scheme(_item("error")), make_facts({"id": "S7"}))
    assert "S7" in str(caught.value)
    assert "meetings_A" in str(caught.value) or "A" in str(caught.value)


def test_missing_with_zero_policy_reads_zero_and_says_so():
    result = score(make_scheme(_item("zero")), make_facts({"id": "S"}))
    assert points(result, "S", "A") == D(0)
    texts = [render_explanation(e) for e in result.subject("S").item("A").explanations]
    assert texts[0] == "缺少指标 meetings_A,按0计"


def test_missing_with_exclude_policy_rescales_the_rest_to_the_total():
    scheme = make_scheme(_item("exclude", "A", 40), _item("zero", "B", 60))
    facts = make_facts({"id": "S", "metrics": {"meetings_B": 3}})
    subject = score(scheme, facts).subject("S")
    assert subject.item("A").excluded
    # B scores 50 of 60 applicable points → 50 × 100 / 60 = 83.333… → 83.33 (half up)
    assert subject.base == D("83.33")
    assert subject.total == D("83.33")


def test_rescale_rounds_half_up():
    scheme = make_scheme(_item("exclude", "A", 20), _item("zero", "B", 80))
    # B: 80 − 10 × shortfall. shortfall 1 → 70/80 × 100 = 87.5 exactly
    subject = score(scheme, make_facts({"id": "S", "metrics": {"meetings_B": 3}})).subject("S")
    assert subject.base == D("87.5")


def test_all_items_excluded_gives_zero_base():
    subject = score(make_scheme(_item("exclude")), make_facts({"id": "S"})).subject("S")
    assert subject.base == D(0)


def test_an_item_reading_several_metrics_is_excluded_if_any_is_missing():
    item = {
        "id": "A",
        "name": "多指标",
        "max": 10,
        "rule": {
            "kind": "deduction",
            "missing": "exclude",
            "clauses": [{"count": "x", "points": 1}, {"count": "y", "points": 1}],
        },
    }
    other = _item("zero", "B", 10)
    result = score(
        make_scheme(item, other), make_facts({"id": "S", "metrics": {"x": 1, "meetings_B": 4}})
    )
    assert result.subject("S").item("A").excluded
    assert result.subject("S").total == D(20)  # 10 of 10 applicable → 20 of 20
