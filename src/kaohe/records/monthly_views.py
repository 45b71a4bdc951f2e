"""Monthly records of one branch: the year member by month (the 党费台账, and the study-note
checks' and app points' 台账), and one month of dues, study-note checks or app points entered
for every member on one page. Reads
pass the scoping gate (404); entering needs the right to write records there (403)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kaohe.dates import add_months
from kaohe.organizations import selectors as org_selectors
from kaohe.organizations.models import Organization, OrgKind
from kaohe.records import access, dues, services
from kaohe.records.calendar import MONTH_LABELS
from kaohe.records.calendar_views import requested_year
from kaohe.records.forms import MonthSheetForm
from kaohe.records.kinds import BY_MODEL
from kaohe.records.monthly import (
    DUES,
    SHEETS,
    MonthSheet,
    month_grid,
    month_initial,
    recorded_with_roster,
)


def branch_for(user, pk: int) -> Organization:
    """A branch the user sees (404 for anything else, or for an organization above branches)."""
    branch = org_selectors.organization_for(user, pk)
    if branch.kind != OrgKind.BRANCH:
        raise Http404
    return branch


def _year_page(user, branch: Organization, year: int, today, months) -> dict:
    """What every 台账 page shows around its table: where it is, the year and its neighbours
    (none after this year), the month headings, and whether the viewer may enter months."""
    return {
        "organization": branch,
        "ancestors": org_selectors.visible_ancestors(user, branch),
        "month_labels": list(zip(months, MONTH_LABELS, strict=True)),
        "year": year,
        "previous_year": year - 1,
        "next_year": year + 1 if year < today.year else None,
        "this_month": today.replace(day=1),
        "can_write": access.can_write(user, branch),
    }


@require_GET
@login_required
def ledger(request, pk: int):
    user, today = request.user, timezone.localdate()
    branch = branch_for(user, pk)
    year = requested_year(request, today.year)
    ledger = dues.dues_ledger(user, branch, year, today)
    context = _year_page(user, branch, year, today, ledger.months) | {"ledger": ledger}
    return render(request, "records/dues_ledger.html", context)


def ledger_url(sheet: MonthSheet, branch_pk: int, year: int) -> str:
    """Where a sheet's year is seen: the dues ledger, or the sheet's year grid."""
    if sheet is DUES:
        path = reverse("records:dues_ledger", args=[branch_pk])
    else:
        path = reverse("records:month_grid", args=[branch_pk, sheet.slug])
    return f"{path}?year={year}"


@require_GET
@login_required
def grid(request, pk: int, sheet: str):
    user, today = request.user, timezone.localdate()
    sheet_kind = SHEETS.get(sheet)
    if sheet_kind is None:
        raise Http404
    branch = branch_for(user, pk)
    year = requested_year(request, today.year)
    if sheet_kind is DUES:
        return redirect(ledger_url(DUES, branch.pk, year))
    year_grid = month_grid(user, sheet_kind, branch, year)
    context = _year_page(user, branch, year, today, year_grid.months) | {
        "sheet": sheet_kind,
        "grid": year_grid,
        "kind_slug": BY_MODEL[sheet_kind.model].slug,
    }
    return render(request, "records/month_grid.html", context)


def _month(raw: str, today: datetime.date) -> datetime.date:
    try:
        month = datetime.datetime.strptime(raw, "%Y-%m").date()  # noqa: DTZ007 (a month)
    except ValueError:
        raise Http404 from None
    if month > today or month.year < 2000:
        raise Http404  # monthly records are entered for months that have begun
    return month


@require_http_methods(["GET", "POST"])
@login_required
def month_sheet(request, pk: int, sheet: str, month: str):
    user, today = request.user, timezone.localdate()
    sheet_kind = SHEETS.get(sheet)
    if sheet_kind is None:
        raise Http404
    branch = branch_for(user, pk)
    if not access.can_write(user, branch):
        raise PermissionDenied
    month_start = _month(month, today)
    members, recorded = recorded_with_roster(user, sheet_kind.model, branch, month=month_start)
    data = request.POST if request.method == "POST" else None
    form = MonthSheetForm(
        data,
        sheet=sheet_kind,
        members=members,
        initial_rows=month_initial(sheet_kind, members, month_start, recorded),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = services.month_records_save(
                    sheet=sheet_kind, organization=branch, month=month_start,
                    rows=form.month_rows(), entered_by=user,
                )  # fmt: skip
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Saved %(what)s of %(month)s: %(n)s records entered or changed.")
                    % {"what": sheet_kind.title, "month": f"{month_start:%Y-%m}", "n": len(saved)},
                )
                return redirect(ledger_url(sheet_kind, branch.pk, month_start.year))
        status = 400
    context = {
        "organization": branch,
        "sheet": sheet_kind,
        "form": form,
        "month": month_start,
        "ledger_url": ledger_url(sheet_kind, branch.pk, month_start.year),
        "previous_month": add_months(month_start, -1),
        "next_month": following if (following := add_months(month_start, 1)) <= today else None,
    }
    return render(request, "records/month_sheet.html", context, status=status)
