"""定档 recomputes every result from its inputs (seconds on a large run): a 定档 refused for its
stage or its open publication window says so without recomputing anything."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kaohe.assessments import services
from kaohe.assessments.services import (
    assessment_finalize,
    assessment_publish,
    assessment_start_review,
    assessment_start_self_assessment,
)

DAY = datetime.timedelta(days=1)


@pytest.fixture
def no_recompute(monkeypatch):
    def recompute(**kwargs):
        raise AssertionError("a refused 定档 recomputed the results")

    monkeypatch.setattr(services, "assessment_verify", recompute)


def test_in_review_it_is_refused_for_the_stage(world, cycle, no_recompute):
    assessment_start_self_assessment(assessment=cycle, by=world.site_admin)
    assessment_start_review(assessment=cycle, by=world.site_admin)
    with pytest.raises(ValidationError, match="不能定档"):
        assessment_finalize(assessment=cycle, by=world.site_admin)


def test_during_the_publication_window_it_is_refused_for_the_window(world, cycle, no_recompute):
    assessment_start_self_assessment(assessment=cycle, by=world.site_admin)
    assessment_start_review(assessment=cycle, by=world.site_admin)
    now = timezone.now()
    assessment_publish(assessment=cycle, start=now - DAY, end=now + DAY, by=world.site_admin)
    with pytest.raises(ValidationError, match="公示期尚未结束"):
        assessment_finalize(assessment=cycle, by=world.site_admin)
