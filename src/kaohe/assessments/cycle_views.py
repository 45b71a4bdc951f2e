"""The assessment cycle as pages (篇二 三、四; 篇七 三、四): manage and publish (admins),
self-assessment (secretaries), review and appeal decisions (evaluators), appeals
(secretaries and members), item history and awards (whoever sees the results).

Every page first passes the scoping gate (`selectors.assessment_for` / `result_for`, 404 when
not visible); then it asks who may act here, and answers 403 to those who see but may not.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kaohe.accounts.models import Role, RoleGrant, User
from kaohe.accounts.scoping import get_scoped_or_404, has_role_over, role_paths, scoped
from kaohe.assessments import awards as award_logic
from kaohe.assessments import selectors, services
from kaohe.assessments.cycle_forms import (
    AppealForm,
    ClaimForm,
    DecideForm,
    FactForm,
    ObjectionForm,
    PublishForm,
    RatingForm,
    ScheduleForm,
    SubmitForm,
    add_service_errors,
    uploads,
)
from kaohe.assessments.metrics import key_id, member_key, org_key
from kaohe.assessments.models import (
    STAGE_ORDER,
    Appeal,
    AppealStatus,
    Assessment,
    FactEntry,
    ManualRating,
    ScoreAudit,
    SelfAssessment,
    Stage,
    SubjectResult,
    Submission,
)
from kaohe.organizations.models import Member, Organization, OrgKind
from kaohe.records.models import Evidence
from kaohe.records.selectors import evidence_of
from kaohe.scoring import FactsError, Scheme

PAGE_SIZE = 30
AWARDS_PAGE_SIZE = 100  # standings listed on one page of the awards
# A secretary's own subjects listed on the cycle panel: their branches, or in a member scheme
# the members of those branches.
OWN_SUBJECTS_LIMIT = 300
# Verifying recomputes the whole run; on the management page it runs by itself up to this
# many subjects, and on request (?verify=1) beyond.
AUTO_VERIFY_LIMIT = services.SCALAR_RUN_LIMIT
RATING_STAGES = {Stage.DRAFT, Stage.SELF_ASSESSMENT, Stage.REVIEW}
FACT_STAGES = RATING_STAGES  # after publication a fact changes a result only through an appeal


# --- who may act ----------------------------------------------------------------------------


def can_manage(user, assessment: Assessment) -> bool:
    """Admins over the assessment's organization open, schedule, publish and finalize it."""
    return has_role_over(user, {Role.ADMIN}, assessment.organization)


def can_review(user, assessment: Assessment) -> bool:
    """The assigned evaluators; with none assigned, every evaluator over the organization.
    Admins of the organization may always review and decide appeals."""
    if can_manage(user, assessment):
        return True
    assigned = assessment.evaluators.all()
    if assigned.exists():
        return assigned.filter(pk=user.pk).exists()
    return has_role_over(user, {Role.EVALUATOR}, assessment.organization)


def can_self_assess(user, organization: Organization) -> bool:
    """Secretaries act for their own branch (or the branches under their organization)."""
    return has_role_over(user, {Role.SECRETARY}, organization)


def can_appeal(user, result: SubjectResult) -> bool:
    """A branch's secretary appeals its items; a member appeals their own member result.
    Members do not appeal their branch's items: the branch speaks through its secretary."""
    if result.member_id is not None and user.member_id == result.member_id:
        return True
    return has_role_over(user, {Role.SECRETARY}, result.organization)


def window_open(assessment: Assessment, now=None) -> bool:
    now = now or timezone.now()
    return (
        assessment.stage == Stage.PUBLISHED
        and assessment.publish_from is not None
        and assessment.publish_from <= now <= assessment.publish_until
    )


def evaluator_candidates(assessment: Assessment):
    """Users holding the evaluator or admin role over a subtree containing the organization."""
    path = assessment.organization.path
    granted = RoleGrant.objects.filter(
        role__in=[Role.EVALUATOR, Role.ADMIN],
        organization__path__in=[*Organization.ancestor_paths(path), path],
    ).values("user_id")
    return User.objects.filter(pk__in=granted, is_active=True).order_by("username")


# --- helpers ----------------------------------------------------------------------------------


def _manual_items(scheme: Scheme):
    return [item for item in scheme.items if item.rule.kind == "manual"]


def _levels(item) -> list[str]:
    return [level.name for level in item.rule.levels or ()]


def _result_name(result: SubjectResult) -> str:
    return result.member.name if result.member_id else result.organization.name


def _errors(error: ValidationError | FactsError | Exception) -> list[str]:
    if isinstance(error, ValidationError):
        return error.messages
    return [str(error)]


def _page(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _stage_steps(assessment: Assessment) -> list[dict]:
    reached = STAGE_ORDER.index(assessment.stage)
    return [
        {"value": value, "label": label, "done": i < reached, "current": i == reached}
        for i, (value, label) in enumerate(Stage.choices)
    ]


def facts_to_establish(scheme: Scheme, assessment: Assessment) -> list[dict]:
    """Metrics the scheme reads that no record yields for its subjects: an evaluator
    establishes them per subject (考核组核实事项), else they count as missing.

    The same test as `facts.build_facts` (a catalogue metric for this subject kind is
    computed), without computing anything: per metric, how many subjects have a value.
    """
    from kaohe.assessments.facts import scheme_reads
    from kaohe.assessments.metrics import BRANCH, CATALOGUE, MEMBER

    kind = MEMBER if scheme.subject == "member" else BRANCH
    wanted, _events = scheme_reads(scheme)
    missing = sorted(
        name
        for name in wanted
        if CATALOGUE.get(name) is None or kind not in CATALOGUE[name].subjects
    )
    if not missing:
        return []
    counts = {name: 0 for name in missing}
    for metric in FactEntry.objects.filter(assessment=assessment, metric__in=missing).values_list(
        "metric", flat=True
    ):
        counts[metric] += 1
    readers = {name: [i.id for i in scheme.items if name in i.metrics] for name in missing}
    return [{"metric": m, "entered": counts[m], "items": readers[m]} for m in missing]


def _subjects(user, assessment: Assessment, scheme: Scheme) -> QuerySet:
    """The assessment's subjects the user may see (members or branches), in page order: a
    queryset, so a page of a committee's 100,000 members reads only that page."""
    if scheme.subject == "member":
        members = scoped(
            user,
            Member.objects.filter(branch__path__startswith=assessment.organization.path),
        )
        return members.select_related("branch").order_by("branch__path", "pk")
    branches = scoped(
        user,
        Organization.objects.filter(
            path__startswith=assessment.organization.path, kind=OrgKind.BRANCH
        ),
    )
    return branches.order_by("path")


def _subject_row(subject: Member | Organization) -> tuple[str, str, str]:
    """(subject key, name, branch name)."""
    if isinstance(subject, Member):
        return services.subject_key_for_member(subject.pk), subject.name, subject.branch.name
    return services.subject_key_for_org(subject.pk), subject.name, ""


def _is_subject(subjects: QuerySet, key: str) -> bool:
    """Whether `key` names one of `subjects` (a form's hidden field, so anything may come)."""
    pk = key_id(key, member_key if subjects.model is Member else org_key)
    return pk is not None and subjects.filter(pk=pk).exists()


# --- the panel on the assessment page -------------------------------------------------------


@require_GET
@login_required
def cycle_panel(request, pk: int):
    """The assessment page's cycle box (loaded by htmx): stage and what this user may do."""
    assessment = selectors.assessment_for(request.user, pk)
    # A combined year has no self-assessment: its sources had theirs.
    own = [] if assessment.is_combined else _own_subjects(request.user, assessment)
    context = {
        "assessment": assessment,
        "steps": _stage_steps(assessment),
        "may_manage": can_manage(request.user, assessment),
        "may_review": can_review(request.user, assessment),
        "window_open": window_open(assessment),
        "own_subjects": own,
        "own_members": [o for o in own if o["result"].member_id is not None],
    }
    return render(request, "assessments/cycle/_panel.html", context)


def _own_subjects(user, assessment: Assessment) -> list[dict]:
    """The results this user self-assesses, with their state: a secretary's branches or, in a
    member scheme, the members of those branches (篇七 三(二)(三): the branch assesses its
    members and reports to the 考核办公室 with the material)."""
    if Role.SECRETARY not in role_paths(user) and not user.is_superuser:
        return []
    run = selectors.current_run(assessment)
    if run is None or user.is_superuser:
        return []
    visible = selectors.visible_results(user).filter(run=run)
    results = [
        r
        for r in visible.order_by("organization__path", "subject_key")[:OWN_SUBJECTS_LIMIT]
        if can_self_assess(user, r.organization)
    ]
    submitted = set(
        Submission.objects.filter(
            assessment=assessment, subject_key__in=[r.subject_key for r in results]
        ).values_list("subject_key", flat=True)
    )
    return [{"result": r, "submitted": r.subject_key in submitted} for r in results]


# --- 1. manage: stage, deadlines, evaluators, facts, verification ----------------------------


@require_http_methods(["GET", "POST"])
@login_required
def assessment_manage(request, pk: int):
    assessment = selectors.assessment_for(request.user, pk)
    if not can_manage(request.user, assessment):
        raise PermissionDenied
    candidates = evaluator_candidates(assessment)
    schedule = ScheduleForm(
        candidates=candidates,
        initial={
            "self_assessment_due": assessment.self_assessment_due,
            "review_due": assessment.review_due,
            "review_gap": assessment.review_gap,
            "evaluators": list(assessment.evaluators.values_list("pk", flat=True)),
        },
    )
    now = timezone.localtime().replace(second=0, microsecond=0)
    publish = PublishForm(
        initial={"publish_from": now, "publish_until": now + datetime.timedelta(days=7)}
    )
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "schedule":
                schedule = ScheduleForm(request.POST, candidates=candidates)
                if schedule.is_valid():
                    data = schedule.cleaned_data
                    services.assessment_schedule(
                        assessment=assessment,
                        self_assessment_due=data["self_assessment_due"],
                        review_due=data["review_due"],
                        review_gap=data["review_gap"],
                        evaluators=list(data["evaluators"]),
                        by=request.user,
                    )
                    messages.success(request, _("Schedule saved."))
                    return redirect("assessments:manage", assessment.pk)
            elif action == "publish":
                publish = PublishForm(request.POST)
                if publish.is_valid():
                    services.assessment_publish(
                        assessment=assessment,
                        start=publish.cleaned_data["publish_from"],
                        end=publish.cleaned_data["publish_until"],
                        by=request.user,
                    )
                    messages.success(request, _("Results published."))
                    return redirect("assessments:manage", assessment.pk)
            elif action in STAGE_ACTIONS:
                STAGE_ACTIONS[action](assessment=assessment, by=request.user)
                stage = assessment.get_stage_display()
                messages.success(request, _("Stage now: %(stage)s.") % {"stage": stage})
                return redirect("assessments:manage", assessment.pk)
            else:
                errors.append(_("Unknown action."))
        except (ValidationError, FactsError) as error:
            assessment.refresh_from_db()
            if action == "schedule" and isinstance(error, ValidationError):
                add_service_errors(schedule, error)
            elif action == "publish" and isinstance(error, ValidationError):
                add_service_errors(publish, error)
            else:
                errors.extend(_errors(error))
    run = selectors.current_run(assessment)
    scheme = selectors.scheme_of(assessment)
    verification = None
    wants_verify = request.GET.get("verify") == "1"
    if run is not None and (
        wants_verify
        or (assessment.stage_reached(Stage.PUBLISHED) and run.subject_count <= AUTO_VERIFY_LIMIT)
    ):
        verification = services.assessment_verify(assessment=assessment, run=run)
    context = {
        "assessment": assessment,
        "run": run,
        "steps": _stage_steps(assessment),
        "schedule_form": schedule,
        "publish_form": publish,
        "errors": errors,
        "evaluators": assessment.evaluators.order_by("username"),
        "to_establish": facts_to_establish(scheme, assessment),
        "verification": verification,
        "counts": _cycle_counts(assessment, run),
        "window_open": window_open(assessment),
        "window_ended": assessment.publish_until is not None
        and timezone.now() >= assessment.publish_until,
        "flags": len(selectors.review_flags(assessment)) if run else 0,
        # A finalized source under a scheme with rollup weights may be combined into its year.
        "combinable": assessment.is_locked
        and not assessment.is_combined
        and scheme.rollup is not None,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "assessments/cycle/manage.html", context, status=status)


STAGE_ACTIONS = {
    "start_self_assessment": services.assessment_start_self_assessment,
    "start_review": services.assessment_start_review,
    "finalize": services.assessment_finalize,
}


def _cycle_counts(assessment: Assessment, run) -> dict:
    return {
        "subjects": run.subject_count if run else 0,
        "submitted": assessment.submissions.count(),
        "claims": assessment.claims.filter(claimed_points__isnull=False).count(),
        "objections": assessment.claims.filter(claimed_points__isnull=True).count(),
        "ratings": assessment.ratings.count(),
        "appeals_open": assessment.appeals.filter(status=AppealStatus.OPEN).count(),
        "appeals": assessment.appeals.count(),
    }


# --- established facts (考核组核实事项) --------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def assessment_facts(request, pk: int):
    assessment = selectors.assessment_for(request.user, pk)
    if not can_review(request.user, assessment):
        raise PermissionDenied
    scheme = selectors.scheme_of(assessment)
    metrics = facts_to_establish(scheme, assessment)
    names = {m["metric"] for m in metrics}
    subjects = _subjects(request.user, assessment, scheme)
    bound, status = None, 200
    if request.method == "POST":
        bound = FactForm(
            request.POST,
            auto_id=f"id_{request.POST.get('subject_key')}_{request.POST.get('metric')}_%s",
        )
        status = 400
        if assessment.stage not in FACT_STAGES:
            bound.add_error(None, _("Facts are established before publication."))
        elif bound.is_valid():
            data = bound.cleaned_data
            if data["metric"] not in names or not _is_subject(subjects, data["subject_key"]):
                raise Http404
            try:
                _establish(assessment, data, request.user)
            except (ValidationError, FactsError) as error:
                if isinstance(error, ValidationError):
                    add_service_errors(bound, error)
                else:
                    bound.add_error(None, str(error))
            else:
                messages.success(request, _("Fact saved and the scores recomputed."))
                url = reverse("assessments:facts", args=[assessment.pk])
                return redirect(f"{url}?page={request.GET.get('page', 1)}")
    page = _page(request, subjects)
    listed = [_subject_row(subject) for subject in page]
    entries = {
        (e.subject_key, e.metric): e
        for e in FactEntry.objects.filter(
            assessment=assessment, subject_key__in=[key for key, _n, _b in listed], metric__in=names
        ).select_related("entered_by")
    }
    rows = []
    for key, name, branch in listed:
        cells = []
        for metric in metrics:
            entry = entries.get((key, metric["metric"]))
            form = FactForm(
                auto_id=f"id_{key}_{metric['metric']}_%s",
                initial={
                    "subject_key": key,
                    "metric": metric["metric"],
                    "value": entry.value if entry else None,
                    "comment": entry.comment if entry else "",
                },
            )
            if bound is not None and (bound.data.get("subject_key"), bound.data.get("metric")) == (
                key,
                metric["metric"],
            ):
                form = bound
            cells.append({"metric": metric["metric"], "entry": entry, "form": form})
        rows.append({"key": key, "name": name, "branch": branch, "cells": cells})
    context = {
        "assessment": assessment,
        "metrics": metrics,
        "rows": rows,
        "page": page,
        "editable": assessment.stage in FACT_STAGES,
        "bound": bound,
    }
    return render(request, "assessments/cycle/facts.html", context, status=status)


def _establish(assessment: Assessment, data: dict, by) -> None:
    """Store the fact; the service recomputes the scores in the same transaction."""
    services.fact_establish(
        assessment=assessment,
        subject_key=data["subject_key"],
        metric=data["metric"],
        value=data["value"],
        comment=data["comment"],
        by=by,
    )


# --- 2. self-assessment (自评) -----------------------------------------------------------------


def _subject_result(user, assessment: Assessment, subject_key: str) -> SubjectResult:
    return selectors.current_result(user, assessment, subject_key)


@require_http_methods(["GET", "POST"])
@login_required
def self_assessment(request, pk: int, subject_key: str):
    assessment = selectors.assessment_for(request.user, pk)
    result = _subject_result(request.user, assessment, subject_key)
    if not can_self_assess(request.user, result.organization):
        raise PermissionDenied
    scheme = selectors.scheme_of(assessment)
    manual = {item.id: item for item in _manual_items(scheme)}
    claims = {
        c.item_id: c
        for c in SelfAssessment.objects.filter(assessment=assessment, subject_key=subject_key)
    }
    submission = Submission.objects.filter(assessment=assessment, subject_key=subject_key).first()
    editable = assessment.stage == Stage.SELF_ASSESSMENT and submission is None
    bound_claim, bound_objection = None, None
    submit_form, errors, status = SubmitForm(), [], 200
    if request.method == "POST":
        status = 400
        action = request.POST.get("action")
        try:
            if action == "claim":
                bound_claim = ClaimForm(
                    request.POST, request.FILES, auto_id=f"id_{request.POST.get('item_id')}_%s"
                )
                if bound_claim.is_valid():
                    data = bound_claim.cleaned_data
                    services.self_assess_claim(
                        assessment=assessment,
                        subject_key=subject_key,
                        item_id=data["item_id"],
                        claimed_points=data["claimed_points"],
                        reason=data["reason"],
                        by=request.user,
                        evidence=uploads(bound_claim),
                    )
                    messages.success(request, _("Claim saved."))
                    return redirect(request.path + f"#item-{data['item_id']}")
            elif action == "object":
                bound_objection = ObjectionForm(
                    request.POST, request.FILES, auto_id=f"id_{request.POST.get('item_id')}_%s"
                )
                if bound_objection.is_valid():
                    data = bound_objection.cleaned_data
                    services.self_assess_object(
                        assessment=assessment,
                        subject_key=subject_key,
                        item_id=data["item_id"],
                        reason=data["reason"],
                        by=request.user,
                        evidence=uploads(bound_objection),
                    )
                    messages.success(request, _("Objection saved."))
                    return redirect(request.path + f"#item-{data['item_id']}")
            elif action == "withdraw_objection":
                objection = claims.get(request.POST.get("item_id", ""))
                if objection is None or not objection.is_objection:
                    raise Http404
                services.self_assess_objection_withdraw(objection=objection, by=request.user)
                messages.success(request, _("Objection withdrawn."))
                return redirect(request.path + f"#item-{objection.item_id}")
            elif action == "remove_evidence":
                claim, evidence = _claim_evidence(request, claims)
                services.self_assess_evidence_remove(
                    claim=claim, evidence=evidence, by=request.user
                )
                messages.success(request, _("Deleted: %(name)s") % {"name": evidence.original_name})
                return redirect(request.path + f"#item-{claim.item_id}")
            elif action == "submit":
                submit_form = SubmitForm(request.POST)
                if submit_form.is_valid():
                    services.self_assess_submit(
                        assessment=assessment, subject_key=subject_key, by=request.user
                    )
                    messages.success(request, _("Self-assessment submitted."))
                    return redirect(request.path)
            else:
                errors.append(_("Unknown action."))
        except ValidationError as error:
            forms_by_action = {
                "claim": bound_claim,
                "object": bound_objection,
                "submit": submit_form,
            }
            if forms_by_action.get(action) is None:
                errors.extend(error.messages)
            else:
                add_service_errors(forms_by_action[action], error)
    sheet = selectors.result_sheet(result)
    files = evidence_of(request.user, claims.values())
    for category in sheet:
        for item in category.items:
            item.manual = item.id in manual
            item.claim = claims.get(item.id)
            item.files = files.get(item.claim.pk, []) if item.claim else []
            if not item.manual and editable:
                if bound_objection is not None and bound_objection.data.get("item_id") == item.id:
                    item.objection_form = bound_objection
                else:
                    objection = item.claim
                    item.objection_form = ObjectionForm(
                        auto_id=f"id_{item.id}_%s",
                        initial={
                            "item_id": item.id,
                            "reason": objection.reason if objection else "",
                        },
                    )
            if item.manual and editable:
                if bound_claim is not None and bound_claim.data.get("item_id") == item.id:
                    item.claim_form = bound_claim
                else:
                    claim = item.claim
                    item.claim_form = ClaimForm(
                        auto_id=f"id_{item.id}_%s",
                        initial={
                            "item_id": item.id,
                            "claimed_points": claim.claimed_points if claim else item.points,
                            "reason": claim.reason if claim else "",
                        },
                    )
    context = {
        "assessment": assessment,
        "result": result,
        "sheet": sheet,
        "record_refs": selectors.explained_records(request.user, sheet),
        "submission": submission,
        "editable": editable,
        "submit_form": submit_form,
        "errors": errors,
        "has_manual": bool(manual),
    }
    return render(request, "assessments/cycle/self_assessment.html", context, status=status)


def _claim_evidence(request, claims: dict[str, SelfAssessment]):
    """The claim and evidence file a "remove" button names: one of this page's claims' own
    files that the user may see, else 404."""
    try:
        pk = int(request.POST.get("evidence", ""))
    except ValueError:
        raise Http404 from None
    by_pk = {claim.pk: claim for claim in claims.values()}
    evidence = get_scoped_or_404(
        request.user,
        Evidence.objects.filter(
            content_type=ContentType.objects.get_for_model(SelfAssessment),
            object_id__in=list(by_pk),
        ),
        pk=pk,
    )
    return by_pk[evidence.object_id], evidence


# --- 3. review (审核) ---------------------------------------------------------------------------


@dataclass
class ReviewCell:
    item: object
    points: object  # the item's current points in the run
    claim: SelfAssessment | None
    mine: ManualRating | None
    others: list[ManualRating]
    flagged: bool
    form: RatingForm | None = None
    conflict: str = ""
    files: list = field(default_factory=list)  # the claim's evidence


@dataclass
class Objection:
    """异议说明 on an automatic item, shown to evaluators beside the item's current points."""

    item: object
    points: object
    objection: SelfAssessment
    files: list = field(default_factory=list)


@dataclass
class ReviewRow:
    result: SubjectResult
    submitted: bool
    cells: list[ReviewCell] = field(default_factory=list)
    objections: list[Objection] = field(default_factory=list)


@require_http_methods(["GET", "POST"])
@login_required
def review(request, pk: int):
    assessment = selectors.assessment_for(request.user, pk)
    if not can_review(request.user, assessment):
        raise PermissionDenied
    scheme = selectors.scheme_of(assessment)
    manual = _manual_items(scheme)
    run = selectors.current_run(assessment)
    editable = run is not None and assessment.stage in RATING_STAGES and not assessment.is_combined
    bound, status, conflict = None, 200, ""
    if request.method == "POST":
        bound, status, conflict = _rate(request, assessment, scheme, editable)
        if bound is None:
            return redirect(request.get_full_path())
    # A branch's members together; a page of them, whatever the size of the run.
    results = selectors.ranked_results(request.user, assessment)
    page = _page(request, results.order_by("organization__path", "subject_key"))
    keys = [r.subject_key for r in page]
    claims = {
        (c.subject_key, c.item_id): c
        for c in SelfAssessment.objects.filter(assessment=assessment, subject_key__in=keys)
    }
    claim_files = evidence_of(request.user, claims.values())
    ratings: dict[tuple[str, str], list[ManualRating]] = {}
    for rating in ManualRating.objects.filter(
        assessment=assessment, subject_key__in=keys
    ).select_related("rated_by"):
        ratings.setdefault((rating.subject_key, rating.item_id), []).append(rating)
    flags = {(f["subject_key"], f["item_id"]): f for f in selectors.review_flags(assessment)}
    points = {
        (key, item_id): value
        for key, item_id, value in selectors.visible_results(request.user)
        .filter(run=run, subject_key__in=keys)
        .values_list("subject_key", "items__item_id", "items__points")
    }
    submitted = set(
        Submission.objects.filter(assessment=assessment, subject_key__in=keys).values_list(
            "subject_key", flat=True
        )
    )
    rows = []
    for result in page:
        row = ReviewRow(result, result.subject_key in submitted)
        row.objections = [
            Objection(
                item=item,
                points=points.get((result.subject_key, item.id)),
                objection=claim,
                files=claim_files.get(claim.pk, []),
            )
            for item in scheme.items
            if (claim := claims.get((result.subject_key, item.id))) is not None
            and claim.is_objection
        ]
        for item in manual:
            rated = ratings.get((result.subject_key, item.id), [])
            mine = next((r for r in rated if r.rated_by_id == request.user.pk), None)
            cell = ReviewCell(
                item=item,
                points=points.get((result.subject_key, item.id)),
                claim=claims.get((result.subject_key, item.id)),
                mine=mine,
                others=[r for r in rated if r.rated_by_id != request.user.pk],
                flagged=(result.subject_key, item.id) in flags,
            )
            if cell.claim is not None:
                cell.files = claim_files.get(cell.claim.pk, [])
            if editable:
                is_bound = (
                    bound is not None
                    and bound.data.get("subject_key") == result.subject_key
                    and bound.data.get("item_id") == item.id
                )
                if is_bound:
                    cell.form, cell.conflict = bound, conflict
                else:
                    cell.form = RatingForm(
                        levels=_levels(item),
                        auto_id=f"id_{result.subject_key}_{item.id}_%s",
                        initial={
                            "subject_key": result.subject_key,
                            "item_id": item.id,
                            "version": mine.version if mine else 0,
                            "level": mine.level if mine else "",
                            "points": mine.points if mine else None,
                            "comment": mine.comment if mine else "",
                        },
                    )
            row.cells.append(cell)
        rows.append(row)
    context = {
        "assessment": assessment,
        "run": run,
        "manual": manual,
        "rows": rows,
        "page": page,
        "editable": editable,
        "flags": list(flags.values()),
        "objection_count": scoped(
            request.user, assessment.claims.filter(claimed_points__isnull=True)
        ).count(),
    }
    return render(request, "assessments/cycle/review.html", context, status=status)


def _rate(request, assessment: Assessment, scheme: Scheme, editable: bool):
    """Save one rating from the review page: (None, 302, "") on success, else the bound form
    to show again, its status (400; 409 when someone saved first) and the conflict text."""
    item_id = request.POST.get("item_id", "")
    try:
        item = scheme.item(item_id)
    except KeyError:
        raise Http404 from None
    auto_id = f"id_{request.POST.get('subject_key')}_{item_id}_%s"
    form = RatingForm(request.POST, levels=_levels(item), auto_id=auto_id)
    if not editable:
        form.add_error(None, _("Ratings are given before publication."))
        return form, 400, ""
    if not form.is_valid():
        return form, 400, ""
    data = form.cleaned_data
    # The subject must be one of this user's visible results in the current run.
    _subject_result(request.user, assessment, data["subject_key"])
    try:
        services.manual_rate(
            assessment=assessment,
            subject_key=data["subject_key"],
            item_id=item_id,
            points=data.get("points"),
            level=data.get("level", ""),
            comment=data["comment"],
            by=request.user,
            expected_version=data["version"],
        )
    except services.ConflictError:
        current = ManualRating.objects.filter(
            assessment=assessment,
            subject_key=data["subject_key"],
            item_id=item_id,
            rated_by=request.user,
        ).first()
        # Keep what they typed, but carry the current version: saving again is a decision
        # made knowing the current value, not a blind overwrite.
        retry = request.POST.copy()
        retry["version"] = current.version if current else 0
        form = RatingForm(retry, levels=_levels(item), auto_id=auto_id)
        shown = "—" if current is None else (current.level or current.points)
        text = _(
            "This rating was changed by someone else after you opened it; it is now %(value)s. "
            "Check it, then save again if you still mean yours."
        ) % {"value": shown}
        return form, 409, text
    except (ValidationError, FactsError) as error:
        if isinstance(error, ValidationError):
            add_service_errors(form, error)
        else:
            form.add_error(None, str(error))
        return form, 400, ""
    messages.success(request, _("Rating saved."))
    return None, 302, ""


# --- 5. appeals (申诉) -------------------------------------------------------------------------


def _scheme_item_or_404(scheme: Scheme, item_id: str):
    try:
        return scheme.item(item_id)
    except KeyError:
        raise Http404 from None


@require_http_methods(["GET", "POST"])
@login_required
def appeal_item(request, pk: int, item_id: str):
    """One item of a result row: its appeals, and the form to file one during the window."""
    return _appeal_item(request, selectors.result_for(request.user, pk), item_id)


@require_http_methods(["GET", "POST"])
@login_required
def subject_appeal_item(request, pk: int, subject_key: str, item_id: str):
    """The same at the subject's stable address (assessment `pk`, subject key)."""
    result = selectors.subject_result_for(request.user, pk, subject_key)
    return _appeal_item(request, result, item_id)


def _appeal_item(request, result: SubjectResult, item_id: str):
    assessment = result.run.assessment
    scheme = selectors.scheme_of(assessment)
    item = _scheme_item_or_404(scheme, item_id)
    may_appeal = can_appeal(request.user, result)
    form, status = AppealForm(), 200
    if request.method == "POST":
        if not may_appeal:
            raise PermissionDenied
        form, status = AppealForm(request.POST, request.FILES), 400
        if form.is_valid():
            try:
                services.appeal_file(
                    assessment=assessment,
                    subject_key=result.subject_key,
                    item_id=item.id,
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                    evidence=uploads(form),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Appeal filed. You will be told the decision."))
                url = reverse("assessments:subject", args=[assessment.pk, result.subject_key])
                return redirect(url + "#appeals")
    score = result.items.filter(item_id=item.id).first()
    context = {
        "result": result,
        "assessment": assessment,
        "item": item,
        "score": score,
        "appeals": _with_files(
            request.user,
            scoped(
                request.user,
                Appeal.objects.filter(
                    assessment=assessment, subject_key=result.subject_key, item_id=item.id
                ),
            ).select_related("filed_by", "decided_by"),
        ),
        "may_appeal": may_appeal,
        "window_open": window_open(assessment),
        "form": form,
    }
    return render(request, "assessments/cycle/appeal_item.html", context, status=status)


@require_GET
@login_required
def result_appeals(request, pk: int):
    """The result page's appeals box (loaded by htmx): appeals on this result and decisions."""
    return _result_appeals(request, selectors.result_for(request.user, pk))


@require_GET
@login_required
def subject_appeals(request, pk: int, subject_key: str):
    """The appeals box at the subject's stable address (what the result page loads)."""
    return _result_appeals(request, selectors.subject_result_for(request.user, pk, subject_key))


def _result_appeals(request, result: SubjectResult):
    appeals = scoped(
        request.user,
        Appeal.objects.filter(assessment=result.run.assessment, subject_key=result.subject_key),
    ).select_related("filed_by", "decided_by")
    context = {
        "result": result,
        "assessment": result.run.assessment,
        "appeals": _with_files(request.user, appeals),
        "may_appeal": can_appeal(request.user, result),
        "window_open": window_open(result.run.assessment),
    }
    return render(request, "assessments/cycle/_result_appeals.html", context)


def _with_files(user, appeals) -> list[Appeal]:
    """The appeals, each with `.files`: its evidence the user may see (one query)."""
    appeals = list(appeals)
    files = evidence_of(user, appeals)
    for appeal in appeals:
        appeal.files = files.get(appeal.pk, [])
    return appeals


def _appeal_rows(request, assessment: Assessment, scheme: Scheme, bound=None):
    may_decide = can_review(request.user, assessment) and assessment.stage == Stage.PUBLISHED
    status = request.GET.get("status", "open")
    appeals = scoped(request.user, Appeal.objects.filter(assessment=assessment)).select_related(
        "organization", "member", "filed_by", "decided_by"
    )
    if status in AppealStatus.values:
        appeals = appeals.filter(status=status)
    page = _page(request, appeals)
    run = selectors.current_run(assessment)
    results = {}
    if run is not None:
        results = {
            r.subject_key: r
            for r in selectors.visible_results(request.user).filter(
                run=run, subject_key__in=[a.subject_key for a in page]
            )
        }
    mine = {
        (r.subject_key, r.item_id): r
        for r in ManualRating.objects.filter(
            assessment=assessment,
            rated_by=request.user,
            subject_key__in=[a.subject_key for a in page],
        )
    }
    rows = []
    for appeal in _with_files(request.user, page):
        item = _scheme_item_or_404(scheme, appeal.item_id)
        manual = item.rule.kind == "manual"
        rating = mine.get((appeal.subject_key, appeal.item_id))
        form = None
        if may_decide and appeal.status == AppealStatus.OPEN:
            if bound is not None and bound[0] == appeal.pk:
                form = bound[1]
            else:
                form = DecideForm(
                    levels=_levels(item),
                    manual=manual,
                    auto_id=f"id_appeal{appeal.pk}_%s",
                    initial={"version": rating.version if rating else 0},
                )
        result = results.get(appeal.subject_key)
        points = result.items.filter(item_id=appeal.item_id).first() if result else None
        rows.append(
            {
                "appeal": appeal,
                "item": item,
                "result": result,
                "points": points.points if points else None,
                "rating": rating,
                "form": form,
            }
        )
    return rows, page, may_decide, status


@require_GET
@login_required
def appeal_list(request, pk: int):
    assessment = selectors.assessment_for(request.user, pk)
    return _render_appeals(request, assessment)


def _render_appeals(request, assessment, bound=None, status_code=200, conflict=""):
    scheme = selectors.scheme_of(assessment)
    rows, page, may_decide, status = _appeal_rows(request, assessment, scheme, bound)
    context = {
        "assessment": assessment,
        "rows": rows,
        "page": page,
        "may_decide": may_decide,
        "status": status,
        "statuses": AppealStatus.choices,
        "conflict": conflict,
        "bound_pk": bound[0] if bound else None,
    }
    return render(request, "assessments/cycle/appeals.html", context, status=status_code)


@require_POST
@login_required
def appeal_decide(request, pk: int):
    appeal = get_scoped_or_404(
        request.user,
        Appeal.objects.select_related("assessment__organization", "assessment__scheme_version"),
        pk=pk,
    )
    assessment = appeal.assessment
    if not can_review(request.user, assessment):
        raise PermissionDenied
    scheme = selectors.scheme_of(assessment)
    item = _scheme_item_or_404(scheme, appeal.item_id)
    manual = item.rule.kind == "manual"
    form = DecideForm(
        request.POST, levels=_levels(item), manual=manual, auto_id=f"id_appeal{appeal.pk}_%s"
    )
    if not form.is_valid():
        return _render_appeals(request, assessment, (appeal.pk, form), 400)
    # Deciding recomputes, which replaces every result row: the notice links to the subject's
    # stable result address, where the decision is shown with the new score.
    notice_url = reverse("assessments:subject", args=[assessment.pk, appeal.subject_key])
    notice_url += f"#appeal-{appeal.pk}"
    data = form.cleaned_data
    try:
        with transaction.atomic():
            if form.accept and manual and form.corrected:
                # The evaluator corrects the rating first; appeal_decide then recomputes
                # once, writing the change and its audit row (source: appeal) together.
                services.manual_rate(
                    assessment=assessment,
                    subject_key=appeal.subject_key,
                    item_id=appeal.item_id,
                    points=data.get("points"),
                    level=data.get("level", ""),
                    comment=data["decision"],
                    by=request.user,
                    expected_version=data.get("version"),
                    recompute=False,
                    _during_appeal=True,
                )
            services.appeal_decide(
                appeal=appeal,
                accept=form.accept,
                decision=data["decision"],
                by=request.user,
                url=notice_url,
            )
    except services.ConflictError:
        appeal.refresh_from_db()
        form.add_error(None, _("This rating was changed by someone else: reload and decide again."))
        return _render_appeals(request, assessment, (appeal.pk, form), 409)
    except (ValidationError, FactsError) as error:
        appeal.refresh_from_db()
        if isinstance(error, ValidationError):
            add_service_errors(form, error)
        else:
            form.add_error(None, str(error))
        return _render_appeals(request, assessment, (appeal.pk, form), 400)
    messages.success(request, _("Appeal decided; the appellant has been told."))
    return redirect("assessments:appeals", assessment.pk)


# --- 7. history of one score ----------------------------------------------------------------


@require_GET
@login_required
def item_history(request, pk: int, item_id: str = ""):
    """Every change of one item's points (or of the total) for one subject, oldest first.

    The rows belong to a result the viewer may see, so they are read from that result."""
    return _item_history(request, selectors.result_for(request.user, pk), item_id)


@require_GET
@login_required
def subject_history(request, pk: int, subject_key: str, item_id: str = ""):
    """The same history at the subject's stable address, which survives recomputation."""
    result = selectors.subject_result_for(request.user, pk, subject_key)
    return _item_history(request, result, item_id)


def _item_history(request, result: SubjectResult, item_id: str):
    assessment = result.run.assessment
    scheme = selectors.scheme_of(assessment)
    item = _scheme_item_or_404(scheme, item_id) if item_id else None
    rows = ScoreAudit.objects.filter(
        assessment=assessment, subject_key=result.subject_key, item_id=item_id
    ).select_related("by")
    context = {"result": result, "assessment": assessment, "item": item, "rows": rows}
    return render(request, "assessments/cycle/history.html", context)


# --- 8. awards (评优) --------------------------------------------------------------------------


@require_GET
@login_required
def awards(request, pk: int):
    assessment = selectors.assessment_for(request.user, pk)
    scheme = selectors.scheme_of(assessment)
    run = selectors.current_run(assessment)
    visible = selectors.ranked_results(request.user, assessment)
    search = selectors.search_term(request.GET)
    listed = selectors.matching(visible, search)
    if any(award.group for award in scheme.awards):
        # Groups (a branch's members) together on a page, each best first.
        listed = listed.order_by("organization__path", "rank", "subject_key")
    # Quotas and ranks count the whole run; a page of the results is listed by name.
    page = Paginator(listed, AWARDS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "assessment": assessment,
        "run": run,
        "scheme": scheme,
        "page": page,
        "search": search,
        "standings": award_logic.award_standings(scheme, run, list(page)) if run else [],
        "grades": award_logic.grade_bands(scheme, visible),
        "veto_names": {v.id: v.name for v in scheme.vetoes},
    }
    return render(request, "assessments/cycle/awards.html", context)


# --- the dashboard's "my tasks" ---------------------------------------------------------------


@dataclass
class Task:
    label: str
    assessment: Assessment
    url: str
    detail: str = ""


def dashboard_tasks(user, limit: int = 20) -> list[Task]:
    """What the cycle waits on this user for, over the assessments they see (not finalized)."""
    tasks: list[Task] = []
    open_ones = selectors.visible_assessments(user).exclude(stage=Stage.FINALIZED)[:limit]
    for assessment in open_ones:
        pk = assessment.pk
        if can_manage(user, assessment):
            tasks.append(Task(_("Manage"), assessment, reverse("assessments:manage", args=[pk])))
        if assessment.stage == Stage.SELF_ASSESSMENT:
            to_do = [
                own["result"] for own in _own_subjects(user, assessment) if not own["submitted"]
            ]
            for result in to_do:
                if result.member_id is None:
                    url = reverse("assessments:self_assessment", args=[pk, result.subject_key])
                    tasks.append(Task(_("Self-assess"), assessment, url, _result_name(result)))
            members = sum(1 for result in to_do if result.member_id is not None)
            if members:  # one task for a member scheme; the cycle panel lists the members
                url = reverse("assessments:detail", args=[pk]) + "#cycle-panel"
                detail = _("%(n)s members to do") % {"n": members}
                tasks.append(Task(_("Self-assess members"), assessment, url, detail))
        reviewer = (
            assessment.stage in {Stage.REVIEW, Stage.PUBLISHED}
            and not assessment.is_combined  # reviewed in its sources
            and can_review(user, assessment)
        )
        if reviewer and assessment.stage == Stage.REVIEW:
            tasks.append(Task(_("Review"), assessment, reverse("assessments:review", args=[pk])))
        if reviewer and assessment.stage == Stage.PUBLISHED:
            waiting = scoped(user, assessment.appeals.filter(status=AppealStatus.OPEN)).count()
            if waiting:
                tasks.append(
                    Task(
                        _("Decide appeals"),
                        assessment,
                        reverse("assessments:appeals", args=[pk]),
                        str(waiting),
                    )
                )
        if window_open(assessment) and not reviewer:
            until = timezone.localtime(assessment.publish_until).strftime("%Y-%m-%d %H:%M")
            # A combined year takes no appeals: they were heard in its sources.
            if assessment.is_combined:
                detail = _("published until %(until)s") % {"until": until}
            else:
                detail = _("appeals until %(until)s") % {"until": until}
            url = reverse("assessments:detail", args=[pk])
            tasks.append(Task(_("Results published"), assessment, url, detail))
    return tasks


def dashboard_notices(user, limit: int = 10):
    """The user's unread notices, newest first (all of them: assessments:notices)."""
    return user.notices.filter(read_at__isnull=True).order_by("-created_at", "-id")[:limit]
