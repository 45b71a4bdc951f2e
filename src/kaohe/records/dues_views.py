"""党费台账 pages of one branch: the year's ledger, and a month's dues entered for every
member on one page. Reads pass the scoping gate (404); entering needs the right to write
records there (403)."""

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

from kaohe.accounts.scoping import scoped
from kaohe.organizations import selectors as org_selectors
from kaohe.organizations.models import Member, Organization, OrgKind
from kaohe.records import access, dues, services
from kaohe.records.calendar import MONTH_LABELS
from kaohe.records.calendar_views import requested_year
from kaohe.records.forms import DuesMonthForm
from kaohe.records.models import DuesPayment


def _branch(user, pk: int) -> Organization:
    branch = org_selectors.organization_for(user, pk)
    if branch.kind != OrgKind.BRANCH:
        raise Http404
    return branch


@require_GET
@login_required
def ledger(request, pk: int):
    user, today = request.user, timezone.localdate()
    branch = _branch(user, pk)
    year = requested_year(request, today.year)
    ledger = dues.dues_ledger(user, branch, year, today)
    context = {
        "organization": branch,
        "ancestors": org_selectors.visible_ancestors(user, branch),
        "ledger": ledger,
        "month_labels": list(zip(ledger.months, MONTH_LABELS, strict=True)),
        "year": year,
        "previous_year": year - 1,
        "next_year": year + 1 if year < today.year else None,
        "this_month": today.replace(day=1),
        "can_write": access.can_write(user, branch),
    }
    return render(request, "records/dues_ledger.html", context)


def _month(raw: str, today: datetime.date) -> datetime.date:
    try:
        month = datetime.datetime.strptime(raw, "%Y-%m").date()  # noqa: DTZ007 (a month)
    except ValueError:
        raise Http404 from None
    if month > today or month.year < 2000:
        raise Http404  # dues are recorded for months that have begun
    return month


def _month_members(user, branch: Organization, month: datetime.date) -> list[Member]:
    """The roster, and anyone whose dues the branch recorded that month (since moved)."""
    roster = list(scoped(user, Member.objects.filter(branch=branch)).order_by("id"))
    on_roster = {m.pk for m in roster}
    recorded = scoped(
        user, DuesPayment.objects.filter(organization=branch, month=month).select_related("member")
    )
    return roster + [p.member for p in recorded if p.member_id not in on_roster]


def _initial_rows(members: list[Member], month: datetime.date) -> dict[int, dict]:
    """Each member's recorded month; else their latest amount due of the year before."""
    ids = [m.pk for m in members]
    initial: dict[int, dict] = {}
    earlier = DuesPayment.objects.filter(
        member_id__in=ids, month__lt=month, month__gte=month.replace(year=month.year - 1)
    ).order_by("member_id", "month")
    for payment in earlier:  # the latest month wins
        initial[payment.member_id] = {"due": payment.amount_due}
    for payment in DuesPayment.objects.filter(member_id__in=ids, month=month):
        initial[payment.member_id] = {
            "due": payment.amount_due,
            "paid": payment.amount_paid or None,
            "paid_on": payment.paid_on,
        }
    return initial


@require_http_methods(["GET", "POST"])
@login_required
def month_entry(request, pk: int, month: str):
    user, today = request.user, timezone.localdate()
    branch = _branch(user, pk)
    if not access.can_write(user, branch):
        raise PermissionDenied
    month_start = _month(month, today)
    members = _month_members(user, branch, month_start)
    data = request.POST if request.method == "POST" else None
    form = DuesMonthForm(data, members=members, initial_rows=_initial_rows(members, month_start))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = services.dues_month_record(
                    organization=branch, month=month_start, rows=form.dues_rows(), entered_by=user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Saved the dues of %(month)s: %(n)s records entered or changed.")
                    % {"month": f"{month_start:%Y-%m}", "n": len(saved)},
                )
                ledger_url = reverse("records:dues_ledger", args=[branch.pk])
                return redirect(f"{ledger_url}?year={month_start.year}")
        status = 400
    context = {
        "organization": branch,
        "form": form,
        "month": month_start,
        "ledger_year": month_start.year,
    }
    return render(request, "records/dues_month.html", context, status=status)
