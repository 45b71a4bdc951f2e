"""Tier ranges with explicit inclusive/exclusive bounds, and the gap/overlap check.

Written as "[80, 90)" (80 ≤ x < 90), "[100, ∞)" or a YAML list [6, 10] (both ends
inclusive; a missing upper end means ∞). Values are compared as exact fractions P/Q, so a
rate of 89.999…% never lands in [90, 100) through rounding.
"""

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from kaohe.scoring.numbers import NumberFormatError, fmt, parse_number

_INFINITY = {"∞", "+∞", "inf", "+inf", "infinity", ".inf"}
_INTERVAL_RE = re.compile(r"^\s*([\[(])\s*([^,\s]+)\s*,\s*([^,\s]+)\s*([\])])\s*$")


class IntervalError(ValueError):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en


@dataclass(frozen=True)
class Interval:
    lo: Decimal
    lo_closed: bool
    hi: Decimal | None  # None is +∞
    hi_closed: bool

    def __str__(self) -> str:
        hi = "∞" if self.hi is None else fmt(self.hi)
        return (
            f"{'[' if self.lo_closed else '('}{fmt(self.lo)}, {hi}"
            f"{']' if self.hi_closed and self.hi is not None else ')'}"
        )

    def contains(self, num: Decimal | int, den: Decimal | int = 1) -> bool:
        """Whether the exact fraction num/den (den > 0) lies in the interval."""
        low = self.lo * den
        if num < low or (num == low and not self.lo_closed):
            return False
        if self.hi is None:
            return True
        high = self.hi * den
        return num < high or (num == high and self.hi_closed)

    def integer_bounds(self) -> tuple[int, int | None]:
        """The closed integer range [a, b] this interval covers (b None is ∞)."""
        lo = math.ceil(self.lo) if self.lo_closed else math.floor(self.lo) + 1
        if self.hi is None:
            return lo, None
        hi = math.floor(self.hi) if self.hi_closed else math.ceil(self.hi) - 1
        return lo, hi


def _bound(text: object) -> Decimal | None:
    if text is None or (isinstance(text, float) and math.isinf(text) and text > 0):
        return None
    if isinstance(text, str) and text.strip().lower() in _INFINITY:
        return None
    try:
        return parse_number(text)
    except NumberFormatError as exc:
        raise IntervalError(exc.zh, exc.en) from None


def parse_interval(raw: object) -> Interval:
    if isinstance(raw, list):
        if len(raw) != 2:
            raise IntervalError(
                f"区间应写作 [下限, 上限],实为 {raw!r}", f"a range is [low, high], got {raw!r}"
            )
        lo, hi = _bound(raw[0]), _bound(raw[1])
        lo_closed, hi_closed = True, hi is not None
    elif isinstance(raw, str) and (match := _INTERVAL_RE.match(raw)):
        lo, hi = _bound(match.group(2)), _bound(match.group(3))
        lo_closed, hi_closed = match.group(1) == "[", match.group(4) == "]" and hi is not None
    else:
        raise IntervalError(
            f'无法识别的区间 {raw!r},应写作 "[80, 90)" 或 [6, 10]',
            f'unrecognised range {raw!r}; write "[80, 90)" or [6, 10]',
        )
    if lo is None:
        raise IntervalError(f"区间下限不能是 ∞: {raw!r}", f"the lower end cannot be ∞: {raw!r}")
    interval = Interval(lo, lo_closed, hi, hi_closed)
    if hi is not None and (lo > hi or (lo == hi and not (lo_closed and hi_closed))):
        raise IntervalError(f"区间 {interval} 为空", f"range {interval} is empty")
    return interval


def coverage_problems(
    intervals: list[Interval], *, start: int, integer: bool
) -> list[tuple[str, str]]:
    """Gaps and overlaps of ``intervals`` over [start, ∞), as (zh, en) messages.

    On the integer domain [1, 5] and [6, 10] are contiguous; on the real domain they leave
    the gap (5, 6).
    """
    problems: list[tuple[str, str]] = []
    if not intervals:
        return [("至少需要一个区间", "at least one range is needed")]
    if integer:
        spans = []
        for interval in intervals:
            lo, hi = interval.integer_bounds()
            if hi is not None and lo > hi:
                problems.append(
                    (f"区间 {interval} 不含整数", f"range {interval} contains no whole number")
                )
                continue
            spans.append((lo, hi, interval))
        spans.sort(key=lambda s: s[0])
        expected: int | None = start
        previous: Interval | None = None
        for lo, hi, interval in spans:
            if expected is None or lo < expected:
                problems.append(_overlap(previous, interval))
            elif lo > expected:
                where = f"[{expected}, {lo - 1}]"
                problems.append(_gap(previous, interval, where, start))
            if expected is not None:
                expected = None if hi is None else max(expected, hi + 1)
            previous = interval
        if expected is not None:
            problems.append(_open_top(previous, f"[{expected}, ∞)"))
        return problems

    ordered = sorted(intervals, key=lambda i: (i.lo, not i.lo_closed))
    cursor, cursor_closed = Decimal(start), True  # next uncovered point; closed = it is included
    previous = None
    covered_to_infinity = False
    for interval in ordered:
        if (
            covered_to_infinity
            or interval.lo < cursor
            or (interval.lo == cursor and interval.lo_closed and not cursor_closed)
        ):
            problems.append(_overlap(previous, interval))
        elif interval.lo > cursor or (
            interval.lo == cursor and cursor_closed != interval.lo_closed
        ):
            where = (
                f"{'[' if cursor_closed else '('}{fmt(cursor)}, {fmt(interval.lo)}"
                f"{')' if interval.lo_closed else ']'}"
            )
            problems.append(_gap(previous, interval, where, start))
        if interval.hi is None:
            covered_to_infinity = True
        elif not covered_to_infinity and (
            interval.hi > cursor or (interval.hi == cursor and interval.hi_closed)
        ):
            cursor, cursor_closed = interval.hi, not interval.hi_closed
        previous = interval
    if not covered_to_infinity:
        problems.append(_open_top(previous, f"{'[' if cursor_closed else '('}{fmt(cursor)}, ∞)"))
    return problems


def _overlap(previous: Interval | None, interval: Interval) -> tuple[str, str]:
    return (f"区间 {previous} 与 {interval} 重叠", f"ranges {previous} and {interval} overlap")


def _gap(previous: Interval | None, interval: Interval, where: str, start: int) -> tuple[str, str]:
    if previous is None:
        return (
            f"区间未从 {start} 开始,{where} 没有对应分值",
            f"ranges do not start at {start}; {where} has no points",
        )
    return (
        f"区间 {previous} 与 {interval} 之间有空缺 {where}",
        f"gap {where} between ranges {previous} and {interval}",
    )


def _open_top(previous: Interval | None, where: str) -> tuple[str, str]:
    return (
        f"区间未覆盖到 ∞,{where} 没有对应分值(在 {previous} 之后)",
        f"ranges stop short of ∞; {where} has no points (after {previous})",
    )
