"""The 三会一课 calendar page of one branch. Reads pass the scoping gate: a branch outside the
viewer's reach, a member's login, or an organization that is not a branch all answer 404."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kaohe.organizations import selectors as org_selectors
from kaohe.records import calendar

# The years the selector offers; anything else in ?year= falls back to this year.
FIRST_YEAR, LAST_YEAR_AHEAD = 2000, 1
OVERVIEW_PAGE_SIZE = 50


def requested_year(request, this_year: int) -> int:
    """?year= when it is one the year selector offers, else this year."""
    raw = request.GET.get("year", "")
    if raw.isdigit() and FIRST_YEAR <= int(raw) <= this_year + LAST_YEAR_AHEAD:
        return int(raw)
    return this_year


@require_GET
@login_required
def branch_calendar(request, pk: int):
    user = request.user
    today = timezone.localdate()
    branch = org_selectors.organization_for(user, pk)
    year = requested_year(request, today.year)
    grid = calendar.branch_calendar(user, branch, year, today)
    if grid is None:
        raise Http404
    context = {
        "organization": branch,
        "ancestors": org_selectors.visible_ancestors(user, branch),
        "calendar": grid,
        "warnings": grid.warnings(),
        "requirements": calendar.REQUIREMENTS,
        "year": year,
        "previous_year": year - 1 if year > FIRST_YEAR else None,
        "next_year": year + 1 if year < today.year + LAST_YEAR_AHEAD else None,
        "this_year": today.year,
    }
    return render(request, "records/calendar.html", context)


@require_GET
@login_required
def overview(request):
    """三会一课完成情况: every visible branch with meetings overdue or due this year, the most
    overdue first, within one organization's subtree if ?org= names one the viewer sees."""
    user = request.user
    today = timezone.localdate()
    organization = None
    if (raw := request.GET.get("org", "")).isdigit():
        organization = org_selectors.organization_for(user, int(raw))
    standings, on_track = calendar.branch_standings(
        user, None if organization is None else [organization], today
    )
    query = request.GET.get("q", "").strip()
    shown = [s for s in standings if query in s.branch.name] if query else standings
    page = Paginator(shown, OVERVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "organization": organization,
        "ancestors": org_selectors.visible_ancestors(user, organization) if organization else [],
        "page": page,
        "query": query,
        "behind": len(standings),
        "on_track": on_track,
        "red": sum(s.red for s in standings),
        "yellow": sum(s.yellow for s in standings),
        "year": today.year,
    }
    return render(request, "records/calendar_overview.html", context)
