"""Errors that name where the problem is, in Chinese and English.

A scheme problem names the file, the indicator id and the field; a facts problem names the
file, the row (or subject/event) and the field. All problems found are reported at once.
"""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class SchemeIssue:
    source: str
    indicator: str | None
    field: str
    zh: str
    en: str

    def __str__(self) -> str:
        if self.indicator:
            zh_scope, en_scope = f"指标 {self.indicator} ", f"indicator {self.indicator} "
        else:
            zh_scope, en_scope = "方案 ", "scheme "
        return (
            f"{self.source}: {zh_scope}字段 {self.field}: {self.zh} / "
            f"{en_scope}field {self.field}: {self.en}"
        )


class SchemeError(ValueError):
    """The scheme file is invalid; ``issues`` lists every problem found."""

    def __init__(self, issues: Iterable[SchemeIssue]) -> None:
        self.issues = tuple(issues)
        super().__init__("\n".join(str(issue) for issue in self.issues))


@dataclass(frozen=True)
class FactsIssue:
    source: str
    row_zh: str
    row_en: str
    field: str
    zh: str
    en: str

    def __str__(self) -> str:
        return (
            f"{self.source}: {self.row_zh} 字段 {self.field}: {self.zh} / "
            f"{self.row_en} field {self.field}: {self.en}"
        )


class FactsError(ValueError):
    """The facts are invalid or lack a value a rule needs; ``issues`` lists the problems."""

    def __init__(self, issues: Iterable[FactsIssue]) -> None:
        self.issues = tuple(issues)
        super().__init__("\n".join(str(issue) for issue in self.issues))
