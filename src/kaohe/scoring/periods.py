"""Assessment periods and the count a frequency requires within one.

A requirement "once a quarter" needs 4 in a year, 2 in a half-year, 1 in a quarter. When the
frequency is longer than the period (a quarterly meeting judged in a single month), the
requirement falls due in the period that contains the last month of its window: a quarterly
meeting is required in March, June, September and December, and in no other month. Weekly
requirements use whole weeks: 4 a month, 13 a quarter, 26 a half-year, 52 a year.
"""

from dataclasses import dataclass

PERIOD_KINDS = ("month", "quarter", "half_year", "year")
PERIOD_NAMES_ZH = {"month": "月度", "quarter": "季度", "half_year": "半年", "year": "年度"}
MONTHS = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}
INDEX_RANGE = {"month": 12, "quarter": 4, "half_year": 2, "year": 1}

FREQUENCIES = ("weekly", "monthly", "quarterly", "half_yearly", "yearly")
FREQUENCY_MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}
FREQUENCY_NAMES_ZH = {
    "weekly": "每周",
    "monthly": "每月",
    "quarterly": "每季度",
    "half_yearly": "每半年",
    "yearly": "每年",
}
WEEKS = {"month": 4, "quarter": 13, "half_year": 26, "year": 52}


@dataclass(frozen=True)
class Period:
    """The period the facts cover. ``index`` is the month (1–12), quarter (1–4) or half (1–2)."""

    kind: str = "year"
    year: int | None = None
    index: int | None = None

    @property
    def end_month(self) -> int | None:
        if self.kind == "year":
            return 12
        if self.index is None:
            return None
        return self.index * MONTHS[self.kind]

    def label(self) -> str:
        year = f"{self.year}年" if self.year else ""
        if self.kind == "year":
            return f"{self.year}年度" if self.year else "年度"
        names = {"month": "{}月", "quarter": "第{}季度", "half_year": ("上半年", "下半年")}
        if self.index is None:
            return year + PERIOD_NAMES_ZH[self.kind]
        if self.kind == "half_year":
            return year + names["half_year"][self.index - 1]
        return year + str(names[self.kind]).format(self.index)


def required_count(frequency: str, times: int, period: Period) -> int | None:
    """How many occurrences ``times`` per ``frequency`` requires in ``period``.

    None when the period lacks the index needed to decide (a quarterly requirement in
    "a month" without saying which month).
    """
    if frequency == "weekly":
        return WEEKS[period.kind] * times
    window = FREQUENCY_MONTHS[frequency]
    months = MONTHS[period.kind]
    if months >= window:
        return months // window * times
    end = period.end_month
    if end is None:
        return None
    return times if end % window == 0 else 0
