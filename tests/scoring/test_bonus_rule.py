import pytest
from scoring_helpers import D, make_facts, make_scheme, points, score

from kaohe.scoring import SchemeError

INFO = {
    "id": "D1",
    "name": "信息刊登",
    "max": 8,
    "rule": {
        "kind": "bonus",
        "clauses": [
            {"events": {"type": "info", "level": "city_typical"}, "points": 1},
            {"events": {"type": "info", "level": "city_brief"}, "points": 0.5},
            {"events": {"type": "info", "level": "province_typical"}, "points": 4},
            {"events": {"type": "info", "level": "central_typical"}, "points": 6},
        ],
    },
}


def _events(subject, *levels):
    return [
        {"id": f"{subject}-{i}", "subject": subject, "type": "info", "level": level}
        for i, level in enumerate(levels)
    ]


def test_bonus_points_by_event_level():
    facts = make_facts(
        {"id": "S"},
        events=_events("S", "city_typical", "city_brief", "city_brief", "province_typical"),
    )
    assert points(score(make_scheme(INFO), facts), "S", "D1") == D(6)


def test_bonus_is_capped_by_the_item_max():
    facts = make_facts({"id": "S"}, events=_events("S", "central_typical", "province_typical"))
    result = score(make_scheme(INFO), facts)
    assert points(result, "S", "D1") == D(8)
    assert any(e.kind == "bonus.capped" for e in result.subject("S").item("D1").explanations)


def test_scheme_bonus_cap_limits_the_sum_of_bonus_items():
    honors = {
        "id": "D2",
        "name": "表彰奖励",
        "max": 5,
        "rule": {"kind": "bonus", "clauses": [{"events": "honor", "points": 5}]},
    }
    scheme = make_scheme(INFO, honors, bonus_cap=5)
    facts = make_facts(
        {"id": "S"},
        events=[*_events("S", "province_typical"), {"id": "H", "subject": "S", "type": "honor"}],
    )
    subject = score(scheme, facts).subject("S")
    assert subject.item("D1").points + subject.item("D2").points == D(9)
    assert subject.bonus == D(5)
    assert subject.total == D(5)  # the filler base item scored 0


def test_bonus_clauses_that_would_count_one_event_twice_are_rejected():
    item = {
        "id": "D1",
        "name": "加分",
        "max": 5,
        "rule": {
            "kind": "bonus",
            "clauses": [
                {"events": "info", "points": 1},
                {"events": {"type": "info", "level": "x"}, "points": 2},
            ],
        },
    }
    with pytest.raises(SchemeError, match="overlap"):
        make_scheme(item)


def test_bonus_from_a_count_metric():
    item = {
        "id": "D3",
        "name": "调研文章",
        "max": 2,
        "rule": {
            "kind": "bonus",
            "missing": "zero",
            "clauses": [{"count": "adopted", "points": 1}],
        },
    }
    facts = make_facts(
        {"id": "a", "metrics": {"adopted": 1}}, {"id": "b", "metrics": {"adopted": 4}}
    )
    result = score(make_scheme(item), facts)
    assert points(result, "a", "D3") == D(1)
    assert points(result, "b", "D3") == D(2)
