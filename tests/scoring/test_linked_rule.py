from scoring_helpers import D, make_facts, make_scheme, points, score

from kaohe.scoring import render_explanation

LINKED = {
    "id": "A5",
    "name": "理论学习出勤",
    "max": 4,
    "rule": {
        "kind": "linked",
        "events": "training_absence",
        "label": "无故缺席政治理论学习",
        "branch": 0.5,
        "member": 1,
    },
}

EVENTS = [
    {"id": "E1", "subject": "M1", "type": "training_absence", "branch": "B1"},
    {"id": "E2", "subject": "M1", "type": "training_absence", "branch": "B1"},
    {"id": "E3", "subject": "M2", "type": "training_absence", "branch": "B1"},
    {"id": "E4", "subject": "M3", "type": "training_absence", "branch": "B2"},
]


def test_one_fact_deducts_from_the_branch_per_member_event():
    scheme = make_scheme(LINKED, subject="branch")
    result = score(scheme, make_facts({"id": "B1"}, {"id": "B2"}, events=EVENTS))
    assert points(result, "B1", "A5") == D("2.5")
    assert points(result, "B2", "A5") == D("3.5")
    record = result.subject("B1").item("A5").explanations[0]
    assert record.records == ("E1", "E2", "E3")
    assert render_explanation(record).startswith(
        "无故缺席政治理论学习3人次,每人次扣支部0.5分,扣1.5分"
    )


def test_the_same_fact_deducts_from_the_member_in_a_member_scheme():
    scheme = make_scheme(LINKED, subject="member")
    facts = make_facts(
        {"id": "M1", "groups": {"branch": "B1"}},
        {"id": "M2", "groups": {"branch": "B1"}},
        {"id": "M3", "groups": {"branch": "B2"}},
        events=EVENTS,
    )
    result = score(scheme, facts)
    assert points(result, "M1", "A5") == D(2)
    assert points(result, "M2", "A5") == D(3)
    assert points(result, "M3", "A5") == D(3)


def test_member_events_find_their_branch_through_the_branch_group():
    facts = make_facts(
        {"id": "B1"},
        {"id": "M1", "groups": {"branch": "B1"}},
        events=[{"id": "E1", "subject": "M1", "type": "training_absence"}],
    )
    assert facts.events[0].branch == "B1"
    result = score(make_scheme(LINKED, subject="branch"), facts)
    assert points(result, "B1", "A5") == D("3.5")


def test_linked_deduction_floors_at_zero():
    events = [
        {"id": f"E{i}", "subject": f"M{i}", "type": "training_absence", "branch": "B1"}
        for i in range(20)
    ]
    result = score(make_scheme(LINKED), make_facts({"id": "B1"}, events=events))
    assert points(result, "B1", "A5") == D(0)
