"""A saved record's page takes several files at once, all or none: one refused file (named)
keeps the others out too."""

from django.urls import reverse

from kaohe.records.models import Evidence
from tests.records import helpers
from tests.records.conftest import stored_files
from tests.records.helpers import make_record, upload


def test_two_files_at_once_are_both_stored(client, world, evidence_root):
    record = make_record(world, "incident")
    client.force_login(world.secretary_a1)
    url = reverse("records:evidence_upload", args=["incident", record.pk])
    files = [upload("现场照片.jpg", helpers.JPEG), upload("情况说明.pdf", helpers.PDF)]
    response = client.post(url, {"file": files}, follow=True)
    assert sorted(Evidence.objects.values_list("original_name", flat=True)) == [
        "情况说明.pdf",
        "现场照片.jpg",
    ]
    assert len(stored_files(evidence_root)) == 2
    assert "现场照片.jpg、情况说明.pdf" in response.content.decode()  # the message names both


def test_one_refused_file_keeps_all_out_and_is_named(client, world, evidence_root):
    record = make_record(world, "incident")
    client.force_login(world.secretary_a1)
    url = reverse("records:evidence_upload", args=["incident", record.pk])
    files = [upload("现场照片.jpg", helpers.JPEG), upload("旧表.xls", helpers.OLE2)]
    response = client.post(url, {"file": files})
    assert response.status_code == 400
    [error] = response.context["evidence_form"].errors["file"]
    assert "旧表.xls" in error
    assert not Evidence.objects.exists() and stored_files(evidence_root) == []
