import pytest
from scoring_helpers import make_facts, make_scheme, score

ITEM = {
    "id": "A",
    "name": "得分",
    "max": 100,
    "rule": {
        "kind": "tiers",
        "metric": "s",
        "missing": "zero",
        "tiers": [
            {"range": "[0, 59.5)", "points": 59.5},
            {"range": "[59.5, 80)", "points": 79.99},
            {"range": "[80, 90)", "points": 80},
            {"range": "[90, ∞)", "points": 100},
        ],
    },
}
STARS = [
    {"name": "★★★", "min": 90},
    {"name": "★★", "min": 80},
    {"name": "★", "min": 60},
    {"name": "☆"},
]


@pytest.mark.parametrize(("s", "grade"), [(0, "☆"), (59.5, "★"), (80, "★★"), (95, "★★★")])
def test_grade_bands_are_inclusive_minimums(s, grade):
    result = score(make_scheme(ITEM, grades=STARS), make_facts({"id": "S", "metrics": {"s": s}}))
    assert result.subject("S").grade == grade


def test_default_bands_are_excellent_good_fair_poor():
    scheme = make_scheme(ITEM)
    assert [g.name for g in scheme.grades] == ["优秀", "良好", "一般", "较差"]
