"""An appeal's evidence through the pages: filed with the appeal form, listed wherever the
appeal is shown (the item's appeal page, the result's appeals box, the evaluators' decision
page), downloaded only by whoever may see the appeal."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kaohe.assessments.models import Appeal
from kaohe.assessments.services import (
    assessment_publish,
    assessment_start_review,
    assessment_start_self_assessment,
)
from kaohe.records.models import Evidence
from tests.records import helpers
from tests.records.conftest import stored_files
from tests.records.helpers import upload

DAY = datetime.timedelta(days=1)


@pytest.fixture
def result(world, cycle):
    """branch_a1's result in the cycle assessment, published: appeals are open."""
    assessment_start_self_assessment(assessment=cycle, by=world.admin_a)
    assessment_start_review(assessment=cycle, by=world.admin_a)
    now = timezone.now()
    assessment_publish(assessment=cycle, start=now - DAY, end=now + DAY, by=world.admin_a)
    return cycle.runs.get().results.get(organization=world.branch_a1)


def file_appeal(client, result, file):
    url = reverse("assessments:appeal_item", args=[result.pk, "A2"])
    return client.post(url, {"reason": "实地查看有照片为证", "evidence": file})


def download(evidence):
    return reverse("records:evidence_download", args=[evidence.pk])


def test_an_appeal_is_filed_with_a_file_shown_wherever_the_appeal_is(
    client, world, result, evidence_root
):
    client.force_login(world.secretary_a1)
    form = client.get(reverse("assessments:appeal_item", args=[result.pk, "A2"])).content.decode()
    assert 'enctype="multipart/form-data"' in form and 'name="evidence"' in form
    assert file_appeal(client, result, upload("现场照片.png", helpers.PNG)).status_code == 302
    evidence = Appeal.objects.get().evidence.get()
    link = download(evidence)
    item_page = client.get(reverse("assessments:appeal_item", args=[result.pk, "A2"]))
    box = client.get(reverse("assessments:result_appeals", args=[result.pk]))
    assert link in item_page.content.decode() and link in box.content.decode()
    client.force_login(world.evaluator)
    listing = client.get(reverse("assessments:appeals", args=[result.run.assessment_id]))
    assert link in listing.content.decode() and "现场照片.png" in listing.content.decode()
    got = client.get(link)
    assert got.status_code == 200 and b"".join(got.streaming_content) == helpers.PNG


@pytest.mark.parametrize(
    ("persona", "status"),
    [("secretary_a1", 200), ("admin_a", 200), ("member_a1", 404), ("outsider", 404)],
)
def test_only_who_sees_the_appeal_downloads_its_file(
    client, world, result, evidence_root, persona, status
):
    client.force_login(world.secretary_a1)
    file_appeal(client, result, upload("补充材料.pdf", helpers.PDF))
    evidence = Evidence.objects.get()
    client.force_login(world.persona(persona))
    assert client.get(download(evidence)).status_code == status


def test_a_refused_file_is_named_and_files_no_appeal(client, world, result, evidence_root):
    client.force_login(world.secretary_a1)
    response = file_appeal(client, result, upload("旧材料.doc", helpers.OLE2))
    assert response.status_code == 400
    body = response.content.decode()
    assert "旧材料.doc" in body and "不接受旧版 Word/Excel 文件" in body
    assert not Appeal.objects.exists() and not Evidence.objects.exists()
    assert stored_files(evidence_root) == []
