from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kaohe.accounts.scoping import reach_of
from kaohe.assessments import cycle_views
from kaohe.assessments import selectors as assessment_selectors
from kaohe.organizations import selectors
from kaohe.records import calendar, development

# The dashboard lists this many 三会一课 warnings, most urgent first, and counts the rest;
# and as many 预备党员 whose probation is over.
MEETING_WARNINGS_SHOWN = 10


@require_GET
@login_required
def home(request):
    user = request.user
    today = timezone.localdate()
    context = {
        "roots": selectors.visible_roots(user),
        "stats": selectors.visible_counts(user),
        "overdue": selectors.overdue_elections(user, today)[:20],
        "reach": reach_of(user),
        "today": today,
        "meeting_warnings": calendar.warning_summary(user, None, today, MEETING_WARNINGS_SHOWN),
        "notices": cycle_views.dashboard_notices(user),
        "tasks": cycle_views.dashboard_tasks(user),
        "latest_results": assessment_selectors.latest_results(user),
    }
    if context["roots"]:  # who keeps or oversees organizations, not a member alone
        probations = development.probations_over(user, today)
        context["probations_over"] = probations[:MEETING_WARNINGS_SHOWN]
        context["probations_over_rest"] = len(probations) - len(context["probations_over"])
    return render(request, "web/home.html", context)


@require_GET
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
