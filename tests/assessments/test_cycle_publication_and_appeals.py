import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kaohe.assessments import selectors
from kaohe.assessments.models import AppealStatus, Notice, ScoreAudit
from kaohe.assessments.services import (
    appeal_decide,
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
    assessment_start_self_assessment(assessment=cycle, by=world.site_admin)
    assessment_start_review(assessment=cycle, by=world.site_admin)
    key = subject_key_for_org(world.branch_a1.pk)
    manual_rate(
        assessment=cycle,
        subject_key=key,
        item_id="A2",
        level="中",
        comment="记录不全",
        by=world.evaluator,
    )
    now = timezone.now()
    assessment_publish(assessment=cycle, start=now - DAY, end=now + 5 * DAY, by=world.site_admin)
    return cycle


def test_published_branch_results_reach_every_member_of_the_branch(world, published):
    member_view = selectors.visible_results(world.member_a1)
    assert [r.organization.name for r in member_view] == ["第一支部"]


def test_before_publication_members_see_no_branch_result(world, cycle):
    assessment_start_self_assessment(assessment=cycle, by=world.site_admin)
    assert not selectors.visible_results(world.member_a1).exists()


def test_appeals_are_filed_only_within_the_window(world, published):
    key = subject_key_for_org(world.branch_a1.pk)
    late = published.publish_until + DAY
    with pytest.raises(ValidationError, match="不在公示期内"):
        appeal_file(
            assessment=published,
            subject_key=key,
            item_id="A2",
            reason="档案齐全",
            by=world.secretary_a1,
            now=late,
        )
    with pytest.raises(ValidationError, match="申诉理由"):
        appeal_file(
            assessment=published, subject_key=key, item_id="A2", reason=" ", by=world.secretary_a1
        )
    appeal = appeal_file(
        assessment=published,
        subject_key=key,
        item_id="A2",
        reason="档案齐全",
        by=world.secretary_a1,
    )
    with pytest.raises(ValidationError, match="已有待处理"):
        appeal_file(
            assessment=published,
            subject_key=key,
            item_id="A2",
            reason="再次",
            by=world.secretary_a1,
        )
    assert appeal.status == AppealStatus.OPEN


def test_an_accepted_appeal_changes_the_score_audits_it_and_tells_the_appellant(world, published):
    key = subject_key_for_org(world.branch_a1.pk)
    appeal = appeal_file(
        assessment=published,
        subject_key=key,
        item_id="A2",
        reason="档案齐全,见补充材料",
        by=world.secretary_a1,
    )
    # The evaluator checks the evidence, corrects the rating, and accepts the appeal.
    manual_rate(
        assessment=published,
        subject_key=key,
        item_id="A2",
        level="优",
        by=world.evaluator,
        recompute=False,
        _during_appeal=True,
    )
    appeal_decide(appeal=appeal, accept=True, decision="补充材料属实,改评为优", by=world.evaluator)
    run = selectors.current_run(published)
    assert run.results.get(subject_key=key).items.get(item_id="A2").points == 6
    change = ScoreAudit.objects.get(subject_key=key, item_id="A2", source="appeal")
    assert (change.old, change.new, change.by) == (Decimal(3), Decimal(6), world.evaluator)
    notice = Notice.objects.get(user=world.secretary_a1)
    assert "已采纳" in notice.message and "改评为优" in notice.message


def test_a_rejected_appeal_keeps_the_score_and_gives_the_reason(world, published):
    key = subject_key_for_org(world.branch_a1.pk)
    appeal = appeal_file(
        assessment=published, subject_key=key, item_id="A2", reason="不服", by=world.secretary_a1
    )
    with pytest.raises(ValidationError, match="处理意见"):
        appeal_decide(appeal=appeal, accept=False, decision="", by=world.evaluator)
    appeal_decide(appeal=appeal, accept=False, decision="经核查记录确实不全", by=world.evaluator)
    run = selectors.current_run(published)
    assert run.results.get(subject_key=key).items.get(item_id="A2").points == 3
    assert "未采纳" in Notice.objects.get(user=world.secretary_a1).message
    with pytest.raises(ValidationError, match="已处理"):
        appeal_decide(appeal=appeal, accept=True, decision="改", by=world.evaluator)
