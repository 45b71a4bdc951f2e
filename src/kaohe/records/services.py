"""Writes of work records and evidence: the one place each happens, all or nothing.

Permission checks happen before these are called (views, admin); these validate the data
and write it. A member's record always belongs to the member's branch, so metrics can
group by organization without following the member.
"""

import datetime
import hashlib
import uuid
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kaohe.organizations.models import Member, Organization
from kaohe.organizations.services import organization_record_election
from kaohe.records import filetypes
from kaohe.records.kinds import BY_MODEL
from kaohe.records.models import (
    Attendance,
    AttendanceStatus,
    Election,
    ElectionKind,
    Evidence,
    Meeting,
    Record,
    takes_evidence,
)
from kaohe.records.selectors import meeting_roster

# Attendance as the forms give it: (member id, status), one pair per member.
AttendanceRows = Iterable[tuple[int, str]]


def _place_with_member(record: Record, organization: Organization) -> None:
    """A record naming a member belongs to the member's branch, which must lie in `organization`."""
    member = getattr(record, "member", None)
    if member is None:
        record.organization = organization
        return
    if not member.branch.path.startswith(organization.path):
        raise ValidationError(
            {
                "member": ValidationError(
                    _("This member does not belong to %(org)s."), params={"org": organization.name}
                )
            }
        )
    record.organization = member.branch


def _after_save(record: Record) -> None:
    # A 换届 recorded here also starts the organization's new committee term.
    if isinstance(record, Election) and record.kind == ElectionKind.GENERAL:
        organization = Organization.objects.get(pk=record.organization_id)
        last = organization.last_election_on
        if last is None or record.held_on > last:
            organization_record_election(organization=organization, held_on=record.held_on)


def _check_fields(model: type[Record], fields: Iterable[str]) -> None:
    unknown = set(fields) - set(model.editable_fields)
    if unknown:
        raise TypeError(f"{model.__name__} has no editable fields {', '.join(sorted(unknown))}")


def record_create(
    *, model: type[Record], organization: Organization, entered_by, evidence=(), **fields
) -> Record:
    """Enter a record of any kind but meetings (see `meeting_create`), with its `evidence`
    (uploaded files), all or nothing: a refused file (named, under "evidence") saves none."""
    if model is Meeting:
        raise TypeError("Meetings are entered with their attendance: use meeting_create().")
    _check_fields(model, fields)
    record = model(entered_by=entered_by, **fields)
    _place_with_member(record, organization)
    with transaction.atomic():
        record.full_clean()
        record.save()
        _after_save(record)
        evidence_attach_all(
            record=record, uploads=evidence, uploaded_by=entered_by, field="evidence"
        )
    return record


def record_update(*, record: Record, **changes) -> Record:
    """Change a record's fields; it stays in its organization (or its new member's branch)."""
    if isinstance(record, Meeting):
        raise TypeError("Meetings are changed with their attendance: use meeting_update().")
    _check_fields(type(record), changes)
    for field, value in changes.items():
        setattr(record, field, value)
    with transaction.atomic():
        _place_with_member(record, Organization.objects.get(pk=record.organization_id))
        record.full_clean()
        record.save()
        _sync_evidence_scope(record)
        _after_save(record)
    return record


def record_delete(*, record: Record) -> None:
    """Delete a record with its evidence files (the files go once the deletion commits)."""
    with transaction.atomic():
        files = [_stored_path(e) for e in record.evidence.all()]
        record.evidence.all().delete()
        record.delete()
        transaction.on_commit(lambda: [path.unlink(missing_ok=True) for path in files])


def _sync_evidence_scope(record: Record) -> None:
    record.evidence.exclude(
        organization_id=record.organization_id, member_id=getattr(record, "member_id", None)
    ).update(organization_id=record.organization_id, member_id=getattr(record, "member_id", None))


# --- a month of a monthly record for the whole branch (党费, 学习笔记, APP积分) -------------------

# One member's row as the month's page gives it: (member id, {field: value or None}).
MonthRows = Iterable[tuple[int, dict]]


def month_records_save(
    *, sheet, organization: Organization, month: datetime.date, rows: MonthRows, entered_by
) -> list[Record]:
    """Enter or change one month of `sheet`'s record (kaohe.records.monthly) for many members
    at once, all or nothing.

    A row whose `sheet.required` field is empty is skipped, unless the member's month is
    already recorded: then it must keep a value (delete a record on its own page). Every row
    is checked as a single record would be; the errors name the member and the field, and
    nothing is written if any row is wrong. Returns the records entered or changed.
    """
    model, month, rows = sheet.model, month.replace(day=1), list(rows)
    ids = [member_id for member_id, _ in rows]
    existing = {r.member_id: r for r in model.objects.filter(month=month, member_id__in=ids)}
    members = Member.objects.select_related("branch").in_bulk(ids)
    errors: list[ValidationError] = []
    saved: list[Record] = []
    with transaction.atomic():
        for member_id, values in rows:
            member, record = members.get(member_id), existing.get(member_id)
            if member is None:
                errors.append(ValidationError(_("No Party member %(id)s.") % {"id": member_id}))
                continue
            values = {name: _or_default(model, name, value) for name, value in values.items()}
            if values.get(sheet.required) in (None, "") and record is None:
                continue  # nothing to record for this member this month
            try:
                if values.get(sheet.required) in (None, ""):
                    field = model._meta.get_field(sheet.required)
                    raise ValidationError(
                        {sheet.required: _("A recorded month keeps its %(field)s.")
                         % {"field": field.verbose_name}}
                    )  # fmt: skip
                if record is not None and all(
                    getattr(record, name) == value for name, value in values.items()
                ):
                    continue  # unchanged
                was_in = record.organization_id if record is not None else None
                record = record or model(entered_by=entered_by, member=member, month=month)
                for name, value in values.items():
                    setattr(record, name, value)
                _place_with_member(record, organization)
                # The member, the organization and the writer are known to exist, and the
                # member's month is looked up above: not asked again row by row.
                record.full_clean(
                    exclude=["member", "organization", "entered_by"],
                    validate_unique=False,
                    validate_constraints=False,
                )
            except ValidationError as error:
                errors.extend(_named(model, member, error))
                continue
            record.save()
            if was_in is not None and was_in != record.organization_id:
                _sync_evidence_scope(record)  # the month moved with its member: its files too
            saved.append(record)
        if errors:
            transaction.set_rollback(True)
            raise ValidationError(errors)
    return saved


def _or_default(model, name: str, value):
    """An empty cell of a column that is never NULL takes the field's default (no amount
    paid is 0), or "" for optional text; a nullable column keeps it empty."""
    field = model._meta.get_field(name)
    if value is not None or field.null:
        return value
    if field.has_default():
        return field.get_default()
    return "" if field.empty_strings_allowed and field.blank else value


def _named(model, member: Member, error: ValidationError) -> list[ValidationError]:
    """Each message of `error` prefixed with the member's name and the field's label."""
    named = []
    for field, messages in error.message_dict.items():
        label = "" if field == NON_FIELD_ERRORS else model._meta.get_field(field).verbose_name
        for message in messages:
            where = f"{member.name} · {label}" if label else member.name
            named.append(ValidationError(f"{where}：{message}"))
    return named


# --- meetings ---------------------------------------------------------------------------


def _clean_attendance(
    organization: Organization, attendance: AttendanceRows, *, also_allowed: Iterable[int] = ()
) -> dict[int, str]:
    """Attendance as {member id: status}, or ValidationError naming what is wrong.

    Members must be on the meeting's roster (or in `also_allowed`: those already recorded,
    who may have moved to another branch since).
    """
    rows = list(attendance)
    statuses = set(AttendanceStatus.values)
    result: dict[int, str] = {}
    duplicated = set()
    for member_id, status in rows:
        if status not in statuses:
            raise ValidationError({"attendance": _("Choose present, excused or absent.")})
        if member_id in result:
            duplicated.add(member_id)
        result[member_id] = status
    if duplicated:
        names = Member.objects.filter(pk__in=duplicated).values_list("name", flat=True)
        raise ValidationError(
            {
                "attendance": ValidationError(
                    _("Attendance is entered twice for: %(names)s."),
                    params={"names": "、".join(sorted(names)) or ", ".join(map(str, duplicated))},
                )
            }
        )
    roster = set(meeting_roster(organization).filter(pk__in=result).values_list("pk", flat=True))
    strangers = set(result) - roster - set(also_allowed)
    if strangers:
        names = Member.objects.filter(pk__in=strangers).values_list("name", flat=True)
        raise ValidationError(
            {
                "attendance": ValidationError(
                    _("Not members of %(org)s: %(names)s."),
                    params={
                        "org": organization.name,
                        "names": "、".join(sorted(names)) or ", ".join(map(str, strangers)),
                    },
                )
            }
        )
    return result


def meeting_create(
    *,
    organization: Organization,
    entered_by,
    kind: str,
    held_on: datetime.date,
    topic: str,
    attendance: AttendanceRows = (),
    location: str = "",
    host: str = "",
    minutes: str = "",
    evidence=(),
) -> Meeting:
    """Enter a meeting with the attendance of its members and its `evidence` (uploaded
    files), all or nothing: a refused file (named, under "evidence") saves none."""
    meeting = Meeting(
        organization=organization,
        entered_by=entered_by,
        kind=kind,
        held_on=held_on,
        topic=topic,
        location=location,
        host=host,
        minutes=minutes,
    )
    meeting.full_clean()
    statuses = _clean_attendance(organization, attendance)
    with transaction.atomic():
        meeting.save()
        Attendance.objects.bulk_create(
            Attendance(meeting=meeting, member_id=member_id, status=status)
            for member_id, status in statuses.items()
        )
        evidence_attach_all(
            record=meeting, uploads=evidence, uploaded_by=entered_by, field="evidence"
        )
    return meeting


def meeting_update(
    *, meeting: Meeting, attendance: AttendanceRows | None = None, **changes
) -> Meeting:
    """Change a meeting and, when given, replace its attendance with `attendance`.

    Changed minutes need checking again, so the evaluator's tick is cleared.
    """
    _check_fields(Meeting, changes)
    minutes_changed = "minutes" in changes and changes["minutes"] != meeting.minutes
    for field, value in changes.items():
        setattr(meeting, field, value)
    if minutes_changed:
        meeting.minutes_complete = False
        meeting.minutes_checked_by = None
        meeting.minutes_checked_at = None
    meeting.full_clean()
    existing = {row.member_id: row for row in meeting.attendances.all()}
    statuses = None
    if attendance is not None:
        statuses = _clean_attendance(meeting.organization, attendance, also_allowed=existing)
    with transaction.atomic():
        meeting.save()
        if statuses is not None:
            meeting.attendances.exclude(member_id__in=statuses).delete()
            changed = []
            for member_id, status in statuses.items():
                row = existing.get(member_id)
                if row is not None and row.status != status:
                    row.status = status
                    changed.append(row)
            Attendance.objects.bulk_update(changed, ["status"])
            Attendance.objects.bulk_create(
                Attendance(meeting=meeting, member_id=member_id, status=status)
                for member_id, status in statuses.items()
                if member_id not in existing
            )
    return meeting


def meeting_check_minutes(*, meeting: Meeting, complete: bool, by) -> Meeting:
    """The evaluator's check: are the minutes complete (记录完整)?"""
    if complete and not meeting.minutes.strip():
        raise ValidationError({"minutes": _("There are no minutes to check.")})
    meeting.minutes_complete = complete
    meeting.minutes_checked_by = by
    meeting.minutes_checked_at = timezone.now()
    meeting.save(
        update_fields=["minutes_complete", "minutes_checked_by", "minutes_checked_at", "updated_at"]
    )
    return meeting


# --- evidence ---------------------------------------------------------------------------


def _stored_path(evidence: Evidence) -> Path:
    return Path(settings.EVIDENCE_ROOT) / evidence.storage_name


def _clean_filename(name: str) -> str:
    """The user's file name, kept for display and download only (never used on disk)."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip() or "file"
    if len(name) > 200:
        stem, dot, extension = name.rpartition(".")
        name = (stem[: 199 - len(extension)] + dot + extension) if dot else name[:200]
    return name


def evidence_check(upload) -> filetypes.FileType:
    """Check an upload as `evidence_attach` does, writing nothing; a refusal names the file
    (for forms where the file is one field among others)."""
    try:
        return filetypes.check_upload(upload, max_bytes=settings.EVIDENCE_MAX_BYTES)
    except ValidationError as error:
        raise ValidationError(
            _("The file “%(name)s” was not accepted: %(reason)s"),
            code=error.code,
            params={"name": _clean_filename(upload.name or ""), "reason": " ".join(error.messages)},
        ) from None


def evidence_attach(*, record: models.Model, upload, uploaded_by: AbstractBaseUser) -> Evidence:
    """Check an uploaded file and store it as evidence of `record`: a work record, or
    another model that takes evidence (a self-assessment claim, an appeal).

    Nothing is written unless every check passes; the file lands under
    EVIDENCE_ROOT/<yyyy>/<uuid> (never the user's name) and is removed again if the row
    cannot be saved. Call it outside any outer transaction, as views do, or through
    `evidence_attach_all` as the last write of one.
    """
    file_type = filetypes.check_upload(upload, max_bytes=settings.EVIDENCE_MAX_BYTES)
    return _evidence_store(record, upload, file_type, uploaded_by)


def _evidence_store(record, upload, file_type: filetypes.FileType, uploaded_by) -> Evidence:
    """Store an upload already checked as `file_type`: file first, then its row."""
    if type(record) not in BY_MODEL and not takes_evidence(type(record)):
        raise TypeError(f"{type(record).__name__} does not take evidence.")
    storage_name = f"{timezone.localdate():%Y}/{uuid.uuid4().hex}"
    target = Path(settings.EVIDENCE_ROOT) / storage_name
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    digest = hashlib.sha256()
    size = 0
    try:
        with partial.open("xb") as out:
            upload.seek(0)
            for chunk in upload.chunks():
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        partial.replace(target)
        with transaction.atomic():
            evidence = Evidence(
                record=record,
                organization_id=record.organization_id,
                member_id=getattr(record, "member_id", None),
                original_name=_clean_filename(upload.name or ""),
                file_type=file_type.code,
                mime_type=file_type.mime_type,
                size=size,
                sha256=digest.hexdigest(),
                storage_name=storage_name,
                uploaded_by=uploaded_by,
            )
            evidence.full_clean()
            evidence.save()
    except BaseException:
        partial.unlink(missing_ok=True)
        target.unlink(missing_ok=True)
        raise
    return evidence


def evidence_attach_files(
    *, record: models.Model, uploads: Iterable, uploaded_by: AbstractBaseUser
) -> list[Evidence]:
    """Attach `uploads` to a saved `record`, all or none: a refused file (named) stores
    none of them."""
    with transaction.atomic():
        return evidence_attach_all(record=record, uploads=uploads, uploaded_by=uploaded_by)


def evidence_attach_all(
    *, record: models.Model, uploads: Iterable, uploaded_by: AbstractBaseUser, field: str = ""
) -> list[Evidence]:
    """Attach several files to `record`, all or none, inside the caller's transaction.

    Every file is checked once (`evidence_check`, naming a refused file; raised under
    `field`, a form's file field, when given) before any is stored; if storing one fails,
    the files already stored are removed and their rows roll back with the caller's
    transaction. Make it the transaction's last write, so that nothing after it can roll
    the rows back and leave their files behind.
    """
    uploads = list(uploads)
    checked = []
    for upload in uploads:
        try:
            checked.append((upload, evidence_check(upload)))
        except ValidationError as error:
            raise (ValidationError({field: error.error_list}) if field else error) from None
    attached: list[Evidence] = []
    try:
        for upload, file_type in checked:
            attached.append(_evidence_store(record, upload, file_type, uploaded_by))
    except BaseException:
        for evidence in attached:
            _stored_path(evidence).unlink(missing_ok=True)
        raise
    return attached


def evidence_delete(*, evidence: Evidence) -> None:
    """Remove an evidence file; the file on disk goes once the deletion commits."""
    path = _stored_path(evidence)
    with transaction.atomic():
        evidence.delete()
        transaction.on_commit(lambda: path.unlink(missing_ok=True))
