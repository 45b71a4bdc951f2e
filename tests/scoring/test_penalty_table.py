from scoring_helpers import D, make_facts, make_scheme, points, score

from kaohe.scoring import render_explanation

DISCIPLINE = {
    "id": "E1",
    "name": "违纪处分",
    "rule": {
        "kind": "penalty",
        "surcharge": 2,
        "table": [
            {"type": "discipline", "level": "warning", "points": 5, "label": "警告"},
            {"type": "discipline", "level": "dismissal", "points": 10, "label": "撤职"},
            {"type": "discipline", "level": "probation", "points": 15, "label": "留党察看"},
            {"type": "discipline", "level": "expulsion", "points": 20, "label": "开除"},
        ],
    },
}


def _event(event_id, level, case=None, similar=None, subject="S"):
    event = {"id": event_id, "subject": subject, "type": "discipline", "level": level}
    if case:
        event["case"] = case
    if similar:
        event["similar"] = similar
    return event


def test_penalty_table_counts_one_event_once_at_highest():
    # 同时处以党纪和行政处分的,按就高原则: warning (5) + dismissal (10) for one case → 10
    facts = make_facts(
        {"id": "S"}, events=[_event("E1", "warning", "K1"), _event("E2", "dismissal", "K1")]
    )
    result = score(make_scheme(DISCIPLINE), facts)
    assert points(result, "S", "E1") == D(-10)
    record = result.subject("S").item("E1").explanations[0]
    assert record.records == ("E1", "E2")
    assert "就高扣10分" in render_explanation(record)


def test_two_events_of_one_case_under_one_row_name_it_once():
    # 党内警告 and 记过 of one case both fall under the warning row: "案件K1(警告)", not
    # "案件K1(警告、警告)".
    facts = make_facts(
        {"id": "S"}, events=[_event("E1", "warning", "K1"), _event("E2", "warning", "K1")]
    )
    record = score(make_scheme(DISCIPLINE), facts).subject("S").item("E1").explanations[0]
    assert record.records == ("E1", "E2")
    assert render_explanation(record, record_ids=False) == "案件K1(警告)就高扣5分"


def test_penalties_are_uncapped_and_can_exceed_the_total():
    events = [_event(f"E{i}", "expulsion") for i in range(8)]
    subject = score(make_scheme(DISCIPLINE), make_facts({"id": "S"}, events=events)).subject("S")
    assert subject.item("E1").points == D(-160)
    assert subject.total == D(0)  # the total is floored at 0 unless the scheme allows negatives


def test_negative_totals_when_the_scheme_allows_them():
    events = [_event("E1", "expulsion")]
    scheme = make_scheme(DISCIPLINE, allow_negative_total=True)
    assert score(scheme, make_facts({"id": "S"}, events=events)).subject("S").total == D(-20)


def test_each_additional_similar_case_adds_the_surcharge():
    events = [
        _event("E1", "warning", "K1", "bribery"),
        _event("E2", "warning", "K2", "bribery"),
        _event("E3", "warning", "K3", "bribery"),
        _event("E4", "warning", "K4", "other"),
    ]
    result = score(make_scheme(DISCIPLINE), make_facts({"id": "S"}, events=events))
    # 4 cases × 5, plus 2 repeats of "bribery" × 2
    assert points(result, "S", "E1") == D(-24)


def test_records_of_one_case_do_not_count_as_similar_repeats():
    events = [_event("E1", "warning", "K1", "bribery"), _event("E2", "probation", "K1", "bribery")]
    result = score(make_scheme(DISCIPLINE), make_facts({"id": "S"}, events=events))
    assert points(result, "S", "E1") == D(-15)


def test_unlisted_event_types_do_not_count():
    events = [{"id": "E1", "subject": "S", "type": "honor"}, _event("E2", "unknown_level")]
    assert points(
        score(make_scheme(DISCIPLINE), make_facts({"id": "S"}, events=events)), "S", "E1"
    ) == D(0)


def test_optional_cap_limits_a_penalty_item():
    item = {
        "id": "E2",
        "name": "通报",
        "rule": {"kind": "penalty", "cap": 6, "table": [{"type": "notice", "points": 3}]},
    }
    events = [{"id": f"N{i}", "subject": "S", "type": "notice"} for i in range(3)]
    assert points(score(make_scheme(item), make_facts({"id": "S"}, events=events)), "S", "E2") == D(
        -6
    )
