"""Pages for work records and their evidence. Reads pass the scoping gate (404 when not
visible); writes then ask kaohe.records.access (403 when visible but not writable)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kaohe.organizations import selectors as org_selectors
from kaohe.organizations.models import Member, Organization
from kaohe.records import access, selectors, services
from kaohe.records.forms import (
    AttendanceForm,
    EvidenceForm,
    MeetingForm,
    MinutesCheckForm,
    RecordFilterForm,
    record_form_class,
)
from kaohe.records.kinds import KINDS, RecordKind, describe, kind_of
from kaohe.records.models import Meeting, Record
from kaohe.records.monthly import SHEETS

PAGE_SIZE = 50


def _detail_url(record: Record) -> str:
    return reverse("records:detail", args=[kind_of(record).slug, record.pk])


def _add_service_errors(form, error: ValidationError) -> None:
    """A service's ValidationError onto the form: per field where it has one, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


# --- lists ------------------------------------------------------------------------------


def _listing(request, organization: Organization | None) -> dict:
    filters = RecordFilterForm(request.GET or None)
    values = {}
    if filters.is_bound:
        filters.is_valid()  # the fields that cleaned narrow the list; bad ones are reported
        values = filters.cleaned_data
    kind = KINDS.get(values.get("kind") or "")
    member = None
    if values.get("member"):
        member = org_selectors.visible_members(request.user).filter(pk=values["member"]).first()
        if member is None:
            filters.add_error("member", _("No Party member by that number is yours to see."))
    context = {
        "filters": filters,
        "organization": organization,
        "kind": kind,
        "member": member,
        "everyone_query": _query_without(request, "member"),
    }
    held, attendance = values.get("held", ""), values.get("attendance", "")
    within = _within(filters, organization, values.get("within"))
    if kind is not None and kind.model is Meeting and (held or attendance):
        context |= {
            "meeting_narrowing": _meeting_narrowing(organization, member, held, attendance, within),
            "all_meetings_query": _query_without(request, "held", "within", "attendance"),
        }
    narrowed = {
        "organization": organization,
        "member": member,
        "date_from": values.get("date_from"),
        "date_to": values.get("date_to"),
    }
    if kind is None:
        context["sections"] = selectors.recent_records(request.user, **narrowed)
        return context
    records = selectors.filtered_records(
        request.user,
        kind,
        meeting_kind=values.get("meeting_kind", ""),
        held=held,
        within=within,
        attendance=attendance,
        **narrowed,
    )
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    context |= {"page": page, "query": _query_without(request)}
    return context


def _query_without(request, *names: str) -> str:
    """The request's query string without `names` and the page number."""
    query = request.GET.copy()
    for name in ("page", *names):
        query.pop(name, None)
    return query.urlencode()


def _within(filters, organization: Organization | None, pk: int | None) -> Organization | None:
    """The `within` filter's organization: the page's organization or one above it (whose
    name the page may then show), else reported and ignored."""
    if not pk or organization is None:
        return None
    paths = [*Organization.ancestor_paths(organization.path), organization.path]
    within = Organization.objects.filter(pk=pk, path__in=paths).first()
    if within is None:
        filters.add_error("within", _("No organization by that number above this one."))
    return within


def _meeting_narrowing(
    organization: Organization | None,
    member: Member | None,
    held: str,
    attendance: str,
    within: Organization | None,
) -> list[str]:
    """What the `held`, `within` and `attendance` filters leave of the meetings, in words."""
    said = []
    if organization is not None and held:
        text = {
            (selectors.HELD_ABOVE, False): _(
                "Only meetings held above %(organization)s that listed its members"
            ),
            (selectors.HELD_ABOVE, True): _(
                "Only meetings held above %(organization)s within %(within)s that listed"
                " its members"
            ),
            (selectors.HELD_HERE_AND_ABOVE, False): _(
                "Also the meetings held above %(organization)s that listed its members"
            ),
            (selectors.HELD_HERE_AND_ABOVE, True): _(
                "Also the meetings held above %(organization)s within %(within)s that listed"
                " its members"
            ),
        }[held, within is not None]
        said.append(text % {"organization": organization.name, "within": within})
    if attendance and member is not None:
        text = {
            "absent": _("Only meetings %(name)s was absent from"),
            "not_present": _("Only meetings %(name)s was absent from or excused"),
        }[attendance]
        said.append(text % {"name": member.name})
    elif attendance:
        said.append(
            {
                "absent": _("Only meetings with an absence"),
                "not_present": _("Only meetings with an absence or leave"),
            }[attendance]
        )
    return said


@require_GET
@login_required
def index(request):
    """Every record the user may see: a member sees their own, a secretary their branch's."""
    context = _listing(request, None)
    context["organizations"] = org_selectors.visible_roots(request.user)
    return render(request, "records/index.html", context)


@require_GET
@login_required
def organization_index(request, pk: int):
    organization = org_selectors.organization_for(request.user, pk)
    context = _listing(request, organization)
    context |= {
        "ancestors": org_selectors.visible_ancestors(request.user, organization),
        "can_write": access.can_write(request.user, organization),
        "kinds": list(KINDS.values()),
        "month_sheets": [(sheet.slug, sheet.title) for sheet in SHEETS.values()],
    }
    return render(request, "records/index.html", context)


# --- entering and changing records -------------------------------------------------------


def _writable_organization(user, pk: int) -> Organization:
    organization = org_selectors.organization_for(user, pk)
    if not access.can_write(user, organization):
        raise PermissionDenied
    return organization


def _writable_record(user, kind: RecordKind, pk: int) -> Record:
    record = selectors.record_for(user, kind, pk)
    if not access.can_write(user, record.organization):
        raise PermissionDenied
    return record


@require_http_methods(["GET", "POST"])
@login_required
def create(request, pk: int, kind: RecordKind):
    organization = _writable_organization(request.user, pk)
    if kind.model is Meeting:
        return _meeting_page(request, organization, None)
    return _record_page(request, kind, organization, None)


@require_http_methods(["GET", "POST"])
@login_required
def edit(request, kind: RecordKind, pk: int):
    record = _writable_record(request.user, kind, pk)
    if isinstance(record, Meeting):
        return _meeting_page(request, record.organization, record)
    return _record_page(request, kind, record.organization, record)


def _started_from(request, model: type[Record], record: Record | None) -> dict:
    """A new record's starting values from the query string, by field name (links such as
    the ledger's next step, record_links.py). Only shown: a POST checks them as any input."""
    if record is not None or request.method != "GET":
        return {}
    return {name: request.GET[name] for name in model.editable_fields if name in request.GET}


def _record_page(request, kind: RecordKind, organization: Organization, record: Record | None):
    form_class = record_form_class(kind)
    form_args = {"organization": organization, "user": request.user, "instance": record}
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    initial = _started_from(request, kind.model, record)
    form = form_class(data, files, initial=initial, **form_args)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in kind.model.editable_fields}
        try:
            if record is None:
                record = services.record_create(
                    model=kind.model,
                    organization=organization,
                    entered_by=request.user,
                    evidence=form.cleaned_data["evidence"],
                    **values,
                )
            else:
                record = services.record_update(record=record, **values)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Saved: %(record)s") % {"record": record})
            return redirect(_detail_url(record))
    context = {"form": form, "kind": kind, "organization": organization, "record": record}
    return render(request, "records/form.html", context)


def _meeting_members(organization: Organization, meeting: Meeting | None) -> list[Member]:
    members = list(selectors.meeting_roster(organization))
    if meeting is not None:
        on_roster = {m.pk for m in members}
        recorded = [a.member for a in meeting.attendances.select_related("member")]
        members += [m for m in recorded if m.pk not in on_roster]
    return members


def _meeting_page(request, organization: Organization, meeting: Meeting | None):
    """One page: the meeting and a present/excused/absent choice for each member."""
    members = _meeting_members(organization, meeting)
    initial = {} if meeting is None else {a.member_id: a.status for a in meeting.attendances.all()}
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = MeetingForm(
        data,
        files,
        organization=organization,
        user=request.user,
        instance=meeting,
        initial=_started_from(request, Meeting, meeting),
    )
    attendance = AttendanceForm(data, members=members, initial_status=initial, prefix="attendance")
    if request.method == "POST" and form.is_valid() and attendance.is_valid():
        values = {name: form.cleaned_data[name] for name in Meeting.editable_fields}
        try:
            if meeting is None:
                meeting = services.meeting_create(
                    organization=organization,
                    entered_by=request.user,
                    attendance=attendance.attendance(),
                    evidence=form.cleaned_data["evidence"],
                    **values,
                )
            else:
                meeting = services.meeting_update(
                    meeting=meeting, attendance=attendance.attendance(), **values
                )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Saved: %(record)s") % {"record": meeting})
            return redirect(_detail_url(meeting))
    context = {
        "form": form,
        "attendance": attendance,
        "kind": KINDS["meeting"],
        "organization": organization,
        "record": meeting,
    }
    return render(request, "records/meeting_form.html", context)


# --- a record's page, with its evidence -------------------------------------------------


def _detail_context(request, kind: RecordKind, record: Record, **extra) -> dict:
    user = request.user
    context = {
        "kind": kind,
        "record": record,
        "facts": describe(record),
        "evidence": selectors.record_evidence(user, record),
        "can_write": access.can_write(user, record.organization),
        # Breadcrumbs lead to the organization's records where the viewer may open them.
        "organization_visible": org_selectors.can_see_organization(user, record.organization),
        "evidence_form": EvidenceForm(),
        "max_mb": settings.EVIDENCE_MAX_BYTES // (1024 * 1024),
    }
    if isinstance(record, Meeting):
        attendance = selectors.meeting_attendance(user, record)
        context |= {
            "attendance": attendance,
            "attendance_listed": record.attendances.count(),
            "attendance_counts": selectors.attendance_counts(attendance),
            "can_check_minutes": access.can_check_minutes(user, record.organization),
        }
    return context | extra


@require_GET
@login_required
def detail(request, kind: RecordKind, pk: int):
    record = selectors.record_for(request.user, kind, pk)
    return render(request, "records/detail.html", _detail_context(request, kind, record))


@require_POST
@login_required
def minutes_check(request, pk: int):
    meeting = selectors.record_for(request.user, KINDS["meeting"], pk)
    if not access.can_check_minutes(request.user, meeting.organization):
        raise PermissionDenied
    form = MinutesCheckForm(request.POST)
    form.is_valid()  # a single checkbox: absent means "not complete"
    try:
        services.meeting_check_minutes(
            meeting=meeting, complete=form.cleaned_data.get("complete", False), by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The minutes check is saved."))
    return redirect(_detail_url(meeting))


@require_POST
@login_required
def evidence_upload(request, kind: RecordKind, pk: int):
    record = _writable_record(request.user, kind, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        uploads = form.cleaned_data["file"]
        try:
            services.evidence_attach_files(record=record, uploads=uploads, uploaded_by=request.user)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            names = "、".join(upload.name for upload in uploads)
            messages.success(request, _("Uploaded: %(name)s") % {"name": names})
            return redirect(_detail_url(record))
    context = _detail_context(request, kind, record, evidence_form=form)
    return render(request, "records/detail.html", context, status=400)


@require_GET
@login_required
def evidence_download(request, pk: int):
    evidence = selectors.evidence_to_download(request.user, pk)
    path = selectors.evidence_path(evidence)
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.mime_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def evidence_delete(request, pk: int):
    evidence, record = selectors.evidence_for(request.user, pk)
    if not access.can_write(request.user, record.organization):
        raise PermissionDenied
    services.evidence_delete(evidence=evidence)
    messages.success(request, _("Deleted: %(name)s") % {"name": evidence.original_name})
    return redirect(_detail_url(record))
