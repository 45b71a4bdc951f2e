import pytest
from scoring_helpers import D, make_facts, make_scheme, points, score

from kaohe.scoring import FactsError

LEVELS = {
    "id": "C2",
    "name": "实地查看",
    "max": 10,
    "rule": {
        "kind": "manual",
        "missing": "error",
        "levels": {"优": 1, "良": 0.8, "中": 0.6, "差": 0.35},
    },
}
POINTS = {"id": "C4", "name": "书记述职", "max": 5, "rule": {"kind": "manual", "missing": "zero"}}


def test_levels_map_to_a_share_of_max():
    facts = make_facts(
        {"id": "a", "manual": {"C2": {"level": "优"}}},
        {"id": "b", "manual": {"C2": {"level": "良", "comment": "资料不全"}}},
        {"id": "c", "manual": {"C2": {"level": "差", "comment": "多项缺失"}}},
    )
    result = score(make_scheme(LEVELS), facts)
    assert [points(result, s, "C2") for s in "abc"] == [D(10), D(8), D("3.5")]


def test_points_rating_and_missing_as_zero():
    facts = make_facts(
        {"id": "a", "manual": {"C4": {"points": 4.5, "comment": "偏空"}}}, {"id": "b"}
    )
    result = score(make_scheme(POINTS), facts)
    assert points(result, "a", "C4") == D("4.5")
    assert points(result, "b", "C4") == D(0)


@pytest.mark.parametrize(
    ("item", "manual"),
    [
        (LEVELS, {"level": "良"}),  # below max without a comment
        (POINTS, {"points": 4, "comment": "  "}),  # a blank comment is no comment
        (LEVELS, {"level": "甲"}),  # unknown level
        (POINTS, {"points": 6, "comment": "超出"}),  # above max
        # A levels item takes points (the mean of two evaluators), but not above its max.
        (LEVELS, {"points": 12, "comment": "按分值"}),
    ],
)
def test_invalid_manual_scores_are_errors(item, manual):
    facts = make_facts({"id": "a", "manual": {item["id"]: manual}})
    with pytest.raises(FactsError):
        score(make_scheme(item), facts)


def test_full_marks_need_no_comment():
    facts = make_facts({"id": "a", "manual": {"C4": {"points": 5}}})
    assert points(score(make_scheme(POINTS), facts), "a", "C4") == D(5)


def test_missing_manual_score_with_error_policy_raises():
    with pytest.raises(FactsError, match="manual"):
        score(make_scheme(LEVELS), make_facts({"id": "a"}))
