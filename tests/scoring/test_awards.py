from scoring_helpers import D, make_facts, make_scheme, score

from kaohe.scoring.scheme import Award

ITEM = {
    "id": "A",
    "name": "得分",
    "max": 100,
    "rule": {"kind": "completion", "metric": "s", "op": ">=", "value": 0, "missing": "zero"},
}


def _scheme(**award):
    base = {"id": "adv", "name": "先进党支部", "min_total": 85, "quota": "30%"}
    base.update(award)
    # points = total via a tiers item so that totals vary
    item = {
        "id": "A",
        "name": "得分",
        "max": 100,
        "rule": {
            "kind": "tiers",
            "metric": "s",
            "missing": "zero",
            "tiers": [{"range": f"[{v}, {v + 1})", "points": v} for v in range(0, 100)]
            + [{"range": "[100, ∞)", "points": 100}],
        },
    }
    return make_scheme(item, awards=[base])


def _facts(totals, groups=None):
    return make_facts(
        *(
            {
                "id": f"S{i:02d}",
                "metrics": {"s": t},
                "groups": {"branch": groups[i]} if groups else {},
            }
            for i, t in enumerate(totals)
        )
    )


def _winners(result):
    return [s.subject for s in result.subjects if s.awards]


def test_quota_is_floor_of_share_times_population():
    assert [
        Award("a", "a", D(0), D(30), None, "floor", "include").quota(n) for n in (3, 4, 10, 13)
    ] == [0, 1, 3, 3]
    assert Award("a", "a", D(0), D(30), None, "ceil", "include").quota(4) == 2
    assert Award("a", "a", D(0), D(25), None, "half_up", "include").quota(10) == 3  # 2.5 → 3


def test_threshold_and_top_30_percent():
    result = score(_scheme(), _facts([99, 98, 97, 96, 95, 84, 83, 82, 81, 80]))
    assert _winners(result) == ["S00", "S01", "S02"]


def test_threshold_is_inclusive_and_beats_the_quota():
    result = score(_scheme(), _facts([85, 84, 10, 10, 10, 10, 10, 10, 10, 10]))
    assert _winners(result) == ["S00"]


def test_ties_at_the_quota_boundary_include_everyone_tied():
    result = score(_scheme(), _facts([99, 98, 97, 97, 50, 50, 50, 50, 50, 50]))
    assert _winners(result) == ["S00", "S01", "S02", "S03"]


def test_ties_at_the_quota_boundary_can_exclude_the_tied_group():
    result = score(_scheme(ties="exclude"), _facts([99, 98, 97, 97, 50, 50, 50, 50, 50, 50]))
    assert _winners(result) == ["S00", "S01"]


def test_quota_per_group_for_outstanding_members():
    # 优秀党员: ≥ 90 and at most 20% of each branch
    totals = [99, 95, 92, 91, 10, 96, 94, 93, 92, 91]
    groups = ["B1"] * 5 + ["B2"] * 5
    result = score(_scheme(min_total=90, quota="20%", group="branch"), _facts(totals, groups))
    assert _winners(result) == ["S00", "S05"]
    assert result.subject("S00").total == D(99)
