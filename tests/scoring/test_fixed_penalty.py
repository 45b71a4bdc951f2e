from scoring_helpers import D, make_facts, make_scheme, points, score

FIXED = {
    "id": "E3",
    "name": "支部罚分",
    "rule": {
        "kind": "fixed_penalty",
        "points": 20,
        "missing": "zero",
        "when_any": [
            {"events": "political_accident", "label": "重大政治责任事故"},
            {"events": "serious_violation"},
            {"metric": "disunity", "label": "党支部内部不团结"},
        ],
    },
}


def test_fixed_penalty_applies_once_whatever_how_many_conditions_hold():
    facts = make_facts(
        {"id": "both", "metrics": {"filler": 1, "disunity": 1}},
        {"id": "clean", "metrics": {"filler": 1}},
        events=[{"id": "P1", "subject": "both", "type": "political_accident"}],
    )
    result = score(make_scheme(FIXED), facts)
    assert points(result, "both", "E3") == D(-20)
    assert result.subject("both").total == D(0)  # 10 − 20, floored at 0
    assert points(result, "clean", "E3") == D(0)
    assert result.subject("clean").total == D(10)


def test_fixed_penalty_on_the_total_goes_below_zero_when_allowed():
    scheme = make_scheme(FIXED, allow_negative_total=True)
    facts = make_facts({"id": "S", "metrics": {"filler": 1, "disunity": 1}})
    assert score(scheme, facts).subject("S").total == D(-10)
