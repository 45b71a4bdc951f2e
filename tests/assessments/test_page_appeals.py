"""Appeals through the pages: filed on an item in the window, decided by an evaluator, and
the appellant told on the dashboard and the result page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kaohe.assessments.models import Appeal, AppealStatus, ManualRating, Notice, ScoreAudit
from kaohe.assessments.services import (
    appeal_file,
    assessment_publish,
    assessment_start_review,
    assessment_start_self_assessment,
    manual_rate,
    subject_key_for_org,
)

DAY = datetime.timedelta(days=1)


@pytest.fixture
def published(world, cycle):
    assessment_start_self_assessment(assessment=cycle, by=world.admin_a)
    assessment_start_review(assessment=cycle, by=world.admin_a)
    manual_rate(
        assessment=cycle,
        subject_key=subject_key_for_org(world.branch_a1.pk),
        item_id="A2",
        level="中",
        comment="记录不全",
        by=world.evaluator,
    )
    now = timezone.now()
    assessment_publish(assessment=cycle, start=now - DAY, end=now + 5 * DAY, by=world.admin_a)
    return cycle


def result_a1(assessment, world):
    return assessment.runs.get().results.get(organization=world.branch_a1)


def file_url(result, item_id="A2"):
    return reverse("assessments:appeal_item", args=[result.pk, item_id])


def test_secretary_files_an_appeal_from_the_item(client, world, published):
    result = result_a1(published, world)
    client.force_login(world.secretary_a1)
    sheet = client.get(reverse("assessments:result", args=[result.pk])).content.decode()
    # During 公示 the item links to its appeal page, at the subject's stable address.
    url = reverse("assessments:subject_appeal_item", args=[published.pk, result.subject_key, "A2"])
    assert url in sheet
    response = client.post(url, {"reason": "档案齐全,见补充材料"})
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert (appeal.item_id, appeal.filed_by, appeal.status) == ("A2", world.secretary_a1, "open")


def test_a_member_may_not_appeal_the_branch_items(client, world, published):
    client.force_login(world.member_a1)  # sees the published branch result
    result = result_a1(published, world)
    page = client.get(file_url(result))
    assert page.status_code == 200 and "提交申诉" not in page.content.decode()
    assert client.post(file_url(result), {"reason": "不服"}).status_code == 403
    assert not Appeal.objects.exists()


def test_after_the_window_the_appeal_is_refused(client, world, published):
    published.publish_until = timezone.now() - datetime.timedelta(minutes=1)
    published.save(update_fields=["publish_until"])
    client.force_login(world.secretary_a1)
    response = client.post(file_url(result_a1(published, world)), {"reason": "迟到的申诉"})
    assert response.status_code == 400 and "不在公示期内" in response.content.decode()


def open_appeal(world, assessment):
    return appeal_file(
        assessment=assessment,
        subject_key=subject_key_for_org(world.branch_a1.pk),
        item_id="A2",
        reason="档案齐全",
        by=world.secretary_a1,
    )


def decide(client, appeal, **data):
    return client.post(reverse("assessments:appeal_decide", args=[appeal.pk]), data)


def test_evaluator_accepts_with_a_corrected_rating_and_the_appellant_is_told(
    client, world, published
):
    appeal = open_appeal(world, published)
    client.force_login(world.evaluator)
    listing = client.get(reverse("assessments:appeals", args=[published.pk]))
    assert "档案齐全" in listing.content.decode()
    version = ManualRating.objects.get().version
    response = decide(
        client, appeal, verdict="accept", decision="补充材料属实,改评为优", level="优",
        version=version,
    )  # fmt: skip
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.ACCEPTED
    assert result_a1(published, world).items.get(item_id="A2").points == 6
    assert ScoreAudit.objects.filter(item_id="A2", source="appeal").count() == 1
    notice = Notice.objects.get(user=world.secretary_a1)
    assert notice.url.endswith(f"#appeal-{appeal.pk}")
    client.force_login(world.secretary_a1)
    home = client.get(reverse("home")).content.decode()
    assert "已采纳" in home and "改评为优" in home
    box = client.get(reverse("assessments:result_appeals", args=[result_a1(published, world).pk]))
    assert "补充材料属实" in box.content.decode()


def test_rejecting_needs_a_reason_and_keeps_the_score(client, world, published):
    appeal = open_appeal(world, published)
    client.force_login(world.evaluator)
    assert decide(client, appeal, verdict="reject", decision="").status_code == 400
    assert decide(client, appeal, verdict="reject", decision="记录确实不全").status_code == 302
    assert result_a1(published, world).items.get(item_id="A2").points == 3
    assert "未采纳" in Notice.objects.get(user=world.secretary_a1).message


def test_a_stale_correction_is_a_409_and_decides_nothing(client, world, published):
    appeal = open_appeal(world, published)
    client.force_login(world.evaluator)
    response = decide(client, appeal, verdict="accept", decision="改评", level="优", version=0)
    assert response.status_code == 409 and "已被他人修改" in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.OPEN and not Notice.objects.exists()


def test_only_reviewers_decide_and_only_by_post(client, world, published):
    appeal = open_appeal(world, published)
    client.force_login(world.secretary_a1)  # sees the appeal: their own branch's
    assert decide(client, appeal, verdict="accept", decision="自己通过").status_code == 403
    client.force_login(world.outsider)
    assert decide(client, appeal, verdict="accept", decision="越权").status_code == 404
    client.force_login(world.evaluator)
    assert client.get(reverse("assessments:appeal_decide", args=[appeal.pk])).status_code == 405
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.OPEN
