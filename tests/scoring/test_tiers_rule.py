import pytest
from scoring_helpers import D, make_facts, make_scheme, points, score

from kaohe.scoring import FactsError, render_explanation

HOURS = {
    "id": "B1",
    "name": "志愿服务",
    "max": 5,
    "rule": {
        "kind": "tiers",
        "metric": "hours",
        "missing": "zero",
        "tiers": [
            {"range": "[0, 50)", "points": 0},
            {"range": "[50, 100)", "points": 3},
            {"range": "[100, ∞)", "points": 5},
        ],
    },
}


@pytest.mark.parametrize(
    ("hours", "expected"),
    [(0, 0), ("49.99", 0), (50, 3), ("99.99", 3), (100, 5), (1000, 5)],
)
def test_volunteer_hours_tiers_at_their_inclusive_bounds(hours, expected):
    facts = make_facts({"id": "S", "metrics": {"hours": hours}})
    assert points(score(make_scheme(HOURS), facts), "S", "B1") == D(expected)


ATTENDANCE = {
    "id": "B2",
    "name": "参会出勤率",
    "max": 25,
    "rule": {
        "kind": "tiers",
        "rate": {"numerator": "present", "denominator": "expected"},
        "missing": "error",
        "tiers": [
            {"range": "[100, ∞)", "points": 25},
            {"range": "[90, 100)", "points": 20},
            {"range": "[80, 90)", "points": 15},
            {"range": "[0, 80)", "points": 10},
        ],
    },
}


@pytest.mark.parametrize(
    ("present", "expected_count", "points_expected"),
    [
        (30, 30, 25),
        (27, 30, 20),  # exactly 90%
        (26, 30, 15),  # 86.67%
        (899, 1000, 15),  # 89.9%
        (24, 30, 15),  # exactly 80%
        (23, 30, 10),
        (1, 3, 10),  # 33.33…%: never compared through floats
        (2, 3, 10),
        (29, 30, 20),  # 96.67%
    ],
)
def test_attendance_rate_tiers_compare_exactly(present, expected_count, points_expected):
    facts = make_facts({"id": "S", "metrics": {"present": present, "expected": expected_count}})
    assert points(score(make_scheme(ATTENDANCE), facts), "S", "B2") == D(points_expected)


def test_rate_with_a_third_that_is_exactly_on_a_bound():
    # 1/3 of 300 = 100/300 → 33.33…% must not land in a tier starting at "[33.33, …"
    item = {
        "id": "B2",
        "name": "比率",
        "max": 2,
        "rule": {
            "kind": "tiers",
            "rate": {"numerator": "n", "denominator": "d"},
            "missing": "error",
            "tiers": [{"range": "[0, 33.33]", "points": 0}, {"range": "(33.33, ∞)", "points": 2}],
        },
    }
    facts = make_facts({"id": "S", "metrics": {"n": 1, "d": 3}})
    assert points(score(make_scheme(item), facts), "S", "B2") == D(2)


def test_rate_explanation_shows_numerator_denominator_and_range():
    facts = make_facts({"id": "S", "metrics": {"present": 27, "expected": 30}})
    record = score(make_scheme(ATTENDANCE), facts).subject("S").item("B2").explanations[0]
    assert render_explanation(record) == "present27/30=90%,在区间[90, 100)内,得20分"


ARTICLES = {
    "id": "B3",
    "name": "投稿",
    "max": 10,
    "rule": {
        "kind": "tiers",
        "metric": "articles",
        "domain": "integer",
        "missing": "zero",
        "tiers": [
            {"range": [0, 0], "points": 0},
            {"range": [1, 1], "points": 1},
            {"range": [2, 2], "points": 3},
            {"range": [3, 3], "points": 6},
            {"range": [4, None], "points": 10},
        ],
    },
}


@pytest.mark.parametrize(
    ("count", "expected"), [(0, 0), (1, 1), (2, 3), (3, 6), ("3.5", 6), (4, 10), (9, 10)]
)
def test_integer_tiers_on_counts(count, expected):
    facts = make_facts({"id": "S", "metrics": {"articles": count}})
    assert points(score(make_scheme(ARTICLES), facts), "S", "B3") == D(expected)


def test_rate_denominator_from_frequency():
    item = {
        "id": "B4",
        "name": "报送率",
        "max": 4,
        "rule": {
            "kind": "tiers",
            "rate": {"numerator": "reports", "denominator": {"frequency": "monthly"}},
            "missing": "zero",
            "tiers": [{"range": "[0, 100)", "points": 0}, {"range": "[100, ∞)", "points": 4}],
        },
    }
    facts = make_facts(
        {"id": "a", "metrics": {"reports": 12}}, {"id": "b", "metrics": {"reports": 11}}
    )
    result = score(make_scheme(item), facts)
    assert points(result, "a", "B4") == D(4)
    assert points(result, "b", "B4") == D(0)


@pytest.mark.parametrize(("missing", "expected"), [("zero", "10"), ("exclude", None)])
def test_zero_denominator_follows_the_missing_policy(missing, expected):
    item = {**ATTENDANCE, "rule": {**ATTENDANCE["rule"], "missing": missing}}
    facts = make_facts({"id": "S", "metrics": {"present": 0, "expected": 0}})
    subject = score(make_scheme(item), facts).subject("S")
    if expected is None:
        assert subject.item("B2").excluded
    else:
        assert subject.item("B2").points == D(expected)


def test_zero_denominator_with_error_policy_raises():
    facts = make_facts({"id": "S", "metrics": {"present": 0, "expected": 0}})
    with pytest.raises(FactsError):
        score(make_scheme(ATTENDANCE), facts)
