"""Rollups: period results combined into one score per subject.

Each part (e.g. ``daily`` = the monthly 日常考核 results, ``central`` = the year-end 集中考核)
is first reduced over its periods (mean or sum, per the scheme), then the parts are combined
by the scheme's weights. Means and weighted sums round half up to hundredths. A subject
vetoed in any period stays vetoed; grade and award eligibility are then decided on the
combined total, by the same rules as a single evaluation.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from kaohe.scoring.errors import FactsError, FactsIssue
from kaohe.scoring.facts import Facts, Subject
from kaohe.scoring.numbers import HUNDREDTH, ZERO
from kaohe.scoring.results import Result
from kaohe.scoring.scalar import award_eligibility
from kaohe.scoring.scheme import Scheme


@dataclass(frozen=True)
class RollupResult:
    subject: str
    parts: tuple[tuple[str, Decimal], ...]  # (part, reduced score) before weighting
    total: Decimal
    grade: str
    vetoed: bool
    awards: tuple[str, ...]


def rollup(
    scheme: Scheme,
    parts: Mapping[str, Sequence[Result]],
    population: Facts | None = None,
) -> list[RollupResult]:
    """Combine period results. ``population`` supplies group memberships for award quotas
    by group; without it, quotas count the whole population."""
    if scheme.rollup is None:
        raise ValueError("方案未配置 rollup / the scheme has no rollup settings")
    weights = dict(scheme.rollup.weights)
    if set(parts) != set(weights):
        raise ValueError(
            f"汇总部分应为 {sorted(weights)},实为 {sorted(parts)} / "
            f"rollup parts must be {sorted(weights)}, got {sorted(parts)}"
        )
    reduced: dict[str, dict[str, Decimal]] = {}
    vetoed: set[str] = set()
    subject_ids: list[str] = []
    for part, results in parts.items():
        if not results:
            raise ValueError(f"汇总部分 {part} 没有结果 / rollup part {part} has no results")
        sums: dict[str, Decimal] = {}
        counts: dict[str, int] = {}
        for result in results:
            for subject in result.subjects:
                if subject.subject not in sums:
                    sums[subject.subject] = ZERO
                    counts[subject.subject] = 0
                    if subject.subject not in subject_ids:
                        subject_ids.append(subject.subject)
                sums[subject.subject] += subject.total
                counts[subject.subject] += 1
                if subject.vetoed:
                    vetoed.add(subject.subject)
        for subject_id, total in sums.items():
            if counts[subject_id] != len(results):
                raise FactsError(
                    [
                        FactsIssue(
                            part,
                            f"对象 {subject_id}",
                            f"subject {subject_id}",
                            "",
                            "部分期间缺少该对象的结果",
                            "missing from some periods",
                        )
                    ]
                )
            value = total / counts[subject_id] if scheme.rollup.periods == "mean" else total
            reduced.setdefault(subject_id, {})[part] = value.quantize(
                HUNDREDTH, rounding=ROUND_HALF_UP
            )
    totals: dict[str, Decimal] = {}
    for subject_id in subject_ids:
        if set(reduced[subject_id]) != set(weights):
            raise FactsError(
                [
                    FactsIssue(
                        "rollup",
                        f"对象 {subject_id}",
                        f"subject {subject_id}",
                        "",
                        "缺少某一部分的结果",
                        "missing from a part",
                    )
                ]
            )
        combined = sum((reduced[subject_id][p] * w for p, w in weights.items()), ZERO)
        totals[subject_id] = combined.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
    known = {s.id: s for s in population.subjects} if population is not None else {}
    facts = population or Facts(tuple(Subject(s) for s in subject_ids))
    rows = [(s, totals[s], s in vetoed, known.get(s, Subject(s))) for s in subject_ids]
    eligible, _ = award_eligibility(scheme, facts, rows)
    out = []
    for subject_id in subject_ids:
        grade = scheme.grade_for(totals[subject_id])
        out.append(
            RollupResult(
                subject=subject_id,
                parts=tuple((p, reduced[subject_id][p]) for p in weights),
                total=totals[subject_id],
                grade=grade,
                vetoed=subject_id in vetoed,
                awards=tuple(a.id for a in scheme.awards if subject_id in eligible[a.id]),
            )
        )
    return out
