"""Small builders for scoring tests. ``score`` runs both evaluators and asserts they agree,
so every unit test of a rule kind also checks the columnar evaluator."""

from decimal import Decimal
from typing import Any

from kaohe.scoring import Result, Scheme, evaluate, evaluate_columnar, parse_facts, parse_scheme

FILLER = {
    "id": "Z",
    "name": "基础分",
    "max": 10,
    "rule": {"kind": "completion", "metric": "filler", "missing": "zero"},
}


def make_scheme(*items: dict[str, Any], **settings: Any) -> Scheme:
    """A one-category scheme; the total is the sum of the base items (a filler item is added
    when there are none)."""
    items_list = list(items)
    base = [i for i in items_list if i["rule"]["kind"] not in {"bonus", "penalty", "fixed_penalty"}]
    if not base:
        items_list.insert(0, FILLER)
        base = [FILLER]
    data = {
        "title": "测试方案",
        "total": sum(Decimal(str(i["max"])) for i in base),
        "categories": [{"id": "C", "name": "类别", "items": items_list}],
    }
    data.update(settings)
    return parse_scheme(data, source="test.yaml")


def make_facts(*subjects: dict[str, Any], events: list[dict[str, Any]] = (), period: Any = None):
    data: dict[str, Any] = {"subjects": list(subjects), "events": list(events)}
    if period is not None:
        data["period"] = period
    return parse_facts(data, source="facts.json")


def score(scheme: Scheme, facts) -> Result:
    result = evaluate(scheme, facts)
    assert result.to_points() == evaluate_columnar(scheme, facts).to_points()
    return result


def points(result: Result, subject: str, item: str) -> Decimal:
    return result.subject(subject).item(item).points


def D(text: str | int) -> Decimal:
    return Decimal(str(text))
