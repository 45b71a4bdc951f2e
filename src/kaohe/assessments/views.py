from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kaohe.accounts.models import Role
from kaohe.accounts.scoping import reach_of, scoped
from kaohe.assessments import exports, selectors, services
from kaohe.assessments.combined import part_label, part_terms, parts_with_sources
from kaohe.assessments.cycle_views import can_manage
from kaohe.assessments.forms import CombineForm, RunForm
from kaohe.assessments.models import Assessment, AssessmentKind, Stage
from kaohe.assessments.serialization import explanation_from_json
from kaohe.organizations.selectors import organizations_under
from kaohe.scoring import FactsError, SchemeError

RANKING_PAGE_SIZE = 50


@require_GET
@login_required
def assessment_list(request):
    context = {"assessments": selectors.visible_assessments(request.user)}
    if Role.ADMIN in reach_of(request.user).roles:
        context["run_form"] = RunForm(organizations=organizations_under(request.user))
    return render(request, "assessments/list.html", context)


@require_http_methods(["POST"])
@login_required
def assessment_run(request):
    """Compute an assessment from the records now (admins of the organization's subtree)."""
    if Role.ADMIN not in reach_of(request.user).roles:
        raise PermissionDenied
    # Only where the user is an admin: seeing an organization (as its evaluator, say) does
    # not let one open or recompute its assessments.
    form = RunForm(request.POST, organizations=organizations_under(request.user))
    if form.is_valid():
        try:
            version, _scheme = services.scheme_version_from_template(form.cleaned_data["scheme"])
            assessment = services.assessment_open(
                scheme_version=version,
                organization=form.cleaned_data["organization"],
                period=form.cleaned_data["period"],
                by=request.user,
            )
            run, _built = services.assessment_compute(assessment=assessment, by=request.user)
        except FactsError as error:
            # Not bad input: most schemes read facts the records cannot yield (考核组核实事项)
            # and items evaluators rate. The assessment is open; say what it still needs.
            messages.warning(request, _missing_inputs_message(error))
            return redirect("assessments:detail", assessment.pk)
        except SchemeError as error:
            form.add_error(None, str(error))
        except ValidationError as error:  # e.g. the assessment is finalized: results locked
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(n)s subjects scored in %(s)s s.") % {"n": run.subject_count, "s": run.seconds},
            )
            return redirect("assessments:detail", assessment.pk)
    context = {"assessments": selectors.visible_assessments(request.user), "run_form": form}
    return render(request, "assessments/list.html", context, status=400)


def _missing_inputs_message(error: FactsError) -> str:
    english = get_language() == "en"
    needs = list(dict.fromkeys(issue.en if english else issue.zh for issue in error.issues))
    text = _(
        "The assessment is open but cannot be computed yet: %(subjects)s subjects lack "
        "values the scheme needs: %(needs)s. Enter the established facts and the evaluators' "
        "ratings (links below); saving them computes the scores."
    ) % {
        "subjects": len({issue.row_en for issue in error.issues}),
        "needs": "；".join(needs[:3]) + ("……" if len(needs) > 3 else ""),
    }
    return text


@require_GET
@login_required
def assessment_detail(request, pk: int):
    assessment = selectors.assessment_for(request.user, pk)
    run = selectors.current_run(assessment)
    scheme = selectors.scheme_of(assessment)
    visible = selectors.ranked_results(request.user, assessment)
    search = selectors.search_term(request.GET)
    # A committee's member run has 100,000s of rows: a page of them, searchable by name.
    page = Paginator(selectors.matching(visible, search), RANKING_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    weights = []
    if assessment.is_combined:
        for result in page:
            result.terms = part_terms(result.explanations)
        weights = _weights(scheme)
    # One result (a secretary's own branch) has nothing to be compared with on a chart.
    # Without a search the pager has counted them already; with one, two rows tell.
    charted = (visible.order_by()[:2].count() if search else page.paginator.count) > 1
    context = {
        "assessment": assessment,
        "run": run,
        "page": page,
        "search": search,
        "weights": weights,
        "sources": parts_with_sources(assessment, scheme) if assessment.is_combined else [],
        "award_names": {award.id: award.name for award in scheme.awards},
        "ranking_chart": selectors.ranking_chart(visible, scheme) if charted else None,
        "grade_chart": selectors.grade_chart(visible, scheme) if charted else None,
    }
    return render(request, "assessments/detail.html", context)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_GET
@login_required
def assessment_export(request, pk: int):
    assessment = selectors.assessment_for(request.user, pk)
    scheme = selectors.scheme_of(assessment)
    results = selectors.ranked_results(request.user, assessment)
    award_names = {award.id: award.name for award in scheme.awards}
    title = f"{assessment.scheme_version.title}-{assessment.period_label}"
    if assessment.is_combined:
        sources = parts_with_sources(assessment, scheme)
        content = exports.combined_ranking_workbook(
            assessment, results, _weights(scheme), sources, award_names
        )
        return _xlsx(content, f"{title}-汇总排名.xlsx")
    content = exports.ranking_workbook(assessment, results, scheme, award_names)
    return _xlsx(content, f"{title}-排名.xlsx")


@require_GET
@login_required
def result_export(request, pk: int):
    """A result row's score sheet (valid until the assessment is recomputed)."""
    return _sheet_export(selectors.result_for(request.user, pk))


@require_GET
@login_required
def subject_export(request, pk: int, subject_key: str):
    """The subject's current score sheet: the stable address links use."""
    return _sheet_export(selectors.subject_result_for(request.user, pk, subject_key))


def _sheet_export(result):
    assessment = result.run.assessment
    name = result.member.name if result.member_id else result.organization.name
    if assessment.is_combined:
        content = exports.combined_sheet_workbook(
            result, assessment, selectors.combined_parts(result)
        )
        return _xlsx(content, f"{name}-{assessment.period_label}-汇总得分.xlsx")
    content = exports.score_sheet_workbook(result, assessment, selectors.result_sheet(result))
    return _xlsx(content, f"{name}-{assessment.period_label}-得分明细.xlsx")


@require_GET
@login_required
def result_detail(request, pk: int):
    """A result by its row: valid until the assessment is recomputed (kept for old links)."""
    return _render_result(request, selectors.result_for(request.user, pk))


@require_GET
@login_required
def subject_result(request, pk: int, subject_key: str):
    """A subject's current result in an assessment: the address links and notices use,
    which survives every recomputation."""
    return _render_result(request, selectors.subject_result_for(request.user, pk, subject_key))


def _render_result(request, result):
    assessment = result.run.assessment
    scheme = selectors.scheme_of(assessment)
    sheet = selectors.result_sheet(result, viewer=request.user)
    subject_explanations = [explanation_from_json(e) for e in result.explanations]
    context = {
        "result": result,
        "assessment": assessment,
        "run": result.run,
        "sheet": sheet,
        "radar_chart": selectors.radar_chart(result, scheme, sheet),
        "trend_chart": selectors.trend_chart(request.user, result, scheme),
        "subject_explanations": subject_explanations,
        "record_refs": selectors.explained_records(request.user, sheet, subject_explanations),
        "award_names": {award.id: award.name for award in scheme.awards},
        "veto_names": {veto.id: veto.name for veto in scheme.vetoes},
        "parts": selectors.combined_parts(result) if assessment.is_combined else [],
    }
    return render(request, "assessments/result.html", context)


# --- 汇总考核: combine finalized assessments by the scheme's weights ---------------------------


def _combinable(user) -> list[dict]:
    """(scheme version, organization, year) of finalized assessments this admin manages,
    under schemes with a rollup: what may be combined into a year."""
    finalized = (
        scoped(user, Assessment.objects.filter(kind=AssessmentKind.RECORDS, stage=Stage.FINALIZED))
        .select_related("scheme_version", "organization")
        .order_by("-period_year", "scheme_version__title", "organization__path")
    )
    groups: dict[tuple, dict] = {}
    for assessment in finalized:
        key = (assessment.scheme_version_id, assessment.organization_id, assessment.period_year)
        if key not in groups:
            if not can_manage(user, assessment):
                continue
            if selectors.scheme_of(assessment).rollup is None:
                continue
            groups[key] = {"assessment": assessment, "count": 0}
        groups[key]["count"] += 1
    return list(groups.values())


def _weights(scheme) -> list[dict]:
    return [{"part": p, "label": part_label(p), "weight": w} for p, w in scheme.rollup.weights]


def _default_part(parts: list[str], candidate: Assessment) -> str:
    """A finalized candidate's likely part: the only one; else 集中考核 for a year-end
    assessment and 日常考核 for a month, quarter or half-year."""
    if candidate.stage != Stage.FINALIZED:
        return ""
    if len(parts) == 1:
        return parts[0]
    wanted = "central" if candidate.period_kind == "year" else "daily"
    return wanted if wanted in parts else ""


@require_http_methods(["GET", "POST"])
@login_required
def assessment_combine(request):
    """Choose, per part of the scheme's rollup, the finalized assessments a year combines."""
    if Role.ADMIN not in reach_of(request.user).roles:
        raise PermissionDenied
    try:
        version_id = int(request.GET.get("version", ""))
        org_id = int(request.GET.get("organization", ""))
        year = int(request.GET.get("year", ""))
    except ValueError:
        return render(request, "assessments/combine.html", {"groups": _combinable(request.user)})
    candidates = [
        a
        for a in scoped(
            request.user,
            Assessment.objects.filter(
                kind=AssessmentKind.RECORDS,
                scheme_version_id=version_id,
                organization_id=org_id,
                period_year=year,
            ),
        )
        .select_related("scheme_version", "organization")
        .order_by("period_kind", "period_index")
        if can_manage(request.user, a)
    ]
    if not candidates:
        raise Http404
    version = candidates[0].scheme_version
    scheme = selectors.scheme_of(candidates[0])
    if scheme.rollup is None:
        raise Http404
    parts = [p for p, _w in scheme.rollup.weights]
    existing = Assessment.objects.filter(
        kind=AssessmentKind.COMBINED,
        scheme_version=version,
        organization_id=org_id,
        period_year=year,
    ).first()
    chosen = {}
    if existing is not None:
        chosen = {s.source_id: s.part for s in existing.sources.all()}
    initial = {
        f"part_{a.pk}": chosen.get(a.pk, "" if existing else _default_part(parts, a))
        for a in candidates
    }
    form = CombineForm(request.POST or None, candidates=candidates, parts=parts, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                combined = services.assessment_combine(
                    scheme_version=version, year=year, parts=form.parts(), by=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Combined: %(n)s subjects.") % {"n": combined.runs.get().subject_count},
                )
                return redirect("assessments:detail", combined.pk)
    context = {
        "form": form,
        "version": version,
        "organization": candidates[0].organization,
        "year": year,
        "weights": _weights(scheme),
        "periods": scheme.rollup.periods,
        "existing": existing,
    }
    return render(request, "assessments/combine.html", context, status=status)
