from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kaohe.assessments import selectors
from kaohe.assessments.serialization import explanation_from_json


@require_GET
@login_required
def assessment_list(request):
    assessments = selectors.visible_assessments(request.user)
    return render(request, "assessments/list.html", {"assessments": assessments})


@require_GET
@login_required
def assessment_detail(request, pk: int):
    assessment = selectors.assessment_for(request.user, pk)
    run = selectors.current_run(assessment)
    scheme = selectors.scheme_of(assessment)
    context = {
        "assessment": assessment,
        "run": run,
        "results": selectors.ranking(request.user, assessment),
        "award_names": {award.id: award.name for award in scheme.awards},
    }
    return render(request, "assessments/detail.html", context)


@require_GET
@login_required
def result_detail(request, pk: int):
    result = selectors.result_for(request.user, pk)
    assessment = result.run.assessment
    scheme = selectors.scheme_of(assessment)
    context = {
        "result": result,
        "assessment": assessment,
        "run": result.run,
        "sheet": selectors.result_sheet(result),
        "subject_explanations": [explanation_from_json(e) for e in result.explanations],
        "award_names": {award.id: award.name for award in scheme.awards},
        "veto_names": {veto.id: veto.name for veto in scheme.vetoes},
    }
    return render(request, "assessments/result.html", context)
