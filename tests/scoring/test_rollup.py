import pytest
from scoring_helpers import D, make_facts, make_scheme

from kaohe.scoring import evaluate, rollup

ITEM = {
    "id": "A",
    "name": "得分",
    "max": 100,
    "rule": {
        "kind": "tiers",
        "metric": "s",
        "missing": "zero",
        "tiers": [{"range": f"[{v}, {v + 1})", "points": v} for v in range(100)]
        + [{"range": "[100, ∞)", "points": 100}],
    },
}


def _scheme(**extra):
    return make_scheme(
        ITEM,
        rollup={"periods": "mean", "weights": {"daily": 0.7, "central": 0.3}},
        awards=[{"id": "adv", "name": "先进", "min_total": 85, "quota": "50%"}],
        vetoes=[{"id": "v", "name": "否决", "when_any": [{"events": "veto"}]}],
        **extra,
    )


def _month(a, b, events=()):
    return make_facts(
        {"id": "A", "metrics": {"s": a}}, {"id": "B", "metrics": {"s": b}}, events=list(events)
    )


def test_monthly_mean_then_weighted_with_central_assessment():
    scheme = _scheme()
    daily = [
        evaluate(scheme, _month(90, 80)),
        evaluate(scheme, _month(91, 81)),
        evaluate(scheme, _month(93, 70)),
    ]
    central = [evaluate(scheme, _month(80, 99))]
    out = {r.subject: r for r in rollup(scheme, {"daily": daily, "central": central})}
    # A: mean(90, 91, 93) = 91.33; 91.33 × 0.7 + 80 × 0.3 = 87.931 → 87.93
    assert out["A"].parts == (("daily", D("91.33")), ("central", D(80)))
    assert out["A"].total == D("87.93")
    assert out["A"].grade == "良好"
    assert out["A"].awards == ("adv",)
    # B: mean(80, 81, 70) = 77; 77 × 0.7 + 99 × 0.3 = 83.6
    assert out["B"].total == D("83.6")


def test_a_veto_in_any_period_blocks_the_award():
    scheme = _scheme()
    daily = [
        evaluate(scheme, _month(99, 80, [{"id": "V", "subject": "A", "type": "veto"}])),
        evaluate(scheme, _month(99, 80)),
    ]
    central = [evaluate(scheme, _month(99, 86))]
    out = {r.subject: r for r in rollup(scheme, {"daily": daily, "central": central})}
    assert out["A"].vetoed and out["A"].awards == ()
    assert out["B"].awards == ()  # 80 × 0.7 + 86 × 0.3 = 81.8 < 85


def test_rollup_needs_the_configured_parts():
    scheme = _scheme()
    with pytest.raises(ValueError, match="daily"):
        rollup(scheme, {"daily": [evaluate(scheme, _month(1, 2))]})
