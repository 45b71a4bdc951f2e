"""Random schemes and facts: the scalar and columnar evaluators give identical points, and the
invariants hold (items within bounds, bonuses within caps, vetoed subjects never eligible,
totals equal the sum of their parts)."""

from decimal import Decimal

from hypothesis import given
from random_schemes import SETTINGS, facts_data, schemes

from kaohe.scoring import FactsError, evaluate, evaluate_columnar, parse_facts


def _evaluate_both(scheme, data):
    facts = parse_facts(data, source="random.json")
    try:
        scalar = evaluate(scheme, facts)
    except FactsError:
        scalar = None
    try:
        columnar = evaluate_columnar(scheme, facts)
    except FactsError:
        columnar = None
    assert (scalar is None) == (columnar is None), (
        "one evaluator rejected the facts, the other did not"
    )
    return scalar, columnar


@SETTINGS
@given(schemes(), facts_data())
def test_scalar_and_columnar_give_identical_points(scheme, data):
    scalar, columnar = _evaluate_both(scheme, data)
    if scalar is not None:
        assert scalar.to_points() == columnar.to_points()


@SETTINGS
@given(schemes(), facts_data())
def test_invariants_hold(scheme, data):
    scalar, _ = _evaluate_both(scheme, data)
    if scalar is None:
        return
    rules = {item.id: item for item in scheme.items}
    for subject in scalar.subjects:
        for item in subject.items:
            rule = rules[item.id].rule
            if item.role == "base":
                assert Decimal(0) <= item.points <= item.max
            elif item.role == "bonus":
                assert item.points >= 0
                if item.max is not None:
                    assert item.points <= item.max
            else:
                assert item.points <= 0
                if getattr(rule, "cap", None) is not None:
                    assert item.points >= -rule.cap
            if item.excluded:
                assert item.points == 0
        if scheme.bonus_cap is not None:
            assert subject.bonus <= scheme.bonus_cap
        assert subject.bonus == min(
            sum(i.points for i in subject.items if i.role == "bonus"),
            scheme.bonus_cap if scheme.bonus_cap is not None else Decimal("Infinity"),
        )
        assert subject.penalty == sum(i.points for i in subject.items if i.role == "penalty")
        if not any(i.excluded for i in subject.items if i.role == "base"):
            assert subject.base == sum(i.points for i in subject.items if i.role == "base")
        if subject.vetoed:
            assert subject.awards == ()
        forced = any(v.total is not None for v in scheme.vetoes if v.id in subject.vetoes)
        if not forced:
            parts = subject.base + subject.bonus + subject.penalty
            expected = parts if scheme.allow_negative_total else max(parts, Decimal(0))
            assert subject.total == expected
        for award in scheme.awards:
            if award.id in subject.awards:
                assert subject.total >= award.min_total
