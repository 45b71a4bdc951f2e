"""Small builders for records tests: one record of every kind, and evidence files."""

import atexit
import datetime
import io
import shutil
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from kaohe.records import services
from kaohe.records.kinds import KINDS
from kaohe.records.models import Evidence, Meeting, Record
from kaohe.records.selectors import meeting_roster
from tests.conftest import World

DAY = datetime.date(2025, 3, 14)
MONTH = datetime.date(2025, 3, 1)


def enter(w: World, model: type[Record], *, organization=None, **values) -> Record:
    """One record of `model`, entered by the site admin in 第一支部 unless told otherwise."""
    return services.record_create(
        model=model, organization=organization or w.branch_a1, entered_by=w.site_admin, **values
    )


def make_meeting(w: World, *, organization=None, kind="party_congress", **extra) -> Meeting:
    organization = organization or w.branch_a1
    return services.meeting_create(
        organization=organization,
        entered_by=w.site_admin,
        kind=kind,
        held_on=extra.pop("held_on", DAY),
        topic=extra.pop("topic", "学习贯彻党的二十届三中全会精神"),
        attendance=extra.pop(
            "attendance", [(m.pk, "present") for m in meeting_roster(organization)]
        ),
        **extra,
    )


def record_values(w: World, slug: str, member=None) -> dict:
    """Valid service values for one record of kind `slug` about `member` (or a1_member)."""
    member = member or w.a1_member
    return {
        "dues_payment": {
            "member": member,
            "month": MONTH,
            "amount_due": Decimal("25.50"),
            "amount_paid": Decimal("25.50"),
            "paid_on": DAY,
        },
        "dues_hand_in": {
            "period_start": datetime.date(2025, 1, 1),
            "period_end": MONTH,
            "amount": Decimal("612.00"),
            "handed_in_on": DAY,
        },
        "study_note_check": {"member": member, "month": MONTH, "result": "complete"},
        "test_result": {
            "member": member,
            "title": "党章党规知识测试",
            "taken_on": DAY,
            "score": Decimal("92.5"),
        },
        "article": {"member": member, "title": "支部工作法", "submitted_on": DAY},
        "app_points": {"member": member, "month": MONTH, "points": 1200},
        "volunteer_service": {
            "member": member,
            "served_on": DAY,
            "hours": Decimal("3.5"),
            "activity": "社区清扫",
        },
        "honour": {"member": member, "title": "优秀共产党员", "level": "city", "awarded_on": DAY},
        "discipline_case": {
            "member": member,
            "case_ref": "2025-001",
            "event": "违反工作纪律",
            "punishment": "warning",
            "decided_on": DAY,
        },
        "incident": {"kind": "mass_incident", "occurred_on": DAY, "description": "上访"},
        "election": {"kind": "by_election", "held_on": DAY, "seats": 5, "elected": 4},
        "report_submission": {"kind": "summary", "title": "2024年工作总结", "submitted_on": DAY},
        "development_step": {"member": member, "step": "probationary", "step_on": DAY},
        "inspection": {
            "kind": "spot_check",
            "inspected_on": DAY,
            "findings_count": 1,
            "findings": "记录不全",
        },
    }[slug]


def make_record(w: World, slug: str, *, organization=None, member=None) -> Record:
    if slug == "meeting":
        return make_meeting(w, organization=organization)
    return services.record_create(
        model=KINDS[slug].model,
        organization=organization or w.branch_a1,
        entered_by=w.site_admin,
        **record_values(w, slug, member=member),
    )


# --- files -------------------------------------------------------------------------------

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40 + b"\xff\xd9"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500


def ooxml(main_part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(main_part, "<x/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("readme.txt", "hello")
    return buffer.getvalue()


DOCX = ooxml("word/document.xml")
XLSX = ooxml("xl/workbook.xml")


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


# --- for the page access matrix (tests/web), which has no per-test evidence folder ----------

_MATRIX_ROOT: Path | None = None


def matrix_evidence(w: World) -> Evidence:
    """Evidence on a1_member's dues payment, stored in a throw-away folder, never under var/."""
    global _MATRIX_ROOT
    if _MATRIX_ROOT is None:
        _MATRIX_ROOT = Path(tempfile.mkdtemp(prefix="kaohe-matrix-evidence-"))
        atexit.register(shutil.rmtree, _MATRIX_ROOT, ignore_errors=True)
    settings.EVIDENCE_ROOT = _MATRIX_ROOT
    record = make_record(w, "dues_payment")
    return services.evidence_attach(
        record=record, upload=upload("收据.pdf", PDF), uploaded_by=w.secretary_a1
    )
