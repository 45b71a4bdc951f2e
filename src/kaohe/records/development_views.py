"""发展党员台账 of one branch: seen by whoever sees the branch (404 to anyone else)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kaohe.organizations import selectors as org_selectors
from kaohe.records import access
from kaohe.records.development import DEVELOPMENT_ORDER, development_ledger
from kaohe.records.models import DevelopmentStage
from kaohe.records.monthly_views import branch_for


@require_GET
@login_required
def ledger(request, pk: int):
    user, today = request.user, timezone.localdate()
    branch = branch_for(user, pk)
    rows = development_ledger(user, branch, today)
    context = {
        "organization": branch,
        "ancestors": org_selectors.visible_ancestors(user, branch),
        "stages": [DevelopmentStage(stage).label for stage in DEVELOPMENT_ORDER],
        "in_progress": [row for row in rows if row.in_progress],
        "admitted": [row for row in rows if row.reached == DevelopmentStage.FULL],
        "cancelled": [
            row for row in rows if row.cancelled and row.reached != DevelopmentStage.FULL
        ],
        "overdue": sum(row.overdue for row in rows),
        "irregular": sum(row.irregular for row in rows),
        "can_write": access.can_write(user, branch),
    }
    return render(request, "records/development_ledger.html", context)
