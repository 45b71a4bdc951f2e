"""Runs, stage moves and the writes a stage allows happen one at a time and read the stage
as committed: an object read before 定档 cannot recompute or reopen the finalized results,
two runs at once leave one run, one appeal is decided once, and a claim read before review
opened is refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from kaohe.assessments.models import (
    Appeal,
    AppealStatus,
    Assessment,
    AssessmentRun,
    Notice,
    SelfAssessment,
    Stage,
)
from kaohe.assessments.services import (
    appeal_decide,
    appeal_file,
    assessment_compute,
    assessment_finalize,
    assessment_publish,
    assessment_start_review,
    assessment_start_self_assessment,
    self_assess_claim,
    subject_key_for_org,
)
from tests.assessments.two_runs_on_disk import two_runs_at_once

DAY = datetime.timedelta(days=1)


def publish_ended(world, assessment):
    now = timezone.now()
    assessment_publish(
        assessment=assessment, start=now - 3 * DAY, end=now - DAY, by=world.site_admin
    )


def test_an_object_read_before_finalizing_cannot_recompute_the_results(world, cycle):
    assessment_start_self_assessment(assessment=cycle, by=world.site_admin)
    assessment_start_review(assessment=cycle, by=world.site_admin)
    publish_ended(world, cycle)
    stale = Assessment.objects.get(pk=cycle.pk)  # a long request read it while published
    assessment_finalize(assessment=Assessment.objects.get(pk=cycle.pk), by=world.site_admin)
    run = AssessmentRun.objects.get(assessment=cycle)
    with pytest.raises(ValidationError, match="定档锁定"):
        assessment_compute(assessment=stale, by=world.site_admin)
    assert AssessmentRun.objects.get(assessment=cycle).pk == run.pk


def test_an_object_read_before_finalizing_cannot_publish_again(world, cycle):
    assessment_start_self_assessment(assessment=cycle, by=world.site_admin)
    assessment_start_review(assessment=cycle, by=world.site_admin)
    stale = Assessment.objects.get(pk=cycle.pk)  # still in review, as far as it knows
    publish_ended(world, cycle)
    assessment_finalize(assessment=cycle, by=world.site_admin)
    with pytest.raises(ValidationError, match="公示"):
        publish_ended(world, stale)
    assert Assessment.objects.get(pk=cycle.pk).stage == Stage.FINALIZED


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the in-memory test database fails a second writer at once (shared cache) instead"
    " of waiting; on SQLite test_two_runs_at_once_on_sqlite_on_disk runs this case on disk",
)
def test_two_runs_at_once_leave_one_run(world, cycle):
    assert two_runs_at_once(cycle.pk) == {
        "first_stored": True,
        "second_waited": True,  # for the first run's transaction
        "second_finished": True,
        "errors": [],
        "runs": 1,
    }


def test_two_evaluators_deciding_one_appeal_the_second_is_told_it_is_decided(world, cycle):
    assessment_start_self_assessment(assessment=cycle, by=world.site_admin)
    assessment_start_review(assessment=cycle, by=world.site_admin)
    now = timezone.now()
    assessment_publish(assessment=cycle, start=now - DAY, end=now + DAY, by=world.site_admin)
    appeal = appeal_file(
        assessment=Assessment.objects.get(pk=cycle.pk),
        subject_key=subject_key_for_org(world.branch_a1.pk),
        item_id="A2",
        reason="档案齐全",
        by=world.secretary_a1,
    )
    second_view = Appeal.objects.get(pk=appeal.pk)  # both opened the appeal while it was open
    appeal_decide(appeal=appeal, accept=False, decision="材料不足", by=world.evaluator)
    with pytest.raises(ValidationError, match="该申诉已处理"):
        appeal_decide(appeal=second_view, accept=True, decision="同意", by=world.site_admin)
    decided = Appeal.objects.get(pk=appeal.pk)
    assert (decided.status, decided.decision) == (AppealStatus.REJECTED, "材料不足")
    assert Notice.objects.filter(user=world.secretary_a1, message__contains="申诉").count() == 1


def test_a_claim_made_on_an_object_read_before_review_opened_is_refused(world, cycle):
    assessment_start_self_assessment(assessment=cycle, by=world.site_admin)
    stale = Assessment.objects.get(pk=cycle.pk)
    assessment_start_review(assessment=cycle, by=world.site_admin)
    with pytest.raises(ValidationError, match="不能自评"):
        self_assess_claim(
            assessment=stale,
            subject_key=subject_key_for_org(world.branch_a1.pk),
            item_id="A2",
            claimed_points=5,
            reason="齐全",
            by=world.secretary_a1,
        )
    assert not SelfAssessment.objects.exists()
