from scoring_helpers import D, make_facts, make_scheme, points, score

ITEM = {
    "id": "A1",
    "name": "党费收缴",
    "max": 3,
    "rule": {"kind": "completion", "metric": "dues_paid", "missing": "zero"},
}


def test_completion_gives_full_marks_when_done_and_zero_otherwise():
    scheme = make_scheme(ITEM)
    facts = make_facts(
        {"id": "done", "metrics": {"dues_paid": True}},
        {"id": "not_done", "metrics": {"dues_paid": False}},
    )
    result = score(scheme, facts)
    assert points(result, "done", "A1") == D(3)
    assert points(result, "not_done", "A1") == D(0)


def test_completion_threshold_is_inclusive_at_the_value_and_otherwise_points_apply():
    item = {
        "id": "A1",
        "name": "学习",
        "max": 4,
        "rule": {
            "kind": "completion",
            "metric": "sessions",
            "op": ">=",
            "value": 3,
            "otherwise": 1.5,
            "missing": "zero",
        },
    }
    facts = make_facts(
        {"id": "at", "metrics": {"sessions": 3}},
        {"id": "below", "metrics": {"sessions": 2.99}},
    )
    result = score(make_scheme(item), facts)
    assert points(result, "at", "A1") == D(4)
    assert points(result, "below", "A1") == D("1.5")


def test_completion_on_events_counts_the_subjects_events():
    item = {
        "id": "A1",
        "name": "述职",
        "max": 2,
        "rule": {"kind": "completion", "events": "report_filed"},
    }
    facts = make_facts(
        {"id": "S1"},
        {"id": "S2"},
        events=[{"id": "E1", "subject": "S1", "type": "report_filed"}],
    )
    result = score(make_scheme(item), facts)
    assert points(result, "S1", "A1") == D(2)
    assert points(result, "S2", "A1") == D(0)
    assert result.subject("S1").item("A1").explanations[0].records == ("E1",)
