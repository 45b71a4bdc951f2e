from scoring_helpers import D, make_facts, make_scheme, points, score

APP = {
    "id": "C1",
    "name": "党建APP学习",
    "max": 10,
    "rule": {
        "kind": "rank",
        "metric": "app",
        "missing": "zero",
        "tiers": [
            {"ranks": [1, 5], "points": 10},
            {"ranks": [6, 10], "points": 8},
            {"ranks": [11, 15], "points": 5},
            {"ranks": [16, None], "points": 3},
        ],
    },
}


def _population(values):
    return make_facts(*({"id": f"S{i:02d}", "metrics": {"app": v}} for i, v in enumerate(values)))


def test_ranks_at_tier_boundaries():
    facts = _population(list(range(100, 80, -1)))  # 20 distinct values, rank = position
    result = score(make_scheme(APP), facts)
    got = [points(result, f"S{i:02d}", "C1") for i in range(20)]
    assert got == [D(10)] * 5 + [D(8)] * 5 + [D(5)] * 5 + [D(3)] * 5


def test_ties_share_the_better_rank():
    # values 9, 8, 8, 7 → competition ranks 1, 2, 2, 4
    item = {
        **APP,
        "rule": {
            **APP["rule"],
            "tiers": [
                {"ranks": [1, 1], "points": 10},
                {"ranks": [2, 2], "points": 8},
                {"ranks": [3, 3], "points": 6},
                {"ranks": [4, None], "points": 1},
            ],
        },
    }
    facts = _population([9, 8, 8, 7])
    result = score(make_scheme(item), facts)
    assert [points(result, f"S0{i}", "C1") for i in range(4)] == [D(10), D(8), D(8), D(1)]
    assert result.subject("S03").item("C1").explanations[0].inputs["rank"] == 4


def test_a_tie_across_the_tier_boundary_lifts_everyone_tied():
    values = [100, 99, 98, 97, 96, 95, 95, 90]  # ranks 1..6, 6, 8
    item = {
        **APP,
        "rule": {
            **APP["rule"],
            "tiers": [{"ranks": [1, 6], "points": 10}, {"ranks": [7, None], "points": 3}],
        },
    }
    result = score(make_scheme(item), _population(values))
    assert points(result, "S06", "C1") == D(10)
    assert points(result, "S07", "C1") == D(3)


def test_ascending_order_ranks_the_smallest_first():
    item = {**APP, "rule": {**APP["rule"], "order": "asc"}}
    result = score(make_scheme(item), _population([5, 1, *range(50, 70)]))
    assert points(result, "S01", "C1") == D(10)  # the smallest value ranks first
    assert points(result, "S21", "C1") == D(3)  # the largest ranks 22nd


def test_rank_within_a_group():
    item = {
        **APP,
        "rule": {
            **APP["rule"],
            "group": "workshop",
            "tiers": [{"ranks": [1, 1], "points": 10}, {"ranks": [2, None], "points": 0}],
        },
    }
    facts = make_facts(
        {"id": "a1", "groups": {"workshop": "A"}, "metrics": {"app": 10}},
        {"id": "a2", "groups": {"workshop": "A"}, "metrics": {"app": 20}},
        {"id": "b1", "groups": {"workshop": "B"}, "metrics": {"app": 5}},
    )
    result = score(make_scheme(item), facts)
    assert points(result, "a2", "C1") == D(10)
    assert points(result, "a1", "C1") == D(0)
    assert points(result, "b1", "C1") == D(10)


def test_excluded_subjects_take_no_rank():
    item = {
        **APP,
        "rule": {
            **APP["rule"],
            "missing": "exclude",
            "tiers": [{"ranks": [1, 1], "points": 10}, {"ranks": [2, None], "points": 0}],
        },
    }
    facts = make_facts({"id": "none"}, {"id": "low", "metrics": {"app": 1}})
    result = score(make_scheme(item), facts)
    assert result.subject("none").item("C1").excluded
    assert points(result, "low", "C1") == D(10)
