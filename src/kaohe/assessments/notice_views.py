"""A user's notices (an appeal decided…): the list, opening one, marking all read.

A notice belongs to one user rather than to an organization, so it is not a scoping-gate
read: every query starts from the viewer's own notices (`request.user.notices`), and
another user's notice is the same 404 as a missing one.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kaohe.assessments import services

PAGE_SIZE = 30


def is_local(url: str) -> bool:
    """A path on this site ("/…"): never another host, scheme or protocol-relative "//…"."""
    return url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=set())


@require_GET
@login_required
def notice_list(request):
    notices = request.user.notices.order_by("-created_at", "-id")
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    unread = request.user.notices.filter(read_at__isnull=True).exists()
    return render(request, "assessments/notices.html", {"page": page, "unread": unread})


@require_POST
@login_required
def notice_open(request, pk: int):
    """Opening a notice marks it read, then follows its link — only ever to this site."""
    notice = get_object_or_404(request.user.notices, pk=pk)
    services.notice_open(notice=notice)
    if not notice.url:
        return redirect("assessments:notices")
    if not is_local(notice.url):
        messages.error(
            request, _("The notice's link does not lead to this site; it was not followed.")
        )
        return redirect("assessments:notices")
    return redirect(notice.url)


@require_POST
@login_required
def notice_read_all(request):
    count = services.notice_read_all(user=request.user)
    if count:
        messages.success(request, _("All notices marked read."))
    return redirect("assessments:notices")
