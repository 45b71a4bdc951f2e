"""Exact numbers: points and metrics are Decimals with at most two decimal places.

The scalar evaluator works in Decimal; the columnar one in integer hundredths (Int64).
Both are exact, so 0.5 + 0.5 + … adds up, and a value on a tier boundary compares the
same way in both.
"""

import functools
import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

HUNDREDTH = Decimal("0.01")
ZERO = Decimal(0)


class NumberFormatError(ValueError):
    """Raised with a bilingual message when a value is not an exact two-decimal number."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en


def parse_number(value: object, *, allow_bool: bool = False) -> Decimal:
    """Turn a YAML/JSON/CSV scalar into an exact Decimal with at most two decimals.

    Floats go through ``str`` so that YAML's 0.1 becomes Decimal("0.1"), not the binary
    approximation.
    """
    if type(value) is int:  # the bulk case (counts): exact by construction
        return _integer(value)
    if isinstance(value, bool):
        if allow_bool:
            return Decimal(int(value))
        raise NumberFormatError(f"应为数字,实为 {value!r}", f"expected a number, got {value!r}")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise NumberFormatError(f"数值无效: {value!r}", f"invalid number: {value!r}")
        number = Decimal(str(value))
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise NumberFormatError(
                f"应为数字,实为 {value!r}", f"expected a number, got {value!r}"
            ) from None
        if not number.is_finite():
            raise NumberFormatError(f"数值无效: {value!r}", f"invalid number: {value!r}")
    else:
        raise NumberFormatError(f"应为数字,实为 {value!r}", f"expected a number, got {value!r}")
    if number != number.quantize(HUNDREDTH, rounding=ROUND_HALF_UP):
        raise NumberFormatError(
            f"最多保留两位小数: {value!r}", f"at most two decimal places allowed: {value!r}"
        )
    return number.quantize(HUNDREDTH)


@functools.lru_cache(maxsize=65536)
def _integer(value: int) -> Decimal:
    return Decimal(value).quantize(HUNDREDTH)


def to_hundredths(value: Decimal) -> int:
    return int(value * 100)


@functools.lru_cache(maxsize=65536)  # bulk results repeat few values: 1M conversions a run
def from_hundredths(value: int) -> Decimal:
    return (Decimal(value) / 100).quantize(HUNDREDTH)


def q(value: Decimal) -> Decimal:
    """Normalise a result number to two decimals (exact; it never rounds real data)."""
    return value.quantize(HUNDREDTH)


def div_half_up(numerator: int, denominator: int) -> int:
    """Integer division rounding half up, for non-negative numerator and positive denominator."""
    return (2 * numerator + denominator) // (2 * denominator)


def fmt(value: Decimal | int) -> str:
    """Render a number without trailing zeros: 1.00 → "1", 0.50 → "0.5"."""
    if isinstance(value, int):
        return str(value)
    text = format(value.normalize(), "f")
    return "0" if text in {"-0", ""} else text
