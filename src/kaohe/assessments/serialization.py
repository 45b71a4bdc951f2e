"""Explanation records ⇄ JSON, keeping Decimals exact (tagged, never floats)."""

from decimal import Decimal
from typing import Any

from kaohe.scoring import Explanation

_DECIMAL = "$d"


def _encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {_DECIMAL: str(value)}
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {_DECIMAL}:
            return Decimal(value[_DECIMAL])
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def explanation_to_json(record: Explanation) -> dict[str, Any]:
    return {
        "kind": record.kind,
        "item": record.item,
        "points": str(record.points),
        "inputs": _encode(dict(record.inputs)),
        "records": list(record.records),
        "clause": record.clause,
    }


def explanation_from_json(data: dict[str, Any]) -> Explanation:
    return Explanation(
        kind=data["kind"],
        item=data["item"],
        points=Decimal(data["points"]),
        inputs=_decode(data["inputs"]),
        records=tuple(data["records"]),
        clause=data["clause"],
    )
