"""Evidence leaves only through a view that checks the record's scope; the file is always
an attachment with its original name, never sniffed or rendered inline."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from kaohe.records import services
from kaohe.records.models import Evidence
from tests.records import helpers
from tests.records.conftest import stored_files
from tests.records.helpers import make_record, upload

SEES = {
    "site_admin": 200,
    "admin_a": 200,
    "evaluator": 200,
    "secretary_a1": 200,
    "member_a1": 200,  # evidence of the member's own dues payment
    "outsider": 404,
}


def attach(world, slug="dues_payment", name="党费收据.pdf", content=helpers.PDF):
    record = make_record(world, slug)
    return services.evidence_attach(
        record=record, upload=upload(name, content), uploaded_by=world.secretary_a1
    )


@pytest.mark.parametrize(("persona", "status"), SEES.items())
def test_download_answers_each_persona(client, world, persona, status):
    evidence = attach(world)
    client.force_login(world.persona(persona))
    response = client.get(reverse("records:evidence_download", args=[evidence.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == helpers.PDF


def test_a_member_does_not_get_the_evidence_of_a_branch_meeting(client, world):
    evidence = attach(world, slug="meeting")
    client.force_login(world.member_a1)
    assert client.get(reverse("records:evidence_download", args=[evidence.pk])).status_code == 404


def test_anonymous_is_sent_to_log_in(client, world):
    evidence = attach(world)
    response = client.get(reverse("records:evidence_download", args=[evidence.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_download_is_an_attachment_with_the_encoded_original_name(client, world):
    evidence = attach(world)
    client.force_login(world.secretary_a1)
    response = client.get(reverse("records:evidence_download", args=[evidence.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote('党费收据.pdf')}" in disposition


def test_another_branchs_file_is_the_same_404_as_a_missing_one(client, world):
    evidence = attach(world)
    client.force_login(world.outsider)
    foreign = client.get(reverse("records:evidence_download", args=[evidence.pk]))
    missing = client.get(reverse("records:evidence_download", args=[987_654]))
    assert foreign.status_code == missing.status_code == 404
    assert foreign.content == missing.content


def test_a_tampered_storage_name_cannot_leave_the_evidence_folder(client, world, tmp_path):
    evidence = attach(world)
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    Evidence.objects.filter(pk=evidence.pk).update(storage_name="../secret.txt")
    client.force_login(world.site_admin)
    assert client.get(reverse("records:evidence_download", args=[evidence.pk])).status_code == 404


def test_the_record_page_lists_the_evidence(client, world):
    evidence = attach(world)
    client.force_login(world.member_a1)
    page = client.get(reverse("records:detail", args=["dues_payment", evidence.object_id]))
    body = page.content.decode()
    assert "党费收据.pdf" in body
    assert reverse("records:evidence_download", args=[evidence.pk]) in body
    assert reverse("records:evidence_upload", args=["dues_payment", evidence.object_id]) not in body


def test_deleting_evidence_is_for_writers_and_removes_the_file(
    client, world, evidence_root, django_capture_on_commit_callbacks
):
    evidence = attach(world)
    url = reverse("records:evidence_delete", args=[evidence.pk])
    for persona, status in [("evaluator", 403), ("member_a1", 403), ("outsider", 404)]:
        client.force_login(world.persona(persona))
        assert client.post(url).status_code == status, persona
    assert Evidence.objects.exists()
    client.force_login(world.secretary_a1)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert not Evidence.objects.exists()
    assert stored_files(evidence_root) == []


def test_evidence_follows_its_record_when_the_member_changes(world):
    evidence = attach(world)
    record = evidence.record
    services.record_update(record=record, member=world.a1_secretary)
    evidence.refresh_from_db()
    assert evidence.member == world.a1_secretary


def test_a_file_missing_from_the_evidence_folder_is_404_not_a_server_error(client, world, settings):
    # A database restored without its evidence folder (docs/configuration.md).
    evidence = attach(world)
    (settings.EVIDENCE_ROOT / evidence.storage_name).unlink()
    client.force_login(world.site_admin)
    assert client.get(reverse("records:evidence_download", args=[evidence.pk])).status_code == 404
