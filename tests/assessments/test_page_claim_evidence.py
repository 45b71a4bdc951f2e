"""A claim's evidence through the pages: uploaded with the claim form, listed where the claim
is shown (the secretary's page, the evaluators' review), downloaded by whoever may see the
claim — anyone else gets the same 404 as for a missing file."""

import pytest
from django.urls import reverse

from kaohe.assessments.models import SelfAssessment
from kaohe.assessments.services import subject_key_for_org
from kaohe.records.models import Evidence
from tests.records import helpers
from tests.records.conftest import stored_files
from tests.records.helpers import upload


def page_url(world, assessment):
    key = subject_key_for_org(world.branch_a1.pk)
    return reverse("assessments:self_assessment", args=[assessment.pk, key])


def post_claim(client, world, assessment, file):
    data = {"action": "claim", "item_id": "A2", "claimed_points": "6", "reason": "见照片"}
    return client.post(page_url(world, assessment), data | {"evidence": file})


def download(evidence):
    return reverse("records:evidence_download", args=[evidence.pk])


def test_the_claim_form_takes_a_file_and_the_page_lists_it(client, world, opened, evidence_root):
    client.force_login(world.secretary_a1)
    form_page = client.get(page_url(world, opened)).content.decode()
    assert 'enctype="multipart/form-data"' in form_page and 'name="evidence"' in form_page
    response = post_claim(client, world, opened, upload("现场照片.png", helpers.PNG))
    assert response.status_code == 302
    evidence = SelfAssessment.objects.get().evidence.get()
    page = client.get(page_url(world, opened)).content.decode()
    assert download(evidence) in page and "现场照片.png" in page
    got = client.get(download(evidence))
    assert got.status_code == 200 and b"".join(got.streaming_content) == helpers.PNG


def test_the_evaluator_sees_and_downloads_the_claims_evidence(client, world, opened, evidence_root):
    client.force_login(world.secretary_a1)
    post_claim(client, world, opened, upload("台账.pdf", helpers.PDF))
    evidence = Evidence.objects.get()
    client.force_login(world.evaluator)
    review = client.get(reverse("assessments:review", args=[opened.pk])).content.decode()
    assert download(evidence) in review and "台账.pdf" in review
    assert client.get(download(evidence)).status_code == 200


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin_a", 200), ("site_admin", 200), ("member_a1", 404), ("outsider", 404)],
)
def test_only_who_sees_the_claim_downloads_its_file(
    client, world, opened, evidence_root, persona, status
):
    client.force_login(world.secretary_a1)
    post_claim(client, world, opened, upload("台账.pdf", helpers.PDF))
    evidence = Evidence.objects.get()
    client.force_login(world.persona(persona))
    response = client.get(download(evidence))
    assert response.status_code == status
    if status == 404:  # the same answer as for a file that does not exist
        missing = client.get(reverse("records:evidence_download", args=[987_654]))
        assert response.content == missing.content


def test_a_refused_file_is_named_and_nothing_is_saved(client, world, opened, evidence_root):
    client.force_login(world.secretary_a1)
    response = post_claim(client, world, opened, upload("扫描件.pdf.exe", helpers.PDF))
    assert response.status_code == 400
    body = response.content.decode()
    assert "佐证文件" in body and "扫描件.pdf.exe" in body and "“.exe”" in body
    assert not SelfAssessment.objects.exists() and not Evidence.objects.exists()
    assert stored_files(evidence_root) == []


def test_a_file_comes_off_the_claim_until_submission(
    client, world, opened, evidence_root, django_capture_on_commit_callbacks
):
    client.force_login(world.secretary_a1)
    post_claim(client, world, opened, upload("错传.png", helpers.PNG))
    evidence = Evidence.objects.get()
    remove = {"action": "remove_evidence", "evidence": evidence.pk}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(page_url(world, opened), remove).status_code == 302
    assert not Evidence.objects.exists() and stored_files(evidence_root) == []
    post_claim(client, world, opened, upload("照片.png", helpers.PNG))
    client.post(page_url(world, opened), {"action": "submit", "confirm": "on"})
    kept = Evidence.objects.get()
    refused = client.post(
        page_url(world, opened), {"action": "remove_evidence", "evidence": kept.pk}
    )
    assert refused.status_code == 400 and "自评已提交" in refused.content.decode()
    after = client.post(page_url(world, opened), remove | {"evidence": kept.pk + 1})
    assert after.status_code == 404  # not a file of this page's claims
    page = client.get(page_url(world, opened)).content.decode()
    assert download(kept) in page and "remove_evidence" not in page


def test_the_records_pages_do_not_take_a_claims_file_off(client, world, opened, evidence_root):
    client.force_login(world.secretary_a1)
    post_claim(client, world, opened, upload("照片.png", helpers.PNG))
    evidence = Evidence.objects.get()
    # Only the claim's own page removes it, under the claim's stage guards.
    response = client.post(reverse("records:evidence_delete", args=[evidence.pk]))
    assert response.status_code == 404 and Evidence.objects.count() == 1
