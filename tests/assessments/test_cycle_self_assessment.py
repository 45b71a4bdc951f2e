import pytest
from django.core.exceptions import ValidationError

from kaohe.assessments.models import SelfAssessment
from kaohe.assessments.services import (
    assessment_start_self_assessment,
    self_assess_claim,
    self_assess_submit,
    subject_key_for_org,
)


def test_a_branch_claims_points_on_a_manual_item_and_submits(world, cycle):
    assessment_start_self_assessment(assessment=cycle, by=world.site_admin)
    key = subject_key_for_org(world.branch_a1.pk)
    self_assess_claim(
        assessment=cycle,
        subject_key=key,
        item_id="A2",
        claimed_points=6,
        reason="档案齐全,见佐证材料",
        by=world.secretary_a1,
    )
    self_assess_submit(assessment=cycle, subject_key=key, by=world.secretary_a1)
    # After submission nothing changes silently.
    with pytest.raises(ValidationError, match="已提交"):
        self_assess_claim(
            assessment=cycle,
            subject_key=key,
            item_id="A2",
            claimed_points=5,
            reason="改",
            by=world.secretary_a1,
        )
    with pytest.raises(ValidationError, match="已提交"):
        self_assess_submit(assessment=cycle, subject_key=key, by=world.secretary_a1)
    assert SelfAssessment.objects.get().claimed_points == 6


def test_claims_only_on_manual_items_and_within_the_max(world, cycle):
    assessment_start_self_assessment(assessment=cycle, by=world.site_admin)
    key = subject_key_for_org(world.branch_a1.pk)
    with pytest.raises(ValidationError, match="自动计分"):
        self_assess_claim(
            assessment=cycle,
            subject_key=key,
            item_id="A1",
            claimed_points=4,
            reason="",
            by=world.secretary_a1,
        )
    with pytest.raises(ValidationError, match="0 到 6"):
        self_assess_claim(
            assessment=cycle,
            subject_key=key,
            item_id="A2",
            claimed_points=7,
            reason="",
            by=world.secretary_a1,
        )
    assert not SelfAssessment.objects.exists()


def test_no_claims_outside_the_self_assessment_stage(world, cycle):
    with pytest.raises(ValidationError, match="「未开始」阶段,不能自评"):
        self_assess_claim(
            assessment=cycle,
            subject_key=subject_key_for_org(world.branch_a1.pk),
            item_id="A2",
            claimed_points=6,
            reason="",
            by=world.secretary_a1,
        )
