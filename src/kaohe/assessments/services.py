"""Writes of assessments and their results: the one place scores are stored."""

import json
import time
import zlib
from decimal import Decimal

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from kaohe.accounts.models import User
from kaohe.assessments.models import (
    Assessment,
    AssessmentRun,
    FactEntry,
    ItemScore,
    ManualRating,
    SchemeVersion,
    SubjectResult,
)
from kaohe.assessments.serialization import explanation_to_json
from kaohe.db import insert_rows
from kaohe.organizations.models import Organization
from kaohe.scoring import (
    Period,
    Scheme,
    evaluate,
    evaluate_columnar,
    get_template,
    load_scheme,
    parse_facts,
    parse_scheme,
)
from kaohe.scoring.numbers import from_hundredths
from kaohe.scoring.registry import TEMPLATES_DIR

# Up to this many subjects a run uses the scalar evaluator and stores every explanation
# (about 0.25 ms a subject); beyond it the columnar evaluator scores the population and
# explanations are rendered from the pinned inputs when someone opens a subject.
SCALAR_RUN_LIMIT = 5_000


def scheme_version_store(*, scheme: Scheme, source: str) -> SchemeVersion:
    """The stored version of `scheme`; the same text is stored once (by fingerprint)."""
    version, _ = SchemeVersion.objects.get_or_create(
        fingerprint=scheme.fingerprint,
        defaults={
            "scheme_id": scheme.id,
            "version": scheme.version,
            "title": scheme.title,
            "subject_kind": scheme.subject,
            "period_kind": scheme.period,
            "source": source,
        },
    )
    return version


def scheme_version_from_template(template_id: str) -> tuple[SchemeVersion, Scheme]:
    scheme = get_template(template_id)
    source = (TEMPLATES_DIR / f"{template_id}.yaml").read_text(encoding="utf-8")
    return scheme_version_store(scheme=scheme, source=source), scheme


def scheme_version_from_file(path) -> tuple[SchemeVersion, Scheme]:
    scheme = load_scheme(path)
    with open(path, encoding="utf-8") as handle:
        return scheme_version_store(scheme=scheme, source=handle.read()), scheme


def scheme_of_version(version: SchemeVersion) -> Scheme:
    """The scheme exactly as stored. Refuses to hand out anything else: if its text now
    parses differently (a module it includes changed), the pinned version is not silently
    replaced by a new meaning."""
    scheme = parse_scheme(
        yaml.safe_load(version.source),
        source=f"{version.scheme_id} v{version.version}",
        default_id=version.scheme_id,
    )
    if scheme.fingerprint != version.fingerprint:
        name = f"{version.scheme_id} v{version.version}"
        raise ValueError(
            f"方案 {name} 的内容已变化,不能再作为已固定的版本使用 / "
            f"scheme {name} no longer parses to its pinned fingerprint"
        )
    return scheme


def assessment_open(
    *,
    scheme_version: SchemeVersion,
    organization: Organization,
    period: Period,
    by: User | None,
) -> Assessment:
    assessment, _ = Assessment.objects.get_or_create(
        scheme_version=scheme_version,
        organization=organization,
        period_kind=period.kind,
        period_year=period.year,
        period_index=period.index or 0,
        defaults={"created_by": by},
    )
    return assessment


def subject_key_for_org(organization_id: int) -> str:
    return f"O{organization_id}"


def subject_key_for_member(member_id: int) -> str:
    return f"M{member_id}"


def assessment_run(
    *,
    assessment: Assessment,
    scheme: Scheme,
    facts_json: dict,
    member_branches: dict[int, int] | None = None,
    by: User | None,
) -> AssessmentRun:
    """Score `facts_json` (the documented facts format) and store it as the current run.

    Subjects are keyed `O<organization id>` or `M<member id>`; `member_branches` maps a
    member id to its branch for member schemes. The previous run's results are replaced in
    the same transaction, so readers see the old results or the new ones, never a mix.
    """
    if scheme.fingerprint != assessment.scheme_version.fingerprint:
        raise ValueError("The scheme is not the version this assessment is pinned to.")
    started = time.perf_counter()
    facts = parse_facts(facts_json, source=f"assessment {assessment.pk}")
    rows = _score(scheme, facts)
    compressed = zlib.compress(json.dumps(facts_json, ensure_ascii=False).encode(), 6)
    with transaction.atomic():
        AssessmentRun.objects.filter(assessment=assessment).delete()
        run = AssessmentRun.objects.create(
            assessment=assessment,
            scheme_fingerprint=scheme.fingerprint,
            facts_fingerprint=facts.fingerprint(),
            facts=compressed,
            subject_count=len(rows),
            seconds=Decimal(0),
            created_by=by,
        )
        _store_results(run, rows, member_branches or {})
        run.seconds = Decimal(f"{time.perf_counter() - started:.3f}")
        run.save(update_fields=["seconds"])
    return run


def fact_establish(
    *, assessment: Assessment, subject_key: str, metric: str, value, comment: str = "", by: User
) -> FactEntry:
    """Record a fact an evaluator established (考核组核实事项) for one subject."""
    from kaohe.assessments.metrics import CATALOGUE

    if metric in CATALOGUE:
        raise ValidationError(
            {"metric": f"{metric} 由工作记录自动计算,不能手工录入 / is computed from records"}
        )
    organization_id, member_id = _subject_ids(subject_key)
    entry, _ = FactEntry.objects.update_or_create(
        assessment=assessment,
        subject_key=subject_key,
        metric=metric,
        defaults={
            "organization_id": organization_id,
            "member_id": member_id,
            "value": value,
            "comment": comment,
            "entered_by": by,
        },
    )
    return entry


def manual_rate(
    *,
    assessment: Assessment,
    subject_key: str,
    item_id: str,
    points=None,
    level: str = "",
    comment: str = "",
    by: User,
) -> ManualRating:
    """An evaluator's rating of a manual item; the engine checks range, level and comment."""
    organization_id, _ = _subject_ids(subject_key)
    rating, _ = ManualRating.objects.update_or_create(
        assessment=assessment,
        subject_key=subject_key,
        item_id=item_id,
        defaults={
            "organization_id": organization_id,
            "points": points,
            "level": level,
            "comment": comment,
            "rated_by": by,
        },
    )
    return rating


def _subject_ids(subject_key: str) -> tuple[int, int | None]:
    if subject_key.startswith("M"):
        from kaohe.organizations.models import Member

        member_id = int(subject_key[1:])
        return Member.objects.values_list("branch_id", flat=True).get(pk=member_id), member_id
    return int(subject_key[1:]), None


def assessment_compute(*, assessment: Assessment, by: User | None):
    """Compute the metrics from the records, score every subject, store the run."""
    from kaohe.assessments.facts import build_facts

    scheme = scheme_of_version(assessment.scheme_version)
    built = build_facts(scheme, assessment)
    run = assessment_run(
        assessment=assessment,
        scheme=scheme,
        facts_json=built.data,
        member_branches=built.member_branches,
        by=by,
    )
    return run, built


def _score(scheme: Scheme, facts) -> list[dict]:
    """Per subject: its points, grade, vetoes, awards and items (with explanations if scalar)."""
    if len(facts.subjects) <= SCALAR_RUN_LIMIT:
        result = evaluate(scheme, facts)
        return [
            {
                "key": s.subject,
                "base": s.base,
                "bonus": s.bonus,
                "penalty": s.penalty,
                "total": s.total,
                "grade": s.grade,
                "vetoes": list(s.vetoes),
                "awards": sorted(s.awards),
                "explanations": [explanation_to_json(e) for e in s.explanations],
                "items": [
                    (i.id, i.points, i.excluded, [explanation_to_json(e) for e in i.explanations])
                    for i in s.items
                ],
            }
            for s in result.subjects
        ]
    columnar = evaluate_columnar(scheme, facts)
    rows = []
    for row in columnar.frame.iter_rows(named=True):
        rows.append(
            {
                "key": row["subject"],
                "base": from_hundredths(row["base"]),
                "bonus": from_hundredths(row["bonus"]),
                "penalty": from_hundredths(row["penalty"]),
                "total": from_hundredths(row["total"]),
                "grade": row["grade"],
                "vetoes": ["veto"] if row["vetoed"] else [],
                "awards": sorted(a for a in columnar.award_ids if row[f"award:{a}"]),
                "explanations": [],
                "items": [
                    (i, from_hundredths(row[f"item:{i}"]), row[f"excluded:{i}"], [])
                    for i in columnar.item_ids
                ],
            }
        )
    return rows


def _store_results(run: AssessmentRun, rows: list[dict], member_branches: dict[int, int]) -> None:
    # Competition ranking by total: equal totals share the better rank (1, 2, 2, 4).
    ordered = sorted(rows, key=lambda r: r["total"], reverse=True)
    rank, previous = 0, None
    for position, row in enumerate(ordered, start=1):
        if row["total"] != previous:
            rank, previous = position, row["total"]
        row["rank"] = rank

    def result_rows():
        for row in rows:
            key = row["key"]
            if key.startswith("M"):
                member_id = int(key[1:])
                organization_id = member_branches[member_id]
            else:
                member_id, organization_id = None, int(key[1:])
            yield (
                run.pk, key, organization_id, member_id, row["base"], row["bonus"],
                row["penalty"], row["total"], row["rank"], row["grade"], row["vetoes"],
                row["awards"], row["explanations"],
            )  # fmt: skip

    insert_rows(
        SubjectResult,
        ("run", "subject_key", "organization", "member", "base", "bonus", "penalty", "total",
         "rank", "grade", "vetoes", "awards", "explanations"),
        result_rows(),
    )  # fmt: skip
    ids = dict(SubjectResult.objects.filter(run=run).values_list("subject_key", "id"))
    insert_rows(
        ItemScore,
        ("result", "item_id", "points", "excluded", "explanations"),
        (
            (ids[row["key"]], item_id, points, excluded, explanations)
            for row in rows
            for item_id, points, excluded, explanations in row["items"]
        ),
    )
