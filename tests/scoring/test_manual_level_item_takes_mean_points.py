from decimal import Decimal

import pytest
from scoring_helpers import points, score

from kaohe.scoring import FactsError, load_scheme, parse_facts

SCHEME = """
title: 定性评价
version: "1"
subject: branch
period: year
total: 10
grades: [{name: 合格}]
categories:
  - id: A
    name: 定性
    points: 10
    items:
      - id: A1
        name: 实地查看
        max: 10
        rule: {kind: manual, missing: error, levels: {优: 1, 良: 0.8, 中: 0.6, 差: 0}}
"""


def facts(manual):
    return parse_facts({"period": "2025", "subjects": [{"id": "B1", "manual": {"A1": manual}}]})


def test_a_level_item_takes_the_mean_of_two_evaluators_as_points():
    # 优 (10) and 良 (8) from two evaluators: their mean 9 is no level, so it comes as points.
    result = score(load_scheme(SCHEME), facts({"points": 9, "comment": "两位评估人意见不一"}))
    assert points(result, "B1", "A1") == Decimal(9)


def test_points_above_the_max_are_refused_for_a_level_item_too():
    from kaohe.scoring import evaluate, evaluate_columnar

    for evaluator in (evaluate, evaluate_columnar):
        with pytest.raises(FactsError):
            evaluator(load_scheme(SCHEME), facts({"points": 11, "comment": "x"}))
