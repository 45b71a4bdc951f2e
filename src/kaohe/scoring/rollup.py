"""Rollups: period results combined into one score per subject.

Each part (e.g. ``daily`` = the monthly 日常考核 results, ``central`` = the year-end 集中考核)
is first reduced over its periods (mean or sum, per the scheme), then the parts are combined
by the scheme's weights. Means and weighted sums round half up to hundredths. A subject
vetoed in any period stays vetoed (no award, and a veto's grade effect still applies); grade
and award eligibility are then decided on the combined total, by the same rules as a single
evaluation. Each result carries explanation records: the combination itself ("rollup"), the
periods a veto came from ("rollup.veto") and the award decisions.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from kaohe.scoring.errors import FactsError, FactsIssue
from kaohe.scoring.explain import Explanation
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
    vetoes: tuple[str, ...] = ()  # ids of the vetoes met in any period
    explanations: tuple[Explanation, ...] = ()  # rollup, rollup.veto, award.*


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
    veto_ids: dict[str, list[str]] = {}
    vetoed_in: dict[str, list[str]] = {}  # subject → labels of the periods it was vetoed in
    period_kinds: dict[str, str] = {}
    subject_ids: list[str] = []
    for part, results in parts.items():
        if not results:
            raise ValueError(f"汇总部分 {part} 没有结果 / rollup part {part} has no results")
        period_kinds[part] = results[0].period.kind
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
                    known_ids = veto_ids.setdefault(subject.subject, [])
                    known_ids.extend(v for v in subject.vetoes if v not in known_ids)
                    vetoed_in.setdefault(subject.subject, []).append(result.period.label())
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
    eligible, notes = award_eligibility(scheme, facts, rows)
    names = [g.name for g in scheme.grades]
    out = []
    for subject_id in subject_ids:
        grade = scheme.grade_for(totals[subject_id])
        ids = tuple(veto_ids.get(subject_id, ()))
        forced = [v.grade for v in scheme.vetoes if v.id in ids and v.grade is not None]
        if forced:
            grade = max([grade, *forced], key=names.index)
        terms = [
            {
                "part": p,
                "periods": len(parts[p]),
                "period_kind": period_kinds[p],
                "reduce": scheme.rollup.periods,
                "value": reduced[subject_id][p],
                "weight": w,
            }
            for p, w in weights.items()
        ]
        explanations = [
            Explanation("rollup", None, totals[subject_id], {"terms": terms}),
        ]
        if subject_id in vetoed:
            effects = f",等次定为{grade}" if forced else ""
            effects_en = f", grade set to {grade}" if forced else ""
            inputs = {"periods": vetoed_in[subject_id], "effects": effects}
            inputs["effects_en"] = effects_en
            explanations.append(Explanation("rollup.veto", None, ZERO, inputs))
        out.append(
            RollupResult(
                subject=subject_id,
                parts=tuple((p, reduced[subject_id][p]) for p in weights),
                total=totals[subject_id],
                grade=grade,
                vetoed=subject_id in vetoed,
                awards=tuple(a.id for a in scheme.awards if subject_id in eligible[a.id]),
                vetoes=ids,
                explanations=(*explanations, *notes.get(subject_id, ())),
            )
        )
    return out
