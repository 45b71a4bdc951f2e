"""Reads of assessments and results, through the scoping gate."""

import functools
import json
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from kaohe.accounts.scoping import scoped
from kaohe.assessments.metrics import (
    MEETINGS_IN_CALENDAR,
    RECORDS_BEHIND,
    key_id,
    org_key,
    period_dates,
)
from kaohe.assessments.models import (
    Assessment,
    AssessmentRun,
    ItemScore,
    ManualRating,
    SubjectResult,
)
from kaohe.assessments.serialization import explanation_from_json, explanation_to_json
from kaohe.assessments.services import scheme_of_version
from kaohe.organizations.models import Member, Organization, OrgKind, Position
from kaohe.organizations.selectors import can_see_organization
from kaohe.records.kinds import KINDS
from kaohe.records.models import MeetingKind
from kaohe.records.selectors import RecordRef, record_refs
from kaohe.scoring import Explanation, Period, Scheme, explain_subject, parse_facts


def visible_results(user) -> QuerySet[SubjectResult]:
    return scoped(user, SubjectResult.objects.select_related("organization", "member"))


def visible_assessments(user) -> QuerySet[Assessment]:
    """Assessments over the user's organizations, and those holding a result they may see."""
    mine = scoped(user, Assessment.objects.all()).values("pk")
    with_my_results = visible_results(user).values("run__assessment_id")
    return (
        Assessment.objects.filter(pk__in=mine.union(with_my_results))
        .select_related("scheme_version", "organization")
        .order_by("-period_year", "-created_at")
    )


def assessment_for(user, pk: int) -> Assessment:
    try:
        return visible_assessments(user).get(pk=pk)
    except Assessment.DoesNotExist:
        raise Http404 from None


def current_run(assessment: Assessment) -> AssessmentRun | None:
    return assessment.runs.order_by("-created_at").first()


def ranked_results(user, assessment: Assessment) -> QuerySet[SubjectResult]:
    """The results of the current run the user may see, best first."""
    run = current_run(assessment)
    if run is None:
        return SubjectResult.objects.none()
    return visible_results(user).filter(run=run).order_by("rank", "subject_key")


SEARCH_MAX = 50  # the search box's maxlength


def _current_run_of(assessment_ref: str) -> Subquery:
    return Subquery(
        AssessmentRun.objects.filter(assessment=OuterRef(assessment_ref))
        .order_by("-created_at")
        .values("pk")[:1]
    )


def subject_results(user, *, organization=None, member=None) -> list[SubjectResult]:
    """One subject's results (a branch's, or a member's) in the current run of every assessment
    the user may see, latest period first: what the branch and member pages list."""
    if member is not None:
        results = visible_results(user).filter(member=member)
    else:
        results = visible_results(user).filter(organization=organization, member__isnull=True)
    return list(
        results.filter(run=_current_run_of("run__assessment"))
        .select_related("run__assessment__scheme_version")
        .order_by("-run__assessment__period_year", "-run__assessment__created_at")
    )


@dataclass
class Glance:
    """An assessment at a glance on the dashboard: the best of the results the user may see,
    or the one result they may see (their own, or their branch's)."""

    assessment: Assessment
    run: AssessmentRun
    top: list[SubjectResult]

    @property
    def own(self) -> SubjectResult | None:
        return self.top[0] if len(self.top) == 1 else None


def latest_results(user, limit: int = 4, top: int = 3) -> list[Glance]:
    """The latest computed assessments the user sees results in, in the assessment list's order."""
    assessments = (
        visible_assessments(user)
        .annotate(current_run_id=_current_run_of("pk"))
        .filter(current_run_id__isnull=False)
    )
    glances = []
    # An assessment over the user's organizations may hold no result they may see (a
    # secretary's view of a committee-wide run is their branch's part): look a little further.
    for assessment in assessments[: limit * 3]:
        best = list(
            visible_results(user)
            .filter(run_id=assessment.current_run_id)
            .select_related("run")
            .order_by("rank", "subject_key")[:top]
        )
        if best:
            glances.append(Glance(assessment, best[0].run, best))
        if len(glances) == limit:
            break
    return glances


def search_term(params) -> str:
    """What a results page was asked to find (`?q=`), trimmed to the search box's length."""
    return params.get("q", "").strip()[:SEARCH_MAX]


def matching(results: QuerySet[SubjectResult], search: str) -> QuerySet[SubjectResult]:
    """The results whose name (a member's or a branch's) or branch name contains `search`;
    all of them for an empty search."""
    if not search:
        return results
    return results.filter(
        Q(member__name__icontains=search) | Q(organization__name__icontains=search)
    )


def result_for(user, pk: int) -> SubjectResult:
    try:
        return visible_results(user).select_related("run__assessment__scheme_version").get(pk=pk)
    except SubjectResult.DoesNotExist:
        raise Http404 from None


def current_result(user, assessment: Assessment, subject_key: str) -> SubjectResult:
    """The subject's result in the assessment's current run: what the stable address
    `<assessment>/subjects/<subject key>/` shows, whatever run it now belongs to."""
    run = current_run(assessment)
    result = None
    if run is not None:
        result = (
            visible_results(user)
            .filter(run=run, subject_key=subject_key)
            .select_related("run__assessment__scheme_version")
            .first()
        )
    if result is None:
        raise Http404
    return result


def subject_result_for(user, pk: int, subject_key: str) -> SubjectResult:
    """The result at a stable address: assessment `pk` and subject key, both through the gate."""
    return current_result(user, assessment_for(user, pk), subject_key)


def combined_parts(result: SubjectResult) -> list[dict]:
    """A combined result's parts: label, reduced value, weight, and the sources with this
    subject's total in each, as pinned when they were combined."""
    from kaohe.assessments.combined import part_terms

    pinned = run_facts(result.run).get("parts", {})
    parts = []
    for term in part_terms(result.explanations):
        sources = [
            {
                "assessment": entry["assessment"],
                "label": Period(**entry["period"]).label(),
                "total": Decimal(entry["results"][result.subject_key]["total"]),
                "vetoed": bool(entry["results"][result.subject_key]["vetoes"]),
            }
            for entry in pinned.get(term["part"], [])
            if result.subject_key in entry["results"]
        ]
        parts.append(term | {"sources": sources})
    return parts


def scheme_of(assessment: Assessment) -> Scheme:
    return scheme_of_version(assessment.scheme_version)


def run_facts(run: AssessmentRun) -> dict:
    return json.loads(zlib.decompress(bytes(run.facts)))


@dataclass
class RecordLink:
    """记录: the list of one kind of record behind an item's metrics, for the subject and
    the assessment's period."""

    label: str
    url: str


@dataclass
class ItemView:
    id: str
    name: str
    role: str
    max: object
    points: object
    excluded: bool
    explanations: list[Explanation]
    note: str
    records: list[RecordLink] = field(default_factory=list)


def record_links(result: SubjectResult, scheme: Scheme, viewer) -> dict[str, list[RecordLink]]:
    """Item id → links to the records its metrics count (metrics.RECORDS_BEHIND): the
    branch's records of that kind in the period, or those concerning the member. Nothing
    for a combined assessment, whose numbers come from other assessments, nor for a branch
    whose records page the viewer may not open (a member reading their branch's result)."""
    assessment = result.run.assessment
    if assessment.is_combined:
        return {}
    start, end = period_dates(assessment.period)
    # A member's: the records index narrowed to them, which shows the viewer what of it
    # they may see; a branch's: the branch's records page.
    if result.member_id:
        base = reverse("records:index")
    elif can_see_organization(viewer, result.organization):
        base = reverse("records:organization", args=[result.organization_id])
    else:
        return {}
    calendar = None
    if not result.member_id and result.organization.kind == OrgKind.BRANCH:
        # Which windows went without: the branch's calendar of the period's year.
        url = reverse("records:calendar", args=[result.organization_id])
        calendar = RecordLink(_("Meetings calendar"), f"{url}?year={assessment.period.year}")
    # Several items may link the 书记's records: the roster is asked once.
    secretary_of = functools.cache(lambda: _secretary_of(result.organization_id))
    links: dict[str, list[RecordLink]] = {}
    for item in scheme.items:
        wanted = list(dict.fromkeys(b for m in item.metrics for b in RECORDS_BEHIND.get(m, ())))
        # A link to every meeting an item counts covers its links to one kind of meeting.
        every_meeting = any(
            b.kind == "meeting" and not (b.meeting_kind or b.attendance) for b in wanted
        )
        for behind in wanted:
            if behind.meeting_kind and every_meeting:
                continue
            query = behind.query() | {"date_from": f"{start}", "date_to": f"{end}"}
            label = behind.label or (
                MeetingKind(behind.meeting_kind).label
                if behind.meeting_kind
                else KINDS[behind.kind].label_plural
            )
            if result.member_id:
                query.pop("held", None)  # the records index: wherever the member was listed
                query["member"] = result.member_id
            else:
                if behind.held and assessment.organization.depth > 1:
                    # Only the higher meetings the assessment counted: those inside its tree.
                    query["within"] = assessment.organization_id
                if behind.secretary and (secretary := secretary_of()):
                    query["member"] = secretary
            links.setdefault(item.id, []).append(
                RecordLink(str(label), f"{base}?{urlencode(query)}")
            )
        if calendar and MEETINGS_IN_CALENDAR.intersection(item.metrics):
            links.setdefault(item.id, []).append(calendar)
    return links


def _secretary_of(branch_id: int) -> int | None:
    """The branch's 书记 by today's roster, as secretary_meeting_absences reads it."""
    secretaries = Member.objects.filter(branch_id=branch_id, position=Position.SECRETARY)
    return secretaries.order_by("pk").values_list("pk", flat=True).first()


@dataclass
class CategoryView:
    id: str
    name: str
    points: object
    items: list[ItemView]


def result_sheet(result: SubjectResult, viewer=None) -> list[CategoryView]:
    """The subject's items by category, with explanations (rendered once for bulk runs),
    and for a `viewer` the links to the records behind each item they may open."""
    scheme = scheme_of(result.run.assessment)
    stored = {score.item_id: score for score in result.items.all()}
    if any(not score.explanations for score in stored.values()):
        _explain_from_pinned_inputs(scheme, result, stored)
    links = record_links(result, scheme, viewer) if viewer is not None else {}
    explanations = {
        item_id: [explanation_from_json(e) for e in score.explanations]
        for item_id, score in stored.items()
    }
    # Ranks within a group name the group's organization: one query for the sheet.
    names = group_names(
        e.inputs["group_value"]
        for found in explanations.values()
        for e in found
        if e.inputs.get("group_value")
    )
    sheet = []
    for category in scheme.categories:
        items = []
        for item in category.items:
            score = stored.get(item.id)
            if score is None:
                continue
            items.append(
                ItemView(
                    id=item.id,
                    name=item.name,
                    role=item.role,
                    max=item.max,
                    points=score.points,
                    excluded=score.excluded,
                    explanations=[_group_named(e, names) for e in explanations[item.id]],
                    note=item.note,
                    records=links.get(item.id, []),
                )
            )
        sheet.append(CategoryView(category.id, category.name, category.points, items))
    return sheet


def explained_records(
    viewer, sheet: list[CategoryView], more: Iterable[Explanation] = ()
) -> dict[str, RecordRef]:
    """The records a sheet's explanations (and `more`: the subject's own) name, by id: their
    names and pages where the viewer may see them (records.selectors.record_refs)."""
    explanations = [e for c in sheet for item in c.items for e in item.explanations]
    refs = {ref for e in (*explanations, *more) for ref in e.records}
    return record_refs(viewer, refs) if refs else {}


def group_names(keys: Iterable[str]) -> dict[str, str]:
    """Group values that name an organization (`O12`, a branch, when the facts come from the
    records) → its name; the engine knows groups by these keys only."""
    ids = {pk for key in keys if (pk := key_id(key)) is not None}
    names = Organization.objects.filter(pk__in=ids).values_list("pk", "name")
    return {org_key(pk): name for pk, name in names}


def _group_named(explanation: Explanation, names: dict[str, str]) -> Explanation:
    """A rank within a group, naming the group's organization (`names`, from group_names)
    instead of its key."""
    name = names.get(explanation.inputs.get("group_value"))
    if name is None:
        return explanation
    return replace(explanation, inputs={**explanation.inputs, "group_value": name})


def _explain_from_pinned_inputs(
    scheme: Scheme, result: SubjectResult, stored: dict[str, ItemScore]
) -> None:
    """Re-evaluate this subject with the scalar evaluator from the run's pinned facts.

    Its own facts and events decide its items; the others matter only where a rank item
    places it among them (explain_subject reads just that of them): all of them, or those
    of its group when every rank item ranks within a group.
    """
    key = result.subject_key
    data = run_facts(result.run)
    subjects = data["subjects"]
    own = next(s for s in subjects if s["id"] == key)
    ranked_within = {item.rule.group for item in scheme.items if item.rule.kind == "rank"}
    if None not in ranked_within:
        mine = {(g, own.get("groups", {}).get(g)) for g in ranked_within}
        subjects = [s for s in subjects if mine & set(s.get("groups", {}).items()) or s is own]
    data = data | {
        "subjects": subjects,
        "events": [e for e in data.get("events", []) if key in (e.get("subject"), e.get("branch"))],
    }
    evaluated = explain_subject(scheme, parse_facts(data), key)
    changed = []
    for item in evaluated.items:
        score = stored.get(item.id)
        if score is not None and score.points == item.points:
            score.explanations = [explanation_to_json(e) for e in item.explanations]
            changed.append(score)
    ItemScore.objects.bulk_update(changed, ["explanations"])


def ranking_chart(results: QuerySet[SubjectResult], scheme: Scheme, limit: int = 30) -> dict:
    shown = list(results[:limit])
    return {
        "names": [r.member.name if r.member_id else r.organization.name for r in shown],
        "totals": [float(r.total) for r in shown],  # chart coordinates only, never stored
        "vetoed": [bool(r.vetoes) for r in shown],
        "awarded": [bool(r.awards) for r in shown],
        "max": float(scheme.total + (scheme.bonus_cap or 0)) or None,
    }


def grade_chart(results: QuerySet[SubjectResult], scheme: Scheme) -> dict:
    counts = dict(results.order_by().values_list("grade").annotate(n=Count("pk")))
    return {"grades": [{"name": g.name, "count": counts.get(g.name, 0)} for g in scheme.grades]}


def radar_chart(result: SubjectResult, scheme: Scheme, sheet) -> dict | None:
    """The subject's points per category against the average of every subject in the run."""
    from django.db.models import Avg

    averages = dict(
        ItemScore.objects.filter(result__run=result.run)
        .values("item_id")
        .annotate(avg=Avg("points"))
        .values_list("item_id", "avg")
    )
    categories = []
    for category in sheet:
        base = [i for i in category.items if i.role == "base" and i.max]
        if not base:
            continue
        categories.append(
            {
                "name": category.name,
                "max": float(sum(i.max for i in base)),
                "points": float(sum(i.points for i in base)),
                "average": round(float(sum(averages.get(i.id) or 0 for i in base)), 2),
            }
        )
    if len(categories) < 3:  # a radar needs at least three axes to mean anything
        return None
    name = result.member.name if result.member_id else result.organization.name
    return {"subject": name, "average_label": "平均", "categories": categories}


def trend_chart(user, result: SubjectResult, scheme: Scheme) -> dict | None:
    """This subject's totals over the year's monthly (or quarterly) runs of the same scheme."""
    assessment = result.run.assessment
    points = (
        visible_results(user)
        .filter(
            subject_key=result.subject_key,
            run__assessment__scheme_version__scheme_id=assessment.scheme_version.scheme_id,
            run__assessment__organization=assessment.organization,
            run__assessment__period_year=assessment.period_year,
            run__assessment__period_kind__in=["month", "quarter"],
        )
        .order_by("run__assessment__period_kind", "run__assessment__period_index")
        .values_list("run__assessment__period_kind", "run__assessment__period_index", "total")
    )
    series = [(kind, index, total) for kind, index, total in points]
    if len(series) < 2:
        return None
    label = {"month": "{}月", "quarter": "Q{}"}
    return {
        "labels": [label[kind].format(index) for kind, index, _ in series],
        "totals": [float(total) for _, _, total in series],
        "max": float(scheme.total + (scheme.bonus_cap or 0)),
    }


def review_flags(assessment: Assessment) -> list[dict]:
    """Items two or more evaluators rated further apart than the assessment's review gap."""
    scheme = scheme_of(assessment)
    values: dict[tuple[str, str], list] = {}
    ratings = ManualRating.objects.filter(assessment=assessment).select_related("rated_by")
    for rating in ratings:
        points = rating.points
        if points is None:
            points = scheme.item(rating.item_id).rule.level(rating.level).points
        values.setdefault((rating.subject_key, rating.item_id), []).append((rating, points))
    flags = []
    for (key, item_id), rated in sorted(values.items()):
        spread = max(p for _, p in rated) - min(p for _, p in rated)
        if len(rated) > 1 and spread > assessment.review_gap:
            flags.append(
                {"subject_key": key, "item_id": item_id, "spread": spread, "ratings": rated}
            )
    return flags
