from scoring_helpers import D, make_facts, make_scheme, score

from kaohe.scoring import render_explanation

ITEM = {
    "id": "A1",
    "name": "工作",
    "max": 100,
    "rule": {"kind": "completion", "metric": "done", "missing": "zero"},
}
GRADES = [{"name": "优秀", "min": 90}, {"name": "良好", "min": 80}, {"name": "较差"}]
AWARD = [{"id": "adv", "name": "先进党支部", "min_total": 85, "quota": "50%"}]


def _scheme(effect):
    return make_scheme(
        ITEM,
        grades=GRADES,
        awards=AWARD,
        vetoes=[
            {
                "id": "accident",
                "name": "较大安全责任事故",
                "when_any": [{"events": "accident"}],
                "effect": effect,
            }
        ],
    )


def _facts():
    return make_facts(
        {"id": "clean", "metrics": {"done": 1}},
        {"id": "vetoed", "metrics": {"done": 1}},
        events=[{"id": "X1", "subject": "vetoed", "type": "accident"}],
    )


def test_vetoed_subject_forced_to_the_lowest_grade_and_no_award():
    result = score(_scheme({"grade": "lowest"}), _facts())
    vetoed = result.subject("vetoed")
    assert vetoed.vetoes == ("accident",)
    assert vetoed.total == D(100)
    assert vetoed.grade == "较差"
    assert vetoed.awards == ()
    assert result.subject("clean").awards == ("adv",)
    text = [render_explanation(e) for e in vetoed.explanations]
    assert any("一票否决" in t and "X1" in t for t in text)


def test_veto_can_set_the_total():
    vetoed = score(_scheme({"total": 0}), _facts()).subject("vetoed")
    assert vetoed.total == D(0)
    assert vetoed.grade == "较差"


def test_veto_with_no_effect_still_blocks_awards():
    result = score(_scheme({}), _facts())
    assert result.subject("vetoed").grade == "优秀"
    assert result.subject("vetoed").awards == ()


def test_vetoed_branch_takes_no_quota_place():
    # quota 50% of 2 = 1 place; the vetoed top scorer does not take it
    scheme = _scheme({})
    facts = make_facts(
        {"id": "top", "metrics": {"done": 1}},
        {"id": "second", "metrics": {"done": 1}},
        events=[{"id": "X1", "subject": "top", "type": "accident"}],
    )
    result = score(scheme, facts)
    assert result.subject("second").awards == ("adv",)


def test_veto_on_a_metric():
    scheme = make_scheme(
        ITEM,
        vetoes=[
            {
                "id": "v",
                "name": "群体性事件",
                "missing": "zero",
                "when_any": [{"metric": "incidents"}],
                "effect": {"total": 10},
            }
        ],
    )
    facts = make_facts(
        {"id": "a", "metrics": {"done": 1, "incidents": 1}}, {"id": "b", "metrics": {"done": 1}}
    )
    result = score(scheme, facts)
    assert result.subject("a").total == D(10)
    assert result.subject("b").total == D(100)
