"""A combined year goes through 公示 and 定档 like any assessment; its scores come from its
finalized sources only, so it takes no ratings, facts or appeals of its own."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kaohe.assessments import selectors
from kaohe.assessments.models import ScoreAudit, Stage, SubjectResult
from kaohe.assessments.services import (
    appeal_file,
    assessment_combine,
    assessment_finalize,
    assessment_publish,
    assessment_verify,
    fact_establish,
    manual_rate,
    subject_key_for_org,
)
from tests.assessments.combining import YEAR

DAY = datetime.timedelta(days=1)


@pytest.fixture
def combined(world, year):
    return assessment_combine(
        scheme_version=year.version, year=YEAR, parts=year.parts, by=world.site_admin
    )


def test_publish_then_finalize_locks_a_combination_that_recomputes_identically(world, combined):
    assert combined.stage == Stage.REVIEW
    assert not selectors.visible_results(world.member_a1).filter(run__assessment=combined)
    now = timezone.now()
    assessment_publish(assessment=combined, start=now - DAY, end=now + DAY, by=world.site_admin)
    seen = selectors.visible_results(world.member_a1).filter(run__assessment=combined)
    assert [r.organization.name for r in seen] == ["第一支部"]  # 篇二: announced to the branch
    assert assessment_verify(assessment=combined) == []
    assessment_finalize(assessment=combined, by=world.site_admin, now=now + 2 * DAY)
    assert combined.stage == Stage.FINALIZED


def test_verification_notices_a_changed_combined_total(world, combined):
    SubjectResult.objects.filter(run__assessment=combined, organization=world.branch_a1).update(
        total="99"
    )
    assert f"O{world.branch_a1.pk}.total" in assessment_verify(assessment=combined)


def test_no_ratings_facts_or_appeals_on_a_combined_year(world, combined):
    key = subject_key_for_org(world.branch_a1.pk)
    before = ScoreAudit.objects.count()
    with pytest.raises(ValidationError, match="汇总考核的结果由已定档的来源考核汇总而成,不能评分"):
        manual_rate(
            assessment=combined, subject_key=key, item_id="A1", points=100, by=world.evaluator
        )
    with pytest.raises(ValidationError, match="不能核实事项"):
        fact_establish(
            assessment=combined, subject_key=key, metric="x", value=1, by=world.evaluator
        )
    now = timezone.now()
    assessment_publish(assessment=combined, start=now - DAY, end=now + DAY, by=world.site_admin)
    with pytest.raises(ValidationError, match="不能申诉"):
        appeal_file(
            assessment=combined, subject_key=key, item_id="A1", reason="请复核",
            by=world.secretary_a1,
        )  # fmt: skip
    assert ScoreAudit.objects.count() == before


def test_the_dashboard_offers_no_appeal_window_for_a_combined_year(client, world, combined):
    now = timezone.now()
    assessment_publish(assessment=combined, start=now - DAY, end=now + DAY, by=world.site_admin)
    client.force_login(world.secretary_a1)
    [task] = [t for t in client.get("/").context["tasks"] if t.assessment == combined]
    assert task.detail.startswith("公示至") and "申诉" not in task.detail
