"""The review page: evaluators rate manual items; stale edits get a 409, not an overwrite."""

from decimal import Decimal

import pytest
from django.urls import reverse

from kaohe.assessments.models import ManualRating
from kaohe.assessments.services import (
    assessment_schedule,
    assessment_start_review,
    assessment_start_self_assessment,
    manual_rate,
    self_assess_claim,
    subject_key_for_org,
)
from tests.conftest import make_user


@pytest.fixture
def reviewing(world, cycle):
    assessment_start_self_assessment(assessment=cycle, by=world.admin_a)
    self_assess_claim(
        assessment=cycle,
        subject_key=subject_key_for_org(world.branch_a1.pk),
        item_id="A2",
        claimed_points=6,
        reason="台账齐全,见会议记录",
        by=world.secretary_a1,
    )
    assessment_start_review(assessment=cycle, by=world.admin_a)
    return cycle


def rate(client, assessment, key, **data):
    payload = {"subject_key": key, "item_id": "A2", "version": 0, "comment": ""} | data
    return client.post(reverse("assessments:review", args=[assessment.pk]), payload)


def test_evaluator_sees_claims_and_rates(client, world, reviewing):
    key = subject_key_for_org(world.branch_a1.pk)
    client.force_login(world.evaluator)
    page = client.get(reverse("assessments:review", args=[reviewing.pk]))
    assert page.status_code == 200 and "台账齐全,见会议记录" in page.content.decode()
    assert rate(client, reviewing, key, level="优").status_code == 302
    assert ManualRating.objects.get().level == "优"


def test_a_deduction_without_a_comment_comes_back(client, world, reviewing):
    client.force_login(world.evaluator)
    response = rate(client, reviewing, subject_key_for_org(world.branch_a1.pk), level="良")
    assert response.status_code == 400 and "须写明理由" in response.content.decode()
    assert not ManualRating.objects.exists()


def test_a_stale_form_gets_409_with_the_current_value(client, world, reviewing):
    key = subject_key_for_org(world.branch_a1.pk)
    first = manual_rate(
        assessment=reviewing, subject_key=key, item_id="A2", level="优", by=world.evaluator
    )
    opened = first.version  # another tab saves in between
    manual_rate(
        assessment=reviewing,
        subject_key=key,
        item_id="A2",
        level="良",
        comment="台账不全",
        by=world.evaluator,
        expected_version=opened,
    )
    client.force_login(world.evaluator)
    response = rate(client, reviewing, key, level="差", comment="很差", version=opened)
    body = response.content.decode()
    assert response.status_code == 409
    assert "已被他人修改" in body and "当前为 良" in body
    rating = ManualRating.objects.get()
    assert (rating.level, rating.version) == ("良", 2)
    # The form carries the current version now: saving again is a deliberate decision.
    assert 'name="version" value="2"' in body


def test_two_evaluators_far_apart_are_flagged_on_the_page(client, world, reviewing):
    key = subject_key_for_org(world.branch_a1.pk)
    second = make_user("evaluator2", role="evaluator", organization=world.gb_a)
    manual_rate(assessment=reviewing, subject_key=key, item_id="A2", level="优", by=world.evaluator)
    manual_rate(
        assessment=reviewing, subject_key=key, item_id="A2", level="差", comment="无", by=second
    )
    client.force_login(world.evaluator)
    page = client.get(reverse("assessments:review", args=[reviewing.pk]))
    assert len(page.context["flags"]) == 1 and "评分差异较大" in page.content.decode()


def test_once_evaluators_are_assigned_only_they_and_admins_review(client, world, reviewing):
    second = make_user("evaluator2", role="evaluator", organization=world.gb_a)
    assessment_schedule(assessment=reviewing, evaluators=[second], by=world.admin_a)
    client.force_login(world.evaluator)
    assert client.get(reverse("assessments:review", args=[reviewing.pk])).status_code == 403
    key = subject_key_for_org(world.branch_a1.pk)
    assert rate(client, reviewing, key, level="优").status_code == 403
    client.force_login(second)
    assert rate(client, reviewing, key, points="6").status_code == 400  # a level item
    assert rate(client, reviewing, key, level="优").status_code == 302
    client.force_login(world.admin_a)
    assert client.get(reverse("assessments:review", args=[reviewing.pk])).status_code == 200
    assert ManualRating.objects.get().points is None
    assert (
        Decimal(6)
        == reviewing.runs.get().results.get(subject_key=key).items.get(item_id="A2").points
    )
