from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kaohe.accounts.scoping import reach_of
from kaohe.organizations import selectors


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
    }
    return render(request, "web/home.html", context)


@require_GET
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
