"""异议说明 through the pages: the secretary files one with a file on an automatic item, may
change or withdraw it until submission and only sees it afterwards; evaluators see it beside
the item with a download link and the way a computed score changes; whoever may not see the
branch gets the same 404 for the file as for a missing one."""

import pytest
from django.urls import reverse

from kaohe.assessments.models import SelfAssessment
from kaohe.assessments.services import subject_key_for_org
from kaohe.records.models import Evidence
from tests.records import helpers
from tests.records.conftest import stored_files
from tests.records.helpers import upload

REASON = "第三季度支部党员大会已召开,记录漏录"


def page_url(world, assessment):
    key = subject_key_for_org(world.branch_a1.pk)
    return reverse("assessments:self_assessment", args=[assessment.pk, key])


def post_objection(client, world, assessment, reason=REASON, file=None):
    data = {"action": "object", "item_id": "A1", "reason": reason}
    return client.post(page_url(world, assessment), data | ({"evidence": file} if file else {}))


def download(evidence):
    return reverse("records:evidence_download", args=[evidence.pk])


def test_the_secretary_files_an_objection_with_a_file(client, world, opened, evidence_root):
    client.force_login(world.secretary_a1)
    form_page = client.get(page_url(world, opened)).content.decode()
    assert "有异议?" in form_page and 'name="action" value="object"' in form_page
    response = post_objection(client, world, opened, file=upload("签到表.png", helpers.PNG))
    assert response.status_code == 302
    objection = SelfAssessment.objects.get()
    assert (objection.item_id, objection.claimed_points) == ("A1", None)
    evidence = objection.evidence.get()
    page = client.get(page_url(world, opened)).content.decode()
    assert REASON in page and "签到表.png" in page and download(evidence) in page
    assert "撤回异议说明" in page


def test_an_empty_reason_is_named_and_nothing_is_saved(client, world, opened, evidence_root):
    client.force_login(world.secretary_a1)
    response = post_objection(client, world, opened, reason=" ", file=upload("a.png", helpers.PNG))
    assert response.status_code == 400 and "异议说明" in response.content.decode()
    assert not SelfAssessment.objects.exists() and not Evidence.objects.exists()
    assert stored_files(evidence_root) == []


def test_an_objection_is_withdrawn_before_submission_and_read_only_after(
    client, world, opened, evidence_root, django_capture_on_commit_callbacks
):
    client.force_login(world.secretary_a1)
    post_objection(client, world, opened, file=upload("签到表.png", helpers.PNG))
    withdraw = {"action": "withdraw_objection", "item_id": "A1"}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(page_url(world, opened), withdraw).status_code == 302
    assert not SelfAssessment.objects.exists() and stored_files(evidence_root) == []
    post_objection(client, world, opened)
    client.post(page_url(world, opened), {"action": "submit", "confirm": "on"})
    refused = client.post(page_url(world, opened), withdraw)
    assert refused.status_code == 400 and "自评已提交" in refused.content.decode()
    page = client.get(page_url(world, opened)).content.decode()
    assert REASON in page and "有异议?" not in page and "withdraw_objection" not in page


def test_the_evaluator_sees_the_objection_and_downloads_its_file(
    client, world, opened, evidence_root
):
    client.force_login(world.secretary_a1)
    post_objection(client, world, opened, file=upload("签到表.pdf", helpers.PDF))
    evidence = Evidence.objects.get()
    client.force_login(world.evaluator)
    review = client.get(reverse("assessments:review", args=[opened.pk])).content.decode()
    assert "1 条异议说明" in review and REASON in review
    assert download(evidence) in review and "签到表.pdf" in review
    assert reverse("assessments:facts", args=[opened.pk]) in review
    got = client.get(download(evidence))
    assert got.status_code == 200 and b"".join(got.streaming_content) == helpers.PDF


@pytest.mark.parametrize("persona", ["outsider", "member_a1"])
def test_another_branchs_user_gets_404_on_the_file(client, world, opened, evidence_root, persona):
    client.force_login(world.secretary_a1)
    post_objection(client, world, opened, file=upload("签到表.pdf", helpers.PDF))
    evidence = Evidence.objects.get()
    client.force_login(world.persona(persona))
    response = client.get(download(evidence))
    missing = client.get(reverse("records:evidence_download", args=[987_654]))
    assert response.status_code == 404 and response.content == missing.content
