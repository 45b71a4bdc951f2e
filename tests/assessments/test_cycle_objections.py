"""异议说明: during self-assessment a branch explains why an automatic item's score is wrong,
with evidence, under the claims' guards. It changes no score and writes no audit row; bad
input is refused naming the field, and writes nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from kaohe.assessments.models import ItemScore, ScoreAudit, SelfAssessment
from kaohe.assessments.services import (
    self_assess_claim,
    self_assess_evidence_remove,
    self_assess_object,
    self_assess_objection_withdraw,
    self_assess_submit,
    subject_key_for_org,
)
from kaohe.records.models import Evidence
from tests.records import helpers
from tests.records.conftest import stored_files
from tests.records.helpers import upload

REASON = "第三季度支部党员大会已召开,记录漏录"


def key(world):
    return subject_key_for_org(world.branch_a1.pk)


def object_to(world, assessment, item_id="A1", reason=REASON, files=()):
    return self_assess_object(
        assessment=assessment,
        subject_key=key(world),
        item_id=item_id,
        reason=reason,
        by=world.secretary_a1,
        evidence=files,
    )


def test_an_objection_is_stored_without_points_and_changes_no_score(world, opened, evidence_root):
    scores = sorted(ItemScore.objects.values_list("result__subject_key", "item_id", "points"))
    assert scores  # the run stored the automatic points the objection disputes
    audits = ScoreAudit.objects.count()
    saved = object_to(world, opened, files=[upload("签到表.png", helpers.PNG)])
    assert (saved.item_id, saved.claimed_points, saved.reason) == ("A1", None, REASON)
    assert saved.is_objection and saved.organization == world.branch_a1
    assert list(saved.evidence.values_list("original_name", flat=True)) == ["签到表.png"]
    assert len(stored_files(evidence_root)) == 1
    # Changing it keeps one row per item and adds the new file to the first.
    object_to(world, opened, reason="两次会议漏录", files=[upload("纪要.pdf", helpers.PDF)])
    assert SelfAssessment.objects.get().reason == "两次会议漏录"
    assert saved.evidence.count() == 2
    after = sorted(ItemScore.objects.values_list("result__subject_key", "item_id", "points"))
    assert after == scores and ScoreAudit.objects.count() == audits


def test_points_on_an_automatic_item_are_refused(world, opened):
    with pytest.raises(ValidationError) as refused:
        self_assess_claim(
            assessment=opened,
            subject_key=key(world),
            item_id="A1",
            claimed_points=4,
            reason="",
            by=world.secretary_a1,
        )
    assert "A1" in refused.value.message_dict["claimed_points"][0]
    assert not SelfAssessment.objects.exists()


def test_a_manual_item_takes_a_claim_not_an_objection(world, opened):
    with pytest.raises(ValidationError) as refused:
        object_to(world, opened, item_id="A2")
    assert "A2" in refused.value.message_dict["item"][0]
    assert not SelfAssessment.objects.exists()


@pytest.mark.parametrize(
    ("item_id", "reason", "field"), [("A1", "  ", "reason"), ("X9", REASON, "item")]
)
def test_an_empty_reason_or_unknown_item_is_refused_naming_the_field(
    world, opened, evidence_root, item_id, reason, field
):
    with pytest.raises(ValidationError) as refused:
        object_to(
            world, opened, item_id=item_id, reason=reason, files=[upload("a.png", helpers.PNG)]
        )
    assert list(refused.value.message_dict) == [field]
    assert not SelfAssessment.objects.exists() and not Evidence.objects.exists()
    assert stored_files(evidence_root) == []


def test_a_refused_file_writes_nothing_and_keeps_the_objection(world, opened, evidence_root):
    with pytest.raises(ValidationError) as refused:
        object_to(
            world, opened, files=[upload("照片.png", helpers.PNG), upload("旧.doc", helpers.OLE2)]
        )
    assert "旧.doc" in refused.value.message_dict["evidence"][0]
    assert not SelfAssessment.objects.exists() and not Evidence.objects.exists()
    object_to(world, opened)
    with pytest.raises(ValidationError, match="文件为空"):
        object_to(world, opened, reason="改了", files=[upload("空.pdf", b"")])
    assert SelfAssessment.objects.get().reason == REASON
    assert not Evidence.objects.exists() and stored_files(evidence_root) == []


def test_after_submission_an_objection_is_frozen(world, opened, evidence_root):
    saved = object_to(world, opened, files=[upload("签到表.png", helpers.PNG)])
    self_assess_submit(assessment=opened, subject_key=key(world), by=world.secretary_a1)
    with pytest.raises(ValidationError, match="自评已提交"):
        object_to(world, opened, reason="补充")
    with pytest.raises(ValidationError, match="自评已提交"):
        object_to(world, opened, item_id="A1", files=[upload("补充.pdf", helpers.PDF)])
    with pytest.raises(ValidationError, match="自评已提交"):
        self_assess_objection_withdraw(objection=saved, by=world.secretary_a1)
    with pytest.raises(ValidationError, match="自评已提交"):
        self_assess_evidence_remove(
            claim=saved, evidence=saved.evidence.get(), by=world.secretary_a1
        )
    assert SelfAssessment.objects.get().reason == REASON
    assert saved.evidence.count() == 1 and len(stored_files(evidence_root)) == 1


def test_outside_the_self_assessment_stage_no_objection_is_taken(world, cycle):
    with pytest.raises(ValidationError, match="「未开始」阶段"):
        object_to(world, cycle)
    assert not SelfAssessment.objects.exists()


def test_before_submission_an_objection_is_withdrawn_with_its_files(
    world, opened, evidence_root, django_capture_on_commit_callbacks
):
    saved = object_to(world, opened, files=[upload("签到表.png", helpers.PNG)])
    with django_capture_on_commit_callbacks(execute=True):
        self_assess_objection_withdraw(objection=saved, by=world.secretary_a1)
    assert not SelfAssessment.objects.exists() and not Evidence.objects.exists()
    assert stored_files(evidence_root) == []


def test_the_database_refuses_an_objection_without_a_reason(world, opened):
    with pytest.raises(IntegrityError):
        SelfAssessment.objects.create(
            assessment=opened,
            subject_key=key(world),
            organization=world.branch_a1,
            item_id="A1",
            claimed_points=None,
            reason="",
            updated_by=world.secretary_a1,
        )
