"""A scheme reading a metric the naive loop does not compute is refused, by name, rather
than scored on facts that silently lack it."""

import pytest

from kaohe.bench.naive import subject_facts
from kaohe.scoring import Period, load_scheme
from tests.schemes import SMALL_SCHEME


def test_an_unknown_metric_is_named():
    with pytest.raises(ValueError, match="metric dues_paid_in_full"):
        subject_facts(
            load_scheme(SMALL_SCHEME), root=None, period=Period("year", 2025), subjects=[]
        )
