import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kaohe.assessments.models import Stage
from kaohe.assessments.services import (
    assessment_finalize,
    assessment_publish,
    assessment_start_review,
    assessment_start_self_assessment,
)


def test_the_cycle_runs_in_order_and_computes_on_the_way(world, cycle):
    assessment_start_self_assessment(assessment=cycle, by=world.site_admin)
    assert cycle.stage == Stage.SELF_ASSESSMENT and cycle.runs.count() == 1
    assessment_start_review(assessment=cycle, by=world.site_admin)
    now = timezone.now()
    assessment_publish(
        assessment=cycle, start=now, end=now + datetime.timedelta(days=7), by=world.site_admin
    )
    assert cycle.stage == Stage.PUBLISHED
    assessment_finalize(assessment=cycle, by=world.site_admin, now=now + datetime.timedelta(days=8))
    assert cycle.stage == Stage.FINALIZED and cycle.is_locked


def test_stages_cannot_be_skipped(world, cycle):
    with pytest.raises(ValidationError, match="「未开始」阶段,不能开始审核"):
        assessment_start_review(assessment=cycle, by=world.site_admin)
    now = timezone.now()
    with pytest.raises(ValidationError):
        assessment_publish(assessment=cycle, start=now, end=now, by=world.site_admin)
    with pytest.raises(ValidationError):
        assessment_finalize(assessment=cycle, by=world.site_admin)


def test_publication_window_must_end_after_it_starts_and_finalizing_waits_for_it(world, cycle):
    assessment_start_self_assessment(assessment=cycle, by=world.site_admin)
    assessment_start_review(assessment=cycle, by=world.site_admin)
    now = timezone.now()
    with pytest.raises(ValidationError, match="公示结束时间"):
        assessment_publish(assessment=cycle, start=now, end=now, by=world.site_admin)
    assessment_publish(
        assessment=cycle, start=now, end=now + datetime.timedelta(days=5), by=world.site_admin
    )
    with pytest.raises(ValidationError, match="公示期尚未结束"):
        assessment_finalize(
            assessment=cycle, by=world.site_admin, now=now + datetime.timedelta(days=1)
        )
