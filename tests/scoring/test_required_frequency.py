import pytest
from scoring_helpers import D, make_facts, make_scheme, points, score

from kaohe.scoring import FactsError, Period
from kaohe.scoring.periods import required_count


@pytest.mark.parametrize(
    ("frequency", "period", "expected"),
    [
        ("quarterly", Period("year"), 4),
        ("monthly", Period("year"), 12),
        ("half_yearly", Period("year"), 2),
        ("yearly", Period("year"), 1),
        ("quarterly", Period("half_year", 2024, 1), 2),
        ("quarterly", Period("quarter", 2024, 2), 1),
        ("monthly", Period("quarter", 2024, 2), 3),
        ("weekly", Period("year"), 52),
        ("weekly", Period("month", 2024, 2), 4),
    ],
)
def test_required_count_from_frequency_and_period(frequency, period, expected):
    assert required_count(frequency, 1, period) == expected


@pytest.mark.parametrize(("month", "expected"), [(1, 0), (2, 0), (3, 1), (6, 1), (11, 0), (12, 1)])
def test_quarterly_requirement_falls_due_in_the_last_month_of_the_quarter(month, expected):
    assert required_count("quarterly", 1, Period("month", 2024, month)) == expected


def test_half_yearly_requirement_in_quarters_is_due_in_q2_and_q4():
    due = [required_count("half_yearly", 1, Period("quarter", 2024, q)) for q in (1, 2, 3, 4)]
    assert due == [0, 1, 0, 1]


def test_times_multiplies_the_requirement():
    assert required_count("quarterly", 2, Period("year")) == 8


SAN_HUI = {
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
            },
            {"shortfall": "committee", "required": {"frequency": "monthly"}, "points": 1},
        ],
    },
}


def test_meeting_shortfall_depends_on_the_period():
    scheme = make_scheme(SAN_HUI)
    year = make_facts({"id": "S", "metrics": {"congress": 3, "committee": 12}}, period="2024")
    march = make_facts({"id": "S", "metrics": {"congress": 0, "committee": 1}}, period="2024-03")
    february = make_facts({"id": "S", "metrics": {"congress": 0, "committee": 1}}, period="2024-02")
    assert points(score(scheme, year), "S", "A2") == D(4)
    assert points(score(scheme, march), "S", "A2") == D(4)
    assert points(score(scheme, february), "S", "A2") == D(5)


def test_per_period_table_overrides_the_frequency():
    item = {
        "id": "A1",
        "name": "集中学习",
        "max": 10,
        "rule": {
            "kind": "deduction",
            "missing": "zero",
            "clauses": [
                {
                    "shortfall": "study",
                    "required": {"per_period": {"year": 48, "month": 4}},
                    "points": 1,
                }
            ],
        },
    }
    facts = make_facts({"id": "S", "metrics": {"study": 45}}, period="2024")
    assert points(score(make_scheme(item), facts), "S", "A1") == D(7)


def test_a_quarterly_requirement_in_an_unnamed_month_is_an_error():
    facts = make_facts(
        {"id": "S", "metrics": {"congress": 1, "committee": 1}}, period={"kind": "month"}
    )
    with pytest.raises(FactsError, match="period"):
        score(make_scheme(SAN_HUI), facts)
