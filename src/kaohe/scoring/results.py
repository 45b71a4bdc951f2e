"""Typed results of an evaluation, shared by both evaluators' comparison helpers."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kaohe.scoring.explain import Explanation
from kaohe.scoring.periods import Period


@dataclass(frozen=True)
class ItemResult:
    id: str
    name: str
    role: str  # base | bonus | penalty
    max: Decimal | None
    points: Decimal  # base: within [0, max]; bonus: ≥ 0 within its cap; penalty: ≤ 0
    excluded: bool
    explanations: tuple[Explanation, ...]


@dataclass(frozen=True)
class SubjectResult:
    subject: str
    name: str
    items: tuple[ItemResult, ...]
    base: Decimal  # sum of base items, rescaled to the total when some were excluded
    bonus: Decimal  # after the scheme's bonus cap
    penalty: Decimal  # ≤ 0, uncapped
    total: Decimal
    grade: str
    vetoes: tuple[str, ...]
    awards: tuple[str, ...]  # ids of the awards the subject is eligible for
    explanations: tuple[Explanation, ...]  # subject-level: rescale, bonus cap, veto, awards

    @property
    def vetoed(self) -> bool:
        return bool(self.vetoes)

    def item(self, item_id: str) -> ItemResult:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)


@dataclass(frozen=True)
class Result:
    scheme_id: str
    scheme_version: str
    scheme_fingerprint: str
    facts_fingerprint: str
    period: Period
    subjects: tuple[SubjectResult, ...]

    def subject(self, subject_id: str) -> SubjectResult:
        for subject in self.subjects:
            if subject.subject == subject_id:
                return subject
        raise KeyError(subject_id)

    def to_points(self) -> dict[str, dict[str, Any]]:
        """Points only, in the shape ColumnarResult.to_points() also returns."""
        return {
            s.subject: {
                "items": {i.id: i.points for i in s.items},
                "excluded": tuple(i.id for i in s.items if i.excluded),
                "base": s.base,
                "bonus": s.bonus,
                "penalty": s.penalty,
                "total": s.total,
                "grade": s.grade,
                "vetoed": s.vetoed,
                "awards": tuple(sorted(s.awards)),
            }
            for s in self.subjects
        }
