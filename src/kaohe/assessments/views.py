from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kaohe.accounts.models import Role
from kaohe.accounts.scoping import reach_of
from kaohe.assessments import exports, selectors, services
from kaohe.assessments.forms import RunForm
from kaohe.assessments.serialization import explanation_from_json
from kaohe.organizations.selectors import visible_organizations
from kaohe.scoring import FactsError, SchemeError


@require_GET
@login_required
def assessment_list(request):
    context = {"assessments": selectors.visible_assessments(request.user)}
    if Role.ADMIN in reach_of(request.user).roles:
        context["run_form"] = RunForm(organizations=visible_organizations(request.user))
    return render(request, "assessments/list.html", context)


@require_http_methods(["POST"])
@login_required
def assessment_run(request):
    """Compute an assessment from the records now (admins of the organization's subtree)."""
    if Role.ADMIN not in reach_of(request.user).roles:
        raise PermissionDenied
    form = RunForm(request.POST, organizations=visible_organizations(request.user))
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
        except (SchemeError, FactsError) as error:
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


@require_GET
@login_required
def assessment_detail(request, pk: int):
    assessment = selectors.assessment_for(request.user, pk)
    run = selectors.current_run(assessment)
    scheme = selectors.scheme_of(assessment)
    results = selectors.ranking(request.user, assessment)
    context = {
        "assessment": assessment,
        "run": run,
        "results": results,
        "award_names": {award.id: award.name for award in scheme.awards},
        "ranking_chart": selectors.ranking_chart(results, scheme) if results else None,
        "grade_chart": selectors.grade_chart(results, scheme) if results else None,
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
    results = selectors.ranking(request.user, assessment)
    award_names = {award.id: award.name for award in scheme.awards}
    content = exports.ranking_workbook(assessment, results, scheme, award_names)
    return _xlsx(content, f"{assessment.scheme_version.title}-{assessment.period_label}-排名.xlsx")


@require_GET
@login_required
def result_export(request, pk: int):
    result = selectors.result_for(request.user, pk)
    assessment = result.run.assessment
    content = exports.score_sheet_workbook(result, assessment, selectors.result_sheet(result))
    name = result.member.name if result.member_id else result.organization.name
    return _xlsx(content, f"{name}-{assessment.period_label}-得分明细.xlsx")


@require_GET
@login_required
def result_detail(request, pk: int):
    result = selectors.result_for(request.user, pk)
    assessment = result.run.assessment
    scheme = selectors.scheme_of(assessment)
    sheet = selectors.result_sheet(result)
    context = {
        "result": result,
        "assessment": assessment,
        "run": result.run,
        "sheet": sheet,
        "radar_chart": selectors.radar_chart(result, scheme, sheet),
        "trend_chart": selectors.trend_chart(request.user, result, scheme),
        "subject_explanations": [explanation_from_json(e) for e in result.explanations],
        "award_names": {award.id: award.name for award in scheme.awards},
        "veto_names": {veto.id: veto.name for veto in scheme.vetoes},
    }
    return render(request, "assessments/result.html", context)
