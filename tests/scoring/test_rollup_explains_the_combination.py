"""A rollup result explains itself: the combination as one sentence, the periods a veto came
from, the award decisions; and a veto's grade effect carries over to the combined grade."""

from scoring_helpers import make_facts, make_scheme

from kaohe.scoring import evaluate, render_explanation, rollup

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


def _scheme(periods="mean", weights=None):
    return make_scheme(
        ITEM,
        rollup={"periods": periods, "weights": weights or {"daily": 0.7, "central": 0.3}},
        awards=[{"id": "adv", "name": "先进", "min_total": 85, "quota": "50%"}],
        vetoes=[
            {
                "id": "v",
                "name": "否决",
                "when_any": [{"events": "veto"}],
                "effect": {"grade": "lowest"},
            }
        ],
    )


def _period(kind, index, a, b, events=()):
    period = {"kind": kind, "year": 2025} | ({"index": index} if index else {})
    return make_facts(
        {"id": "A", "metrics": {"s": a}},
        {"id": "B", "metrics": {"s": b}},
        events=list(events),
        period=period,
    )


def test_the_combination_reads_as_one_sentence():
    scheme = _scheme()
    daily = [evaluate(scheme, _period("month", m, 90 + m, 80)) for m in (1, 2, 3)]
    central = [evaluate(scheme, _period("year", None, 80, 99))]
    out = {r.subject: r for r in rollup(scheme, {"daily": daily, "central": central})}
    first = out["A"].explanations[0]
    assert first.kind == "rollup" and first.points == out["A"].total
    assert render_explanation(first) == (
        "日常考核(3个月平均)92分 × 0.7 + 集中考核 80分 × 0.3 = 88.4分"
    )
    assert render_explanation(first, "en") == (
        "daily assessment (mean of 3 months) 92 × 0.7 + central assessment 80 × 0.3 = 88.4"
    )
    sentences = [render_explanation(e) for e in out["A"].explanations[1:]]
    assert sentences == ["先进:总分88.4≥85,在2个对象中排第1名,名额1名,符合条件"]


def test_a_sum_over_half_years_says_so():
    scheme = _scheme("sum", {"daily": 1})
    halves = [evaluate(scheme, _period("half_year", h, 40 + h, 30)) for h in (1, 2)]
    out = {r.subject: r for r in rollup(scheme, {"daily": halves})}
    assert render_explanation(out["A"].explanations[0]) == "日常考核(2个半年合计)83分 × 1 = 83分"


def test_a_veto_names_its_period_and_forces_the_grade():
    scheme = _scheme()
    veto = [{"id": "V", "subject": "B", "type": "veto"}]
    daily = [
        evaluate(scheme, _period("month", 1, 90, 99)),
        evaluate(scheme, _period("month", 2, 90, 99, veto)),
    ]
    central = [evaluate(scheme, _period("year", None, 90, 99))]
    out = {r.subject: r for r in rollup(scheme, {"daily": daily, "central": central})}
    vetoed = out["B"]
    assert vetoed.vetoed and vetoed.vetoes == ("v",) and vetoed.awards == ()
    assert vetoed.total == 99 and vetoed.grade == scheme.grades[-1].name
    assert render_explanation(vetoed.explanations[1]) == (
        f"2025年2月的考核中被一票否决,汇总结果不得评优,等次定为{scheme.grades[-1].name}"
    )
    assert out["A"].grade == scheme.grade_for(out["A"].total)
