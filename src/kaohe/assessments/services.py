"""Writes of assessments and their results: the one place scores are stored."""

import functools
import json
import time
import zlib
from decimal import Decimal

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kaohe.accounts.models import User
from kaohe.assessments.metrics import member_key, org_key
from kaohe.assessments.models import (
    Appeal,
    AppealStatus,
    Assessment,
    AssessmentKind,
    AssessmentRun,
    AuditSource,
    CombinedSource,
    FactEntry,
    ItemScore,
    ManualRating,
    Notice,
    SchemeVersion,
    ScoreAudit,
    SelfAssessment,
    Stage,
    SubjectResult,
    Submission,
)
from kaohe.assessments.serialization import explanation_to_json
from kaohe.db import gc_paused, insert_rows
from kaohe.organizations.models import Organization
from kaohe.records.models import Evidence
from kaohe.records.services import evidence_attach_all, evidence_delete
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
    return _parse_pinned(version.scheme_id, version.version, version.source, version.fingerprint)


@functools.lru_cache(maxsize=64)
def _parse_pinned(scheme_id: str, version: str, source: str, fingerprint: str) -> Scheme:
    # Cached by the stored text: a Scheme is immutable, and a rating or an appeal would
    # otherwise re-parse the YAML every time.
    scheme = parse_scheme(
        yaml.safe_load(source), source=f"{scheme_id} v{version}", default_id=scheme_id
    )
    if scheme.fingerprint != fingerprint:
        name = f"{scheme_id} v{version}"
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


# Subject keys (O<organization id>, M<member id>): one definition, the metrics'.
subject_key_for_org = org_key
subject_key_for_member = member_key


@gc_paused()
def assessment_run(
    *,
    assessment: Assessment,
    scheme: Scheme,
    facts_json: dict,
    member_branches: dict[int, int] | None = None,
    by: User | None,
    source: str = AuditSource.ENGINE,
    reason: str = "",
) -> AssessmentRun:
    """Score `facts_json` (the documented facts format) and store it as the current run.

    Subjects are keyed `O<organization id>` or `M<member id>`; `member_branches` maps a
    member id to its branch for member schemes. The previous run's results are replaced in
    the same transaction, so readers see the old results or the new ones, never a mix.
    """
    if scheme.fingerprint != assessment.scheme_version.fingerprint:
        raise ValueError("The scheme is not the version this assessment is pinned to.")
    _require_from_records(assessment, "从记录计算 / computing from records")
    _refuse_if_finalized(assessment)  # before scoring; again under the lock when storing
    started = time.perf_counter()
    facts = parse_facts(facts_json, source=f"assessment {assessment.pk}")
    rows = _score(scheme, facts)
    # Level 1: a third of the time of the default for 100,000 subjects, a little larger.
    compressed = zlib.compress(json.dumps(facts_json, ensure_ascii=False).encode(), 1)
    return _replace_run(
        assessment, scheme, facts.fingerprint(), compressed, rows, member_branches or {},
        by=by, source=source, reason=reason, started=started,
    )  # fmt: skip


def _replace_run(
    assessment, scheme, facts_fingerprint, compressed, rows, member_branches, *, by, source,
    reason, started,
) -> AssessmentRun:  # fmt: skip
    """Store `rows` as the assessment's only run, with an audit row per changed score."""
    with transaction.atomic():
        _lock(assessment)
        _refuse_if_finalized(assessment)
        previous = _current_points(assessment)
        AssessmentRun.objects.filter(assessment=assessment).delete()
        run = AssessmentRun.objects.create(
            assessment=assessment,
            scheme_fingerprint=scheme.fingerprint,
            facts_fingerprint=facts_fingerprint,
            facts=compressed,
            subject_count=len(rows),
            seconds=Decimal(0),
            created_by=by,
        )
        _store_results(run, rows, member_branches)
        _audit_changes(assessment, previous, rows, member_branches, source, reason, by)
        run.seconds = Decimal(f"{time.perf_counter() - started:.3f}")
        run.save(update_fields=["seconds"])
    return run


def _lock(assessment: Assessment, stages=None, action: str = "") -> None:
    """Hold the assessment's row until the transaction ends, read its stage as committed,
    and (given `stages`) refuse `action` outside them, as `_require_stage` does.

    Runs, stage moves and the writes each stage allows (ratings, facts, claims, appeals) then
    happen one at a time, each seeing what the previous one did: two runs at once would
    otherwise both store a run (on PostgreSQL neither sees the other's), a run holding an
    object read before 定档 would replace the finalized results, and two evaluators could
    both decide one appeal. On SQLite the IMMEDIATE transaction already holds the write
    lock; the stage (and the publication window that goes with it) is read again all the
    same."""
    fields = ("stage", "finalized_at", "publish_from", "publish_until")
    current = Assessment.objects.select_for_update().only(*fields).get(pk=assessment.pk)
    for name in fields:
        setattr(assessment, name, getattr(current, name))
    if stages is not None:
        _require_stage(assessment, stages, action)


def _refuse_if_finalized(assessment: Assessment) -> None:
    if assessment.is_locked:
        raise ValidationError(
            "考核结果已定档锁定,不能重新计算 / the assessment is finalized: results are locked"
        )


def _require_from_records(assessment: Assessment, action: str) -> None:
    """A combined assessment (汇总考核) takes its scores from its sources only: no facts,
    ratings, claims or appeals of its own. `action` is "中文 / English"."""
    if assessment.is_combined:
        zh, _, en = action.partition(" / ")
        raise ValidationError(
            f"汇总考核的结果由已定档的来源考核汇总而成,不能{zh} / "
            f"a combined assessment takes its results from its finalized sources: "
            f"{en or zh} is not possible"
        )


def fact_establish(
    *,
    assessment: Assessment,
    subject_key: str,
    metric: str,
    value,
    comment: str = "",
    by: User,
    recompute: bool = True,
    _during_appeal: bool = False,
) -> FactEntry:
    """Record a fact an evaluator established (考核组核实事项) for one subject.

    Like a rating, it may change scores: with a run in place the assessment is recomputed
    in the same transaction, so the new score and its audit row appear together.
    """
    from kaohe.assessments.metrics import CATALOGUE

    allowed = {Stage.DRAFT, Stage.SELF_ASSESSMENT, Stage.REVIEW}
    if _during_appeal:
        allowed.add(Stage.PUBLISHED)
    _require_from_records(assessment, "核实事项 / establishing facts")
    if metric in CATALOGUE:
        raise ValidationError(
            {"metric": f"{metric} 由工作记录自动计算,不能手工录入 / is computed from records"}
        )
    organization_id, member_id = _subject_ids(subject_key)
    with transaction.atomic():
        _lock(assessment, allowed, "核实事项 / establishing facts")
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
        if recompute and assessment.runs.exists():
            assessment_compute(
                assessment=assessment,
                by=by,
                source=AuditSource.APPEAL if _during_appeal else AuditSource.MANUAL,
                reason=f"{metric}={value} {comment}".strip(),
            )
    return entry


class ConflictError(Exception):
    """Someone saved this score after you opened it: reload, then decide again."""


def manual_rate(
    *,
    assessment: Assessment,
    subject_key: str,
    item_id: str,
    points=None,
    level: str = "",
    comment: str = "",
    by: User,
    expected_version: int | None = None,
    recompute: bool = True,
    _during_appeal: bool = False,
) -> ManualRating:
    """One evaluator's rating of a manual item (定性评价).

    Several evaluators may rate one item; the score is their mean. A save names the version
    it edited (`expected_version`): if the rating changed meanwhile it raises ConflictError
    and writes nothing. With a run in place the assessment is recomputed in the same
    transaction, so the new score and its audit row appear together.
    """
    allowed = {Stage.DRAFT, Stage.SELF_ASSESSMENT, Stage.REVIEW}
    if _during_appeal:
        allowed.add(Stage.PUBLISHED)
    item = _manual_item(assessment, item_id)
    points = None if points in (None, "") else Decimal(points)
    if level and item.rule.levels is not None and item.rule.level(level) is None:
        names = "、".join(lv.name for lv in item.rule.levels)
        raise ValidationError({"level": f"等次应为 {names} 之一 / level must be one of {names}"})
    if points is None and not level:
        raise ValidationError({"points": "请填写得分或等次 / give points or a level"})
    value = points if points is not None else item.rule.level(level).points
    if not Decimal(0) <= value <= item.max:
        raise ValidationError(
            {"points": f"得分应在 0 到 {item.max} 之间 / points must be 0–{item.max}"}
        )
    if value < item.max and not comment.strip():
        raise ValidationError(
            {"comment": "低于满分须写明理由 / a rating below the max needs a comment"}
        )
    organization_id, _ = _subject_ids(subject_key)
    with transaction.atomic():
        _lock(assessment, allowed, "定性评价 / rating")
        existing = ManualRating.objects.filter(
            assessment=assessment, subject_key=subject_key, item_id=item_id, rated_by=by
        ).first()
        if existing is None:
            if expected_version not in (None, 0):
                raise ConflictError("该评分已被删除或尚不存在 / the rating no longer exists")
            rating = ManualRating.objects.create(
                assessment=assessment, subject_key=subject_key, organization_id=organization_id,
                item_id=item_id, points=points, level=level if points is None else "",
                comment=comment, rated_by=by,
            )  # fmt: skip
        else:
            version = existing.version if expected_version is None else expected_version
            updated = ManualRating.objects.filter(pk=existing.pk, version=version).update(
                points=points, level=level if points is None else "", comment=comment,
                version=version + 1, rated_at=timezone.now(),
            )  # fmt: skip
            if not updated:
                raise ConflictError(
                    "该评分已被他人修改,请刷新后重试 / someone changed this rating: reload"
                )
            rating = ManualRating.objects.get(pk=existing.pk)
        if recompute and assessment.runs.exists():
            assessment_compute(
                assessment=assessment, by=by,
                source=AuditSource.APPEAL if _during_appeal else AuditSource.MANUAL,
                reason=comment,
            )  # fmt: skip
    return rating


def _scheme_item(assessment: Assessment, item_id: str, action: str):
    """The item of a scheme computed from the records, or ValidationError naming it."""
    _require_from_records(assessment, action)
    try:
        return scheme_of_version(assessment.scheme_version).item(item_id)
    except KeyError:
        raise ValidationError({"item": f"方案中没有项目 {item_id} / no item {item_id}"}) from None


def _manual_item(assessment: Assessment, item_id: str):
    item = _scheme_item(assessment, item_id, "评分 / rating")
    if item.rule.kind != "manual":
        raise ValidationError(
            {"item": f"项目 {item_id} 由记录自动计分,不能人工评分 / item {item_id} is computed"}
        )
    return item


STAGE_ZH = {
    Stage.DRAFT: "未开始",
    Stage.SELF_ASSESSMENT: "自评",
    Stage.REVIEW: "审核",
    Stage.PUBLISHED: "公示",
    Stage.FINALIZED: "定档",
}


def _require_stage(assessment: Assessment, stages, action: str) -> None:
    """`action` is "中文 / English"; the message names the stage in both languages."""
    if assessment.stage not in stages:
        zh, _, en = action.partition(" / ")
        raise ValidationError(
            f"当前为「{STAGE_ZH[assessment.stage]}」阶段,不能{zh} / "
            f"{en or zh} is not possible in the {assessment.stage} stage"
        )


def _subject_ids(subject_key: str) -> tuple[int, int | None]:
    if subject_key.startswith("M"):
        from kaohe.organizations.models import Member

        member_id = int(subject_key[1:])
        return Member.objects.values_list("branch_id", flat=True).get(pk=member_id), member_id
    return int(subject_key[1:]), None


def assessment_compute(
    *,
    assessment: Assessment,
    by: User | None,
    source: str = AuditSource.ENGINE,
    reason: str = "",
):
    """Compute the metrics from the records, score every subject, store the run.

    A combined assessment is combined again from its sources instead (built facts: None).
    """
    from kaohe.assessments.facts import build_facts

    scheme = scheme_of_version(assessment.scheme_version)
    if assessment.is_combined:
        return _combine(assessment, scheme, by=by, source=source, reason=reason), None
    built = build_facts(scheme, assessment)
    run = assessment_run(
        assessment=assessment,
        scheme=scheme,
        facts_json=built.data,
        member_branches=built.member_branches,
        by=by,
        source=source,
        reason=reason,
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
    frame = columnar.frame

    # Column by column, not row by row: a bulk run has 100,000s of subjects (from_hundredths
    # caches the few distinct values points take).
    def points(name: str) -> list[Decimal]:
        return list(map(from_hundredths, frame[name].to_list()))

    def per_row(columns: list[list]) -> list[tuple]:
        return list(zip(*columns, strict=True)) if columns else [()] * frame.height

    item_ids = columnar.item_ids
    item_points = per_row([points(f"item:{i}") for i in item_ids])
    item_excluded = per_row([frame[f"excluded:{i}"].to_list() for i in item_ids])
    no_explanations: list = []  # shared: bulk rows carry none, and nothing mutates it
    explanations = [no_explanations] * len(item_ids)
    award_ids = sorted(columnar.award_ids)
    award_flags = per_row([frame[f"award:{a}"].to_list() for a in award_ids])
    veto_ids = columnar.veto_ids
    veto_flags = per_row([frame[f"veto:{v}"].to_list() for v in veto_ids])
    rows = []
    for key, base, bonus, penalty, total, grade, vetoes, item_p, item_x, flags in zip(
        frame["subject"].to_list(),
        points("base"),
        points("bonus"),
        points("penalty"),
        points("total"),
        frame["grade"].to_list(),
        veto_flags,
        item_points,
        item_excluded,
        award_flags,
        strict=True,
    ):
        rows.append(
            {
                "key": key,
                "base": base,
                "bonus": bonus,
                "penalty": penalty,
                "total": total,
                "grade": grade,
                "vetoes": [v for v, hit in zip(veto_ids, vetoes, strict=True) if hit],
                "awards": [a for a, flag in zip(award_ids, flags, strict=True) if flag],
                "explanations": [],
                "items": list(zip(item_ids, item_p, item_x, explanations, strict=True)),
            }
        )
    return rows


def _stored_subject(key: str, member_branches: dict[int, int]) -> tuple[int, int | None]:
    """(organization id, member id) a stored row carries for subject `key`, as `_subject_ids`
    reads them, from the run's own map of members to branches instead of one query each."""
    if key.startswith("M"):
        member_id = int(key[1:])
        return member_branches[member_id], member_id
    return int(key[1:]), None


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
            organization_id, member_id = _stored_subject(key, member_branches)
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


# --- Audit: every score change, in the transaction that makes it ---------------------------


def _current_points(assessment: Assessment) -> dict[tuple[str, str], Decimal]:
    """(subject, item) → points of the current run, and (subject, "") → its total."""
    current: dict[tuple[str, str], Decimal] = {}
    if not AssessmentRun.objects.filter(assessment=assessment).exists():
        return current  # the first computation: every score is new
    items = ItemScore.objects.filter(result__run__assessment=assessment).values_list(
        "result__subject_key", "item_id", "points"
    )
    for key, item_id, points in items:
        current[(key, item_id)] = points
    for key, total in SubjectResult.objects.filter(run__assessment=assessment).values_list(
        "subject_key", "total"
    ):
        current[(key, "")] = total
    return current


def _audit_changes(assessment, previous, rows, member_branches, source, reason, by) -> None:
    """One row per changed score. A first computation records each subject's total only:
    its item values are the run's own stored scores, and every later change of an item is
    written here with its old value, so an item's history is always complete."""
    now = timezone.now()
    first = not previous

    def changes():
        for row in rows:
            key = row["key"]
            organization_id, member_id = _stored_subject(key, member_branches)
            new_values = [] if first else [(i, points) for i, points, _, _ in row["items"]]
            for item_id, new in [*new_values, ("", row["total"])]:
                old = previous.get((key, item_id))
                if old is None or Decimal(old) != Decimal(new):
                    yield (
                        assessment.pk, key, organization_id, member_id, item_id, old, new,
                        source, reason[:500], by.pk if by else None, now,
                    )  # fmt: skip

    insert_rows(
        ScoreAudit,
        ("assessment", "subject_key", "organization", "member", "item_id", "old", "new",
         "source", "reason", "by", "at"),
        changes(),
    )  # fmt: skip


# --- The cycle: 自评 → 审核 → 公示 → 申诉 → 定档 -------------------------------------------------


def assessment_schedule(
    *,
    assessment: Assessment,
    self_assessment_due=None,
    review_due=None,
    review_gap=None,
    evaluators=None,
    by: User,
) -> Assessment:
    """Set the deadlines, the review gap and the evaluators (考核组) of an assessment."""
    if self_assessment_due and review_due and review_due < self_assessment_due:
        raise ValidationError(
            {"review_due": "审核截止日期不能早于自评截止日期 / review ends before self-assessment"}
        )
    with transaction.atomic():
        _lock(assessment)
        if assessment.is_locked:
            raise ValidationError("已定档 / finalized")
        assessment.self_assessment_due = self_assessment_due
        assessment.review_due = review_due
        if review_gap is not None:
            assessment.review_gap = Decimal(review_gap)
        assessment.save(update_fields=["self_assessment_due", "review_due", "review_gap"])
        if evaluators is not None:  # an empty list clears the assignment
            assessment.evaluators.set(evaluators)
    return assessment


def assessment_start_self_assessment(*, assessment: Assessment, by: User) -> Assessment:
    """Open 自评: compute the automatic scores so branches see them, then let them claim."""
    with transaction.atomic():
        _lock(assessment, {Stage.DRAFT}, "开始自评 / opening self-assessment")
        assessment_compute(assessment=assessment, by=by)
        _move(assessment, Stage.SELF_ASSESSMENT)
    return assessment


def assessment_start_review(*, assessment: Assessment, by: User) -> Assessment:
    with transaction.atomic():
        _lock(assessment, {Stage.SELF_ASSESSMENT}, "开始审核 / opening review")
        _move(assessment, Stage.REVIEW)
    return assessment


def assessment_publish(*, assessment: Assessment, start, end, by: User) -> Assessment:
    """公示: results are shown to the branches and their members between `start` and `end`."""
    if end <= start:
        raise ValidationError(
            {"publish_until": "公示结束时间应晚于开始时间 / the window must end after it starts"}
        )
    with transaction.atomic():
        _lock(assessment, {Stage.REVIEW}, "公示 / publication")
        assessment_compute(assessment=assessment, by=by)
        assessment.publish_from, assessment.publish_until = start, end
        assessment.save(update_fields=["publish_from", "publish_until"])
        _move(assessment, Stage.PUBLISHED)
    return assessment


def assessment_finalize(*, assessment: Assessment, by: User, now=None) -> Assessment:
    """定档: lock the results, after checking they recompute identically from their inputs."""
    from kaohe.assessments.selectors import current_run

    now = now or timezone.now()
    # Recomputing a large run takes seconds: the cheap refusals come first, and the recompute
    # before the lock, so that other writers do not wait on it. Under the lock the refusals
    # are checked again, and the run checked must still be the current one.
    _require_stage(assessment, {Stage.PUBLISHED}, "定档 / finalizing")
    _require_finalizable(assessment, now)
    verified = current_run(assessment)
    if verified is None:
        raise ValidationError("尚未计算结果 / nothing has been computed")
    differences = assessment_verify(assessment=assessment, run=verified)
    with transaction.atomic():
        _lock(assessment, {Stage.PUBLISHED}, "定档 / finalizing")
        _require_finalizable(assessment, now)
        current = current_run(assessment)
        if current is None or current.pk != verified.pk:
            raise ValidationError(
                "结果在核对期间已重新计算,请再试一次 / the results were recomputed while "
                "being checked: try again"
            )
        if differences:
            raise ValidationError(
                f"结果与其输入重算不一致 / results do not recompute: {differences[:5]}"
            )
        assessment.finalized_at = now
        assessment.save(update_fields=["finalized_at"])
        _move(assessment, Stage.FINALIZED)
    return assessment


def _require_finalizable(assessment: Assessment, now) -> None:
    """What 定档 needs besides results that recompute: the 公示 over, no appeal open."""
    if assessment.publish_until and now < assessment.publish_until:
        raise ValidationError("公示期尚未结束 / the publication window has not ended")
    if assessment.appeals.filter(status=AppealStatus.OPEN).exists():
        raise ValidationError("还有未处理的申诉 / appeals are still open")


def _move(assessment: Assessment, stage: str) -> None:
    assessment.stage = stage
    assessment.save(update_fields=["stage"])


def assessment_verify(*, assessment: Assessment, run=None) -> list[str] | None:
    """Recompute `run` (by default the current one) from its pinned scheme version and stored
    inputs, and list every difference from the stored results (empty: identical; None:
    nothing computed)."""
    from kaohe.assessments.selectors import current_run, run_facts

    run = run or current_run(assessment)
    if run is None:
        return None
    scheme = scheme_of_version(assessment.scheme_version)
    differences = []
    if assessment.is_combined:
        rows = _verify_combined_inputs(assessment, scheme, run, differences)
    else:
        facts = parse_facts(run_facts(run))
        if facts.fingerprint() != run.facts_fingerprint:
            differences.append("input hash")
        rows = _score(scheme, facts)
    recomputed = {row["key"]: row for row in rows}
    stored_items = {
        (key, item_id): points
        for key, item_id, points in ItemScore.objects.filter(result__run=run).values_list(
            "result__subject_key", "item_id", "points"
        )
    }
    for result in run.results.all():
        row = recomputed.get(result.subject_key)
        if row is None:
            differences.append(f"{result.subject_key}: missing")
            continue
        for field in ("total", "base", "bonus", "penalty"):
            if Decimal(getattr(result, field)) != row[field]:
                differences.append(f"{result.subject_key}.{field}")
        if result.grade != row["grade"] or sorted(result.awards) != row["awards"]:
            differences.append(f"{result.subject_key}: grade/awards")
        for item_id, points, _, _ in row["items"]:
            if stored_items.get((result.subject_key, item_id)) != points:
                differences.append(f"{result.subject_key}.{item_id}")
    return differences


def _require_claims_open(assessment: Assessment, subject_key: str) -> None:
    _require_stage(assessment, {Stage.SELF_ASSESSMENT}, "自评 / self-assessment")
    if Submission.objects.filter(assessment=assessment, subject_key=subject_key).exists():
        raise ValidationError("自评已提交,不能再修改 / the self-assessment is submitted")


def self_assess_claim(
    *,
    assessment: Assessment,
    subject_key: str,
    item_id: str,
    claimed_points,
    reason: str,
    by: User,
    evidence=(),
) -> SelfAssessment:
    """自评: a branch claims points on a manual item, explaining any disagreement, with
    evidence files (佐证材料) added to those the claim has. A refused file saves nothing."""
    item = _scheme_item(assessment, item_id, "自评 / self-assessment")
    if item.rule.kind != "manual":
        computed = (
            f"项目 {item_id} 由记录自动计分,不能自评分;如有不同意见请写异议说明 / "
            f"item {item_id} is computed from the records: file an objection instead"
        )
        raise ValidationError({"claimed_points": computed})
    claimed = Decimal(claimed_points)
    if not Decimal(0) <= claimed <= item.max:
        raise ValidationError(
            {"claimed_points": f"自评分应在 0 到 {item.max} 之间 / must be 0–{item.max}"}
        )
    return _self_assessment_save(assessment, subject_key, item_id, claimed, reason, evidence, by)


def _self_assessment_save(assessment, subject_key, item_id, points, reason, evidence, by):
    """One claim or objection per subject and item, with its files: all or nothing."""
    organization_id, _ = _subject_ids(subject_key)
    with transaction.atomic():
        _lock(assessment)
        _require_claims_open(assessment, subject_key)  # the stage as committed
        row, _ = SelfAssessment.objects.update_or_create(
            assessment=assessment, subject_key=subject_key, item_id=item_id,
            defaults={"organization_id": organization_id, "claimed_points": points,
                      "reason": reason, "updated_by": by},
        )  # fmt: skip
        # A refused file raises here, naming it, and the row rolls back with it.
        evidence_attach_all(record=row, uploads=evidence, uploaded_by=by, field="evidence")
    return row


def self_assess_object(
    *,
    assessment: Assessment,
    subject_key: str,
    item_id: str,
    reason: str,
    by: User,
    evidence=(),
) -> SelfAssessment:
    """异议说明: during self-assessment a branch explains why an automatic item's score is
    wrong (a meeting held but not recorded…), with evidence files added to those the
    objection has. It changes no score: an evaluator corrects the records or establishes the
    fact. Same guards as a claim; a refused file saves nothing."""
    if _scheme_item(assessment, item_id, "自评 / self-assessment").rule.kind == "manual":
        raise ValidationError(
            {"item": f"项目 {item_id} 为人工评分项,请填写自评分 / item {item_id} takes a claim"}
        )
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请写明异议理由 / give the reason for the objection"})
    return _self_assessment_save(assessment, subject_key, item_id, None, reason, evidence, by)


def self_assess_objection_withdraw(*, objection: SelfAssessment, by: User) -> None:
    """Take an objection back, with its files, under the same guards as changing it."""
    if not objection.is_objection:
        raise ValidationError("这是自评分,不是异议说明 / this is a claim, not an objection")
    with transaction.atomic():
        _lock(objection.assessment)
        _require_claims_open(objection.assessment, objection.subject_key)
        for evidence in objection.evidence.all():
            evidence_delete(evidence=evidence)
        objection.delete()


def self_assess_evidence_remove(*, claim: SelfAssessment, evidence: Evidence, by: User) -> None:
    """Take a file off a claim, under the same guards as changing the claim."""
    if not claim.evidence.filter(pk=evidence.pk).exists():
        raise ValidationError("该文件不属于此自评项 / the file is not this claim's evidence")
    with transaction.atomic():
        _lock(claim.assessment)
        _require_claims_open(claim.assessment, claim.subject_key)
        evidence_delete(evidence=evidence)


def self_assess_submit(*, assessment: Assessment, subject_key: str, by: User) -> Submission:
    organization_id, _ = _subject_ids(subject_key)
    with transaction.atomic():
        _lock(assessment, {Stage.SELF_ASSESSMENT}, "提交自评 / submitting")
        submission, created = Submission.objects.get_or_create(
            assessment=assessment, subject_key=subject_key,
            defaults={"organization_id": organization_id, "submitted_by": by},
        )  # fmt: skip
        if not created:
            raise ValidationError("自评已提交 / already submitted")
    return submission


def appeal_file(
    *,
    assessment: Assessment,
    subject_key: str,
    item_id: str,
    reason: str,
    by: User,
    evidence=(),
    now=None,
) -> Appeal:
    """申诉: within the publication window, on one item of one subject's result, with
    evidence files (佐证材料); a refused file files nothing."""
    now = now or timezone.now()
    _require_from_records(assessment, "申诉 / appeals")
    if not reason.strip():
        raise ValidationError({"reason": "请写明申诉理由 / give a reason"})
    scheme = scheme_of_version(assessment.scheme_version)
    try:
        scheme.item(item_id)
    except KeyError:
        raise ValidationError({"item": f"方案中没有项目 {item_id} / no item {item_id}"}) from None
    organization_id, member_id = _subject_ids(subject_key)
    with transaction.atomic():
        _lock(assessment, {Stage.PUBLISHED}, "申诉 / appeals")
        if not (assessment.publish_from <= now <= assessment.publish_until):
            raise ValidationError(
                "不在公示期内,不能申诉 / appeals are filed within the publication window"
            )
        open_appeals = Appeal.objects.filter(
            assessment=assessment, subject_key=subject_key, item_id=item_id,
            status=AppealStatus.OPEN,
        )  # fmt: skip
        if open_appeals.exists():
            raise ValidationError("该项目已有待处理的申诉 / an appeal on this item is already open")
        appeal = Appeal.objects.create(
            assessment=assessment, subject_key=subject_key, organization_id=organization_id,
            member_id=member_id, item_id=item_id, reason=reason, filed_by=by,
        )  # fmt: skip
        evidence_attach_all(record=appeal, uploads=evidence, uploaded_by=by, field="evidence")
    return appeal


def appeal_decide(
    *, appeal: Appeal, accept: bool, decision: str, by: User, url: str = ""
) -> Appeal:
    """An evaluator accepts or rejects an appeal, with a reason the appellant is told.

    Accepting recomputes the assessment from its inputs (the evaluator has corrected the
    rating, the established fact or the record the appeal was about), so the change and
    its audit row (source: appeal) are written with the decision, in one transaction.
    """
    assessment = appeal.assessment
    if not decision.strip():
        raise ValidationError({"decision": "请写明处理意见 / give the reason for the decision"})
    with transaction.atomic():
        _lock(assessment, {Stage.PUBLISHED}, "处理申诉 / deciding appeals")
        appeal.refresh_from_db(fields=["status"])  # another evaluator may just have decided
        if appeal.status != AppealStatus.OPEN:
            raise ValidationError("该申诉已处理 / the appeal is already decided")
        if accept:
            assessment_compute(
                assessment=assessment, by=by, source=AuditSource.APPEAL,
                reason=f"申诉{appeal.pk}: {decision}",
            )  # fmt: skip
        appeal.status = AppealStatus.ACCEPTED if accept else AppealStatus.REJECTED
        appeal.decision, appeal.decided_by, appeal.decided_at = decision, by, timezone.now()
        appeal.save(update_fields=["status", "decision", "decided_by", "decided_at"])
        verdict = "已采纳" if accept else "未采纳"
        Notice.objects.create(
            user=appeal.filed_by, url=url,
            message=f"您对{appeal.item_id}的申诉{verdict}:{decision}",
        )  # fmt: skip
    return appeal


def notice_open(*, notice: Notice, now=None) -> Notice:
    """The user opened a notice: it is read (the first time counts)."""
    if notice.read_at is None:
        notice.read_at = now or timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


def notice_read_all(*, user: User, now=None) -> int:
    """Mark every unread notice of `user` read; how many were unread."""
    return Notice.objects.filter(user=user, read_at__isnull=True).update(
        read_at=now or timezone.now()
    )


# --- 汇总考核: finalized assessments combined by the scheme's weights (combined.py) ----------


def assessment_combine(
    *,
    scheme_version: SchemeVersion,
    year: int,
    parts: dict[str, list[Assessment]],
    by: User | None,
) -> Assessment:
    """Open (or re-open, until finalized) the combined assessment of `year` and compute it.

    `parts` maps each part of the scheme's rollup weights to its finalized source assessments
    (same scheme version and organization, periods within the year). Any problem is raised as
    one ValidationError listing all of them, and nothing is written. The combined assessment
    starts at 审核: self-assessment and ratings happened in the sources; the admin checks the
    combination, publishes it and finalizes it.
    """
    from kaohe.assessments import combined

    scheme = scheme_of_version(scheme_version)
    inputs = combined.combine_inputs(scheme_version, scheme, year, parts)
    organization_id = next(iter(parts.values()))[0].organization_id
    with transaction.atomic():
        assessment, created = Assessment.objects.get_or_create(
            scheme_version=scheme_version,
            organization_id=organization_id,
            period_kind="year",
            period_year=year,
            period_index=0,
            kind=AssessmentKind.COMBINED,
            defaults={"created_by": by, "stage": Stage.REVIEW},
        )
        # Before its sources are replaced: two combines at once take turns, as runs do.
        _lock(assessment)
        if assessment.is_locked:
            raise ValidationError(
                f"{year}年度汇总考核已定档,不能重新汇总 / "
                f"the combined assessment of {year} is finalized"
            )
        CombinedSource.objects.filter(combined=assessment).delete()
        CombinedSource.objects.bulk_create(
            CombinedSource(combined=assessment, part=part, source=source)
            for part, sources in parts.items()
            for source in sources
        )
        _combine(
            assessment, scheme, by=by, inputs=inputs,
            reason="" if created else "重新选择来源考核 / sources chosen again",
        )  # fmt: skip
    return assessment


def _combine(
    assessment: Assessment, scheme: Scheme, *, by, source=AuditSource.ENGINE, reason="", inputs=None
) -> AssessmentRun:
    """Combine the assessment's sources (or the already checked `inputs`) into its run."""
    from kaohe.assessments import combined

    _refuse_if_finalized(assessment)  # before scoring; again under the lock when storing
    started = time.perf_counter()
    if inputs is None:
        inputs = combined.combine_inputs(
            assessment.scheme_version,
            scheme,
            assessment.period_year,
            combined.stored_parts(assessment),
        )
    rows, member_branches = combined.combine_rows(scheme, inputs)
    compressed = zlib.compress(json.dumps(inputs, ensure_ascii=False).encode(), 6)
    return _replace_run(
        assessment, scheme, combined.inputs_fingerprint(inputs), compressed, rows,
        member_branches, by=by, source=source, reason=reason, started=started,
    )  # fmt: skip


def _verify_combined_inputs(assessment, scheme, run, differences: list[str]) -> list[dict]:
    """Rows recomputed from the run's pinned inputs; notes a changed input hash, and sources
    whose results no longer are the ones combined."""
    from kaohe.assessments import combined
    from kaohe.assessments.selectors import run_facts

    inputs = run_facts(run)
    if combined.inputs_fingerprint(inputs) != run.facts_fingerprint:
        differences.append("input hash")
    try:
        current = combined.combine_inputs(
            assessment.scheme_version, scheme, assessment.period_year,
            combined.stored_parts(assessment),
        )  # fmt: skip
    except ValidationError as error:
        differences.extend(f"sources: {m}" for m in error.messages)
    else:
        if current["parts"] != inputs["parts"]:
            differences.append("sources: results changed since they were combined")
    return combined.combine_rows(scheme, inputs)[0]
