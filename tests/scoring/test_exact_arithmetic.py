from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scoring_helpers import make_facts, make_scheme, score

from kaohe.scoring.numbers import NumberFormatError, parse_number


def test_yaml_floats_become_exact_decimals():
    assert parse_number(0.1) == Decimal("0.1")
    assert parse_number(0.1) + parse_number(0.2) == Decimal("0.3")


@pytest.mark.parametrize("bad", [0.005, "1.234", "abc", float("nan"), [1]])
def test_more_than_two_decimals_or_non_numbers_are_rejected(bad):
    with pytest.raises(NumberFormatError):
        parse_number(bad)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["0.5", "0.25", "0.1", "1"]), min_size=1, max_size=30))
def test_small_deductions_add_up_exactly(steps):
    clauses = [{"count": f"m{i}", "points": float(p)} for i, p in enumerate(steps)]
    item = {
        "id": "A",
        "name": "扣分",
        "max": 100,
        "rule": {"kind": "deduction", "missing": "zero", "clauses": clauses},
    }
    facts = make_facts({"id": "S", "metrics": {f"m{i}": 1 for i in range(len(steps))}})
    expected = max(Decimal(100) - sum(Decimal(p) for p in steps), Decimal(0))
    assert score(make_scheme(item), facts).subject("S").item("A").points == expected
