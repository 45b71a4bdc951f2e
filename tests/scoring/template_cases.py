"""Helpers for the golden tests of the shipped templates (tests/scoring/test_template_*.py).

``score_template`` runs both evaluators on hand-written facts and asserts they agree, so every
golden case also checks the columnar evaluator. ``subject`` builds one subject from a template's
"everything in order" metrics plus the overrides a case is about.
"""

from decimal import Decimal
from typing import Any

from kaohe.scoring import Result, Scheme, evaluate, evaluate_columnar, get_template, parse_facts


def score_template(
    template: str | Scheme,
    subjects: list[dict[str, Any]],
    events: list[dict[str, Any]] = (),  # type: ignore[assignment]
    period: Any = None,
) -> Result:
    scheme = get_template(template) if isinstance(template, str) else template
    data: dict[str, Any] = {"subjects": subjects, "events": list(events)}
    if period is not None:
        data["period"] = period
    facts = parse_facts(data, source="golden.json")
    result = evaluate(scheme, facts)
    assert result.to_points() == evaluate_columnar(scheme, facts).to_points()
    return result


def subject(
    subject_id: str,
    base: dict[str, Any],
    manual: dict[str, Any] | None = None,
    groups: dict[str, str] | None = None,
    **metrics: Any,
) -> dict[str, Any]:
    data: dict[str, Any] = {"id": subject_id, "metrics": {**base, **metrics}}
    if manual:
        data["manual"] = manual
    if groups:
        data["groups"] = groups
    return data


def D(text: str | int) -> Decimal:
    return Decimal(str(text))
