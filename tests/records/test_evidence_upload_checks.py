"""Uploads are checked by size and content against an allowlist; a refused file leaves
nothing behind — no row, no file on disk."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kaohe.records import services
from kaohe.records.models import Evidence
from tests.records import helpers
from tests.records.conftest import stored_files
from tests.records.helpers import make_record, upload

ACCEPTED = [
    ("会议记录.pdf", helpers.PDF, "pdf", "application/pdf"),
    ("签到表.png", helpers.PNG, "png", "image/png"),
    ("现场照片.JPG", helpers.JPEG, "jpeg", "image/jpeg"),
    ("现场照片.jpeg", helpers.JPEG, "jpeg", "image/jpeg"),
    ("总结.docx", helpers.DOCX, "docx", "application/vnd.openxmlformats-officedocument."),
    ("台账.xlsx", helpers.XLSX, "xlsx", "application/vnd.openxmlformats-officedocument."),
]


@pytest.mark.parametrize(("name", "content", "file_type", "mime"), ACCEPTED)
def test_allowed_files_are_stored_under_a_generated_name(
    world, evidence_root, name, content, file_type, mime
):
    record = make_record(world, "meeting")
    evidence = services.evidence_attach(
        record=record, upload=upload(name, content), uploaded_by=world.secretary_a1
    )
    assert evidence.file_type == file_type and evidence.mime_type.startswith(mime)
    assert evidence.original_name == name and evidence.size == len(content)
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    (stored,) = stored_files(evidence_root)
    assert stored.read_bytes() == content
    year, generated = stored.relative_to(evidence_root).parts
    assert len(year) == 4 and len(generated) == 32 and "." not in generated
    assert evidence.record == record and evidence.organization == world.branch_a1


REFUSED = [
    ("empty.pdf", b"", "文件为空"),
    ("old.doc", helpers.OLE2, "不接受旧版 Word/Excel 文件"),
    ("old.xls", helpers.OLE2, "不接受旧版 Word/Excel 文件"),
    ("page.html", b"<html><script>alert(1)</script></html>", "允许的类型：PDF、PNG、JPEG"),
    ("tool.exe", b"MZ\x90\x00" + b"\x00" * 60, "不支持该文件类型"),
    ("archive.zip", helpers.plain_zip(), "不支持该文件类型"),
    ("fake.docx", helpers.plain_zip(), "不支持该文件类型"),
    ("broken.docx", b"PK\x03\x04garbage", "文件已损坏"),
    ("photo.pdf", helpers.PNG, "内容是 PNG"),
    ("report.xlsx", helpers.DOCX, "内容是 Word (.docx)"),
    ("no-extension", helpers.PDF, "无扩展名"),
    ("scan.pdf.exe", helpers.PDF, "“.exe”"),
]


@pytest.mark.parametrize(("name", "content", "message"), REFUSED)
def test_refused_files_leave_nothing_behind(client, world, evidence_root, name, content, message):
    record = make_record(world, "incident")
    client.force_login(world.secretary_a1)
    url = reverse("records:evidence_upload", args=["incident", record.pk])
    response = client.post(url, {"file": upload(name, content)})
    assert response.status_code == 400
    assert message in " ".join(response.context["evidence_form"].errors["file"])
    assert not Evidence.objects.exists()
    assert stored_files(evidence_root) == []


def test_a_file_over_the_limit_is_refused_with_the_limit(client, world, settings, evidence_root):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    record = make_record(world, "incident")
    client.force_login(world.secretary_a1)
    url = reverse("records:evidence_upload", args=["incident", record.pk])
    big = helpers.PDF + b"0" * (1024 * 1024)
    response = client.post(url, {"file": upload("big.pdf", big)})
    assert response.status_code == 400
    assert "最大允许 1 MB" in response.content.decode()
    assert not Evidence.objects.exists() and stored_files(evidence_root) == []


def test_no_file_at_all_is_a_clear_error(client, world):
    record = make_record(world, "incident")
    client.force_login(world.secretary_a1)
    response = client.post(reverse("records:evidence_upload", args=["incident", record.pk]), {})
    assert response.status_code == 400
    assert "请选择要上传的文件" in response.content.decode()


def test_a_failed_database_write_removes_the_stored_file(world, evidence_root, monkeypatch):
    record = make_record(world, "meeting")

    def fail(*args, **kwargs):
        raise RuntimeError("database is gone")

    monkeypatch.setattr(Evidence, "save", fail)
    with pytest.raises(RuntimeError):
        services.evidence_attach(
            record=record, upload=upload("a.pdf", helpers.PDF), uploaded_by=world.site_admin
        )
    assert stored_files(evidence_root) == []


def test_the_service_raises_a_validation_error_naming_the_allowed_types(world):
    record = make_record(world, "meeting")
    with pytest.raises(ValidationError) as refused:
        services.evidence_attach(
            record=record, upload=upload("x.gif", b"GIF89a...."), uploaded_by=world.site_admin
        )
    assert refused.value.code == "file_type"
    assert "PDF" in str(refused.value) and "xlsx" in str(refused.value)


def test_a_path_in_the_file_name_is_dropped(world):
    record = make_record(world, "meeting")
    evidence = services.evidence_attach(
        record=record,
        upload=upload("../../etc/会议.pdf", helpers.PDF),
        uploaded_by=world.site_admin,
    )
    assert evidence.original_name == "会议.pdf"


def test_upload_is_for_writers_only(client, world, evidence_root):
    record = make_record(world, "dues_payment")
    url = reverse("records:evidence_upload", args=["dues_payment", record.pk])
    for persona, status in [("evaluator", 403), ("member_a1", 403), ("outsider", 404)]:
        client.force_login(world.persona(persona))
        response = client.post(url, {"file": upload("a.pdf", helpers.PDF)})
        assert response.status_code == status, persona
    assert not Evidence.objects.exists() and stored_files(evidence_root) == []
    client.force_login(world.secretary_a1)
    response = client.post(url, {"file": upload("a.pdf", helpers.PDF)})
    assert response.status_code == 302 and Evidence.objects.count() == 1
