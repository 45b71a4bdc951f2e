"""Reads of records and evidence, always starting from what the viewer may see."""

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, Max, Model, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from kaohe.accounts.scoping import get_scoped_or_404, in_subtrees, scoped
from kaohe.organizations.models import Member, Organization, OrgKind
from kaohe.records.fields import MonthField
from kaohe.records.kinds import KINDS, RecordKind
from kaohe.records.models import (
    Attendance,
    AttendanceStatus,
    Evidence,
    Meeting,
    Record,
    takes_evidence,
)


@dataclass(frozen=True)
class RecordRef:
    """A record an explanation names, as a reader sees it: its name and its page."""

    label: str
    url: str


# An explanation's record id: `discipline_case:17`, `meeting:4#9` (attendance row 9 of
# meeting 4), `incident:5/1` (one veto of incident 5).
_REF = re.compile(r"(?P<slug>[a-z_]+):(?P<pk>\d+)(?:#(?P<row>\d+))?")


def record_refs(user, refs: Iterable[str]) -> dict[str, RecordRef]:
    """Explanation record ids → the records' names and pages, for those the user may see
    (others stay as ids). One query per kind named, one more for attendance rows."""
    wanted: dict[str, dict[str, int]] = defaultdict(dict)
    rows: dict[str, int] = {}
    for ref in refs:
        match = _REF.match(ref)
        if match is None or match["slug"] not in KINDS:
            continue
        wanted[match["slug"]][ref] = int(match["pk"])
        if match["row"]:
            rows[ref] = int(match["row"])
    names = dict(
        scoped(user, Attendance.objects.filter(pk__in=rows.values())).values_list(
            "pk", "member__name"
        )
    )
    found = {}
    for slug, by_ref in wanted.items():
        kind = KINDS[slug]
        records = visible_records(user, kind).in_bulk(set(by_ref.values()))
        for ref, pk in by_ref.items():
            if (record := records.get(pk)) is None:
                continue
            label = _record_label(record)
            if (name := names.get(rows.get(ref))) is not None:
                label = f"{label}（{name}）"
            found[ref] = RecordRef(label, reverse("records:detail", args=[slug, pk]))
    return found


def _record_label(record: Record) -> str:
    """The record's own name, after its date unless the name already says when (a month's
    records name their month)."""
    name = str(record)
    day = getattr(record, record.date_field)
    monthly = isinstance(record._meta.get_field(record.date_field), MonthField)
    if day is None or monthly or f"{day:%Y-%m-%d}" in name:
        return name
    return f"{day:%Y-%m-%d} {name}"


def visible_records(user, kind: RecordKind) -> QuerySet[Record]:
    related = ["organization", "member"] if kind.has_member else ["organization"]
    return scoped(user, kind.model.objects.select_related(*related))


def record_for(user, kind: RecordKind, pk: int) -> Record:
    return get_scoped_or_404(user, visible_records(user, kind), pk=pk)


@dataclass
class RecordSection:
    kind: RecordKind
    records: list[Record]
    more: bool


# Which meetings an organization's records list shows (the `held` filter): its own subtree's
# (the default), only those held above it that listed its members (上级会议), or both.
HELD_ABOVE = "above"
HELD_HERE_AND_ABOVE = "here_and_above"
# Meetings narrowed by attendance (the `attendance` filter): those with an absence (缺席),
# or with an absence or leave (缺席或请假) — of the member, when the list is about one.
ATTENDANCE_STATUSES = {
    "absent": (AttendanceStatus.ABSENT,),
    "not_present": (AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED),
}


def _meetings(
    queryset: QuerySet[Meeting],
    organization: Organization | None,
    member: Member | None,
    held: str,
    attendance: str,
    within: Organization | None = None,
) -> QuerySet[Meeting]:
    """Meetings within `organization`'s subtree or held above it (`held`; only by the
    organizations inside `within`, when given), at which `member`, or for meetings above
    anyone of the subtree, was listed with an `attendance` status. No meeting repeats: a
    member's are an IN list (SQLite then reads their rows by the member index), the others
    EXISTS per meeting."""
    statuses = ATTENDANCE_STATUSES.get(attendance)
    rows = Attendance.objects.filter(status__in=statuses) if statuses else Attendance.objects.all()
    if member is not None:
        listed_here = listed_above = Q(pk__in=rows.filter(member=member).values("meeting_id"))
    else:
        listed_here = Q(Exists(rows.filter(meeting=OuterRef("pk")))) if statuses else Q()
        if organization is not None:
            listed_above = Meeting.listing_members_of(organization.path, rows)
    if organization is None:
        return queryset.filter(listed_here)
    here = in_subtrees("organization__path", [organization.path]) & listed_here
    above = Meeting.held_above(organization.path, within.path if within else "") & listed_above
    if held == HELD_ABOVE:
        return queryset.filter(above)
    if held == HELD_HERE_AND_ABOVE:
        return queryset.filter(here | above)
    return queryset.filter(here)


def filtered_records(
    user,
    kind: RecordKind,
    *,
    organization: Organization | None = None,
    member: Member | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    meeting_kind: str = "",
    held: str = "",
    within: Organization | None = None,
    attendance: str = "",
) -> QuerySet[Record]:
    """The records of `kind` the user may see, latest first, optionally within one subtree,
    concerning one member (their own, or the meetings they were listed at), between two
    dates; meetings also of one type, held above the subtree, or by attendance (_meetings).
    Kinds about an organization only (hand-ins, reports…) concern no member."""
    queryset = visible_records(user, kind)
    if kind.model is Meeting:
        if meeting_kind:
            queryset = queryset.filter(kind=meeting_kind)
        queryset = _meetings(queryset, organization, member, held, attendance, within)
    else:
        if member is not None:
            queryset = queryset.filter(member=member) if kind.has_member else queryset.none()
        if organization is not None:
            queryset = queryset.filter(in_subtrees("organization__path", [organization.path]))
    date_field = kind.model.date_field
    if date_from:
        queryset = queryset.filter(**{f"{date_field}__gte": date_from})
    if date_to:
        queryset = queryset.filter(**{f"{date_field}__lte": date_to})
    return queryset.order_by(f"-{date_field}", "-id")


def recent_records(
    user, *, kinds: list[RecordKind] | None = None, per_kind: int = 5, **filters
) -> list[RecordSection]:
    """The latest records of each kind the user may see, narrowed by `filters` as
    filtered_records takes them.

    One indexed query per kind (LIMIT per_kind + 1); kinds without records are left out.
    """
    sections = []
    for kind in kinds or KINDS.values():
        rows = list(filtered_records(user, kind, **filters)[: per_kind + 1])
        if rows:
            sections.append(RecordSection(kind, rows[:per_kind], len(rows) > per_kind))
    return sections


def earlier_values(
    user, model: type[Record], organization: Organization, field: str, limit: int = 50
) -> list[str]:
    """The values `field` took in `organization`'s records of `model` that `user` may see,
    the most recently entered first: what a form suggests (Record.suggested_fields)."""
    rows = (
        scoped(user, model.objects.filter(organization=organization))
        .exclude(**{field: ""})
        .values(field)
        .annotate(latest=Max("pk"))
        .order_by("-latest")[:limit]
    )
    return [row[field] for row in rows]


def meeting_roster(organization: Organization) -> QuerySet[Member]:
    """Who a meeting of `organization` is for: a group's members, or the subtree's members."""
    if organization.kind == OrgKind.GROUP:
        members = Member.objects.filter(group=organization)
    else:
        members = Member.objects.filter(branch__path__startswith=organization.path)
    return members.select_related("branch").order_by("branch__path", "id")


def meeting_attendance(user, meeting: Meeting) -> list[Attendance]:
    return list(
        scoped(user, Attendance.objects.filter(meeting=meeting))
        .select_related("member")
        .order_by("member__branch__path", "member_id")
    )


def attendance_counts(attendance: list[Attendance]) -> dict[str, int]:
    counts = {status: 0 for status in AttendanceStatus.values}
    for row in attendance:
        counts[row.status] += 1
    return counts


def record_evidence(user, record: Record) -> QuerySet[Evidence]:
    content_type = ContentType.objects.get_for_model(record)
    return scoped(
        user,
        Evidence.objects.filter(content_type=content_type, object_id=record.pk).select_related(
            "uploaded_by"
        ),
    )


def evidence_for(user, pk: int) -> tuple[Evidence, Record]:
    """An evidence file and its record, both passing the scoping gate — else 404."""
    evidence = get_scoped_or_404(user, Evidence.objects.select_related("content_type"), pk=pk)
    model = evidence.content_type.model_class()
    kind = next((k for k in KINDS.values() if k.model is model), None)
    if kind is None:
        raise Http404
    return evidence, record_for(user, kind, evidence.object_id)


def evidence_to_download(user, pk: int) -> Evidence:
    """An evidence file the user may download: the row and what it is attached to (a record,
    or a claim or appeal that takes evidence) both pass the scoping gate — else 404."""
    evidence = get_scoped_or_404(user, Evidence.objects.select_related("content_type"), pk=pk)
    model = evidence.content_type.model_class()
    kind = next((k for k in KINDS.values() if k.model is model), None)
    if kind is not None:
        record_for(user, kind, evidence.object_id)
    elif model is not None and takes_evidence(model):
        get_scoped_or_404(user, model._default_manager.all(), pk=evidence.object_id)
    else:
        raise Http404
    return evidence


def evidence_of(user, targets: Iterable[Model]) -> dict[int, list[Evidence]]:
    """The evidence the user may see of each of `targets` (one model), by target id: one query."""
    targets = list(targets)
    if not targets:
        return {}
    content_type = ContentType.objects.get_for_model(targets[0])
    files: dict[int, list[Evidence]] = {target.pk: [] for target in targets}
    rows = Evidence.objects.filter(content_type=content_type, object_id__in=list(files))
    for evidence in scoped(user, rows).select_related("uploaded_by"):
        files[evidence.object_id].append(evidence)
    return files


def evidence_path(evidence: Evidence) -> Path:
    """Where the file lies on disk; never outside EVIDENCE_ROOT whatever the row says."""
    root = Path(settings.EVIDENCE_ROOT).resolve()
    path = (root / evidence.storage_name).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise Http404
    return path
