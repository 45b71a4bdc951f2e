"""汇总考核: finalized assessments combined by the scheme's rollup weights.

A combined assessment names, for each part of the scheme's `rollup.weights` (`daily`,
`central`), the assessments that part reduces over (the twelve months, the two half-years,
the year-end one). `combine_inputs` checks them and pins what is combined — each source's
totals and vetoes, and the population's names and groups — as one JSON document, stored on
the run the way a records run stores its facts. `combine_rows` computes the results from that
document alone with `kaohe.scoring.rollup`, so a finalized combination recomputes exactly.

Only finalized (定档) sources are combined: a committee combines final results, and a source
that could still change after an appeal would silently change the year.
"""

import hashlib
import json
import zlib
from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError

from kaohe.assessments.models import Assessment, AssessmentRun, CombinedSource, SchemeVersion, Stage
from kaohe.assessments.serialization import explanation_to_json
from kaohe.scoring import Facts, Period, Result, Scheme, Subject, rollup
from kaohe.scoring import SubjectResult as ScoredSubject
from kaohe.scoring.explain import PART_NAMES
from kaohe.scoring.numbers import ZERO
from kaohe.scoring.periods import PERIOD_NAMES_ZH


def part_label(part: str) -> str:
    """日常考核 for `daily`, 集中考核 for `central`; other parts as the scheme names them."""
    return PART_NAMES.get(part, (part,))[0]


def _name(assessment: Assessment) -> str:
    return f"#{assessment.pk}({assessment.period_label})"


def source_problems(
    scheme_version: SchemeVersion,
    scheme: Scheme,
    year: int,
    parts: Mapping[str, Sequence[Assessment]],
) -> list[str]:
    """Everything wrong with combining `parts` into `year`, each naming the part or source."""
    title = f"{scheme_version.title} v{scheme_version.version}"
    if scheme.rollup is None:
        return [
            f"方案 {title} 未配置汇总(rollup),不能汇总考核 / "
            f"scheme {title} has no rollup: it cannot be combined"
        ]
    weights = [p for p, _ in scheme.rollup.weights]
    problems = []
    for part in parts:
        if part not in weights:
            problems.append(
                f"方案 {title} 没有汇总部分 {part}(应为 {'、'.join(weights)}) / "
                f"the scheme has no rollup part {part} (its parts: {', '.join(weights)})"
            )
    for part in weights:
        if not parts.get(part):
            problems.append(
                f"缺少「{part_label(part)}」({part})的来源考核 / "
                f"no source assessment chosen for the part {part}"
            )
    seen: dict[int, str] = {}
    organization = None
    for part, sources in parts.items():
        kinds = sorted({s.period_kind for s in sources}, key=list(PERIOD_NAMES_ZH).index)
        if len(kinds) > 1:
            names = "、".join(PERIOD_NAMES_ZH[k] for k in kinds)
            problems.append(
                f"「{part_label(part)}」的来源应为同一种期间,实为 {names} / "
                f"the sources of {part} must cover periods of one kind, not {', '.join(kinds)}"
            )
        for source in sources:
            name = _name(source)
            if source.pk in seen:
                problems.append(
                    f"考核 {name}被重复选用({part_label(seen[source.pk])}、{part_label(part)}) / "
                    f"assessment {source.pk} is chosen twice"
                )
                continue
            seen[source.pk] = part
            if source.is_combined:
                problems.append(
                    f"考核 {name}本身是汇总考核,不能再被汇总 / "
                    f"assessment {source.pk} is itself a combined assessment"
                )
            if source.scheme_version_id != scheme_version.pk:
                used = f"{source.scheme_version.title} v{source.scheme_version.version}"
                problems.append(
                    f"考核 {name}使用方案 {used},不是 {title} / "
                    f"assessment {source.pk} uses scheme version {used}, not {title}"
                )
            if organization is None:
                organization = source.organization
            elif source.organization_id != organization.pk:
                problems.append(
                    f"考核 {name}属于{source.organization.name},其他来源属于{organization.name} / "
                    f"assessment {source.pk} belongs to another organization than the others"
                )
            if source.period_year != year:
                problems.append(
                    f"考核 {name}的期间不在 {year} 年内 / "
                    f"assessment {source.pk} covers {source.period_year}, not {year}"
                )
            if source.stage != Stage.FINALIZED:
                problems.append(
                    f"考核 {name}尚未定档:只汇总已定档的结果 / "
                    f"assessment {source.pk} is not finalized: only final results are combined"
                )
    return problems


def _run_of(source: Assessment) -> AssessmentRun | None:
    return source.runs.order_by("-created_at").first()


def combine_inputs(
    scheme_version: SchemeVersion,
    scheme: Scheme,
    year: int,
    parts: Mapping[str, Sequence[Assessment]],
) -> dict:
    """The pinned inputs of a combination, or ValidationError listing every problem."""
    problems = source_problems(scheme_version, scheme, year, parts)
    if problems:
        raise ValidationError(problems)
    weights = dict(scheme.rollup.weights)
    pinned: dict[str, list[dict]] = {}
    runs: list[tuple[Assessment, AssessmentRun]] = []
    for part in weights:
        ordered = sorted(parts[part], key=lambda a: (a.period_index, a.pk))
        pinned[part] = []
        for source in ordered:
            run = _run_of(source)
            if run is None:
                raise ValidationError(
                    f"考核 {_name(source)}没有计算结果 / assessment {source.pk} has no results"
                )
            runs.append((source, run))
            results = {
                key: {"total": str(total), "vetoes": list(vetoes), "organization": org}
                for key, total, vetoes, org in run.results.values_list(
                    "subject_key", "total", "vetoes", "organization_id"
                )
            }
            period = source.period
            pinned[part].append(
                {
                    "assessment": source.pk,
                    "period": {"kind": period.kind, "year": period.year, "index": period.index},
                    "facts_fingerprint": run.facts_fingerprint,
                    "results": results,
                }
            )
    # Names and groups (award quotas by branch) as the latest period saw them.
    _, latest_run = max(runs, key=lambda pair: (pair[0].period.end_month, pair[0].pk))
    population = json.loads(zlib.decompress(bytes(latest_run.facts)))["subjects"]
    names = {s["id"]: s.get("name") or s["id"] for s in population}
    _check_same_subjects(pinned, names)
    organizations = {}
    for sources in pinned.values():
        for entry in sources:
            for key, result in entry["results"].items():
                organizations[key] = result.pop("organization")
    return {
        "period": {"kind": "year", "year": year},
        "rollup": {
            "periods": scheme.rollup.periods,
            "weights": {p: str(w) for p, w in weights.items()},
        },
        "subjects": [
            {
                "id": s["id"],
                "name": names[s["id"]],
                "groups": s.get("groups") or {},
                "organization": organizations[s["id"]],
            }
            for s in population
        ],
        "parts": pinned,
    }


def _check_same_subjects(pinned: dict[str, list[dict]], names: dict[str, str]) -> None:
    """Every subject has a result in every source: a branch missing from a month would
    otherwise be averaged over fewer months than the others."""
    every: set[str] = set()
    for sources in pinned.values():
        for entry in sources:
            every |= set(entry["results"])
    problems = []
    for part, sources in pinned.items():
        for entry in sources:
            label = Period(**entry["period"]).label()
            for key in sorted(every - set(entry["results"])):
                problems.append(
                    f"{names.get(key, key)} 不在「{part_label(part)}」{label}"
                    f"(考核 #{entry['assessment']})的结果中 / "
                    f"subject {key} has no result in assessment {entry['assessment']}"
                )
    if problems:
        raise ValidationError(problems[:20])


def inputs_fingerprint(inputs: dict) -> str:
    text = json.dumps(inputs, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def combine_rows(scheme: Scheme, inputs: dict) -> tuple[list[dict], dict[int, int]]:
    """The combined results from the pinned inputs alone, in `_store_results`' row shape,
    and each member subject's branch."""
    parts = {}
    for part, sources in inputs["parts"].items():
        parts[part] = [
            Result(
                scheme_id=scheme.id,
                scheme_version=scheme.version,
                scheme_fingerprint=scheme.fingerprint,
                facts_fingerprint=entry["facts_fingerprint"],
                period=Period(**entry["period"]),
                subjects=tuple(
                    _scored(key, Decimal(result["total"]), result["vetoes"])
                    for key, result in entry["results"].items()
                ),
            )
            for entry in sources
        ]
    population = Facts(
        tuple(Subject(s["id"], s["name"], s["groups"]) for s in inputs["subjects"]),
        period=Period("year", inputs["period"]["year"]),
    )
    rows = [
        {
            "key": r.subject,
            # A combined result has no items: its base is the combined total.
            "base": r.total,
            "bonus": ZERO,
            "penalty": ZERO,
            "total": r.total,
            "grade": r.grade,
            "vetoes": list(r.vetoes),
            "awards": sorted(r.awards),
            "explanations": [explanation_to_json(e) for e in r.explanations],
            "items": [],
        }
        for r in rollup(scheme, parts, population)
    ]
    member_branches = {
        int(s["id"][1:]): s["organization"] for s in inputs["subjects"] if s["id"].startswith("M")
    }
    return rows, member_branches


def _scored(key: str, total: Decimal, vetoes: list[str]) -> ScoredSubject:
    return ScoredSubject(
        subject=key, name="", items=(), base=total, bonus=ZERO, penalty=ZERO, total=total,
        grade="", vetoes=tuple(vetoes), awards=(), explanations=(),
    )  # fmt: skip


def stored_parts(assessment: Assessment) -> dict[str, list[Assessment]]:
    """The sources of a combined assessment per part, in period order."""
    parts: dict[str, list[Assessment]] = {}
    rows = (
        CombinedSource.objects.filter(combined=assessment)
        .select_related("source__scheme_version", "source__organization")
        .order_by("source__period_index", "source__pk")
    )
    for row in rows:
        parts.setdefault(row.part, []).append(row.source)
    return parts


def parts_with_sources(assessment: Assessment, scheme: Scheme) -> list[dict]:
    """Per part of the scheme's weights: its label, weight and source assessments."""
    stored = stored_parts(assessment)
    return [
        {"part": p, "label": part_label(p), "weight": w, "sources": stored.get(p, [])}
        for p, w in (scheme.rollup.weights if scheme.rollup else ())
    ]


def part_terms(result_explanations: list[dict]) -> list[dict]:
    """The parts of one combined result ({part, label, periods, value, weight}) for a page."""
    for record in result_explanations:
        if record.get("kind") == "rollup":
            from kaohe.assessments.serialization import explanation_from_json

            terms = explanation_from_json(record).inputs.get("terms", [])
            return [t | {"label": part_label(t["part"])} for t in terms]
    return []
