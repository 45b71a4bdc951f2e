"""佐证材料 on self-assessment claims and appeals: stored like a record's evidence, all or
nothing with the claim or appeal, and no new file once the self-assessment is submitted."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone

from kaohe.assessments.models import Appeal, SelfAssessment
from kaohe.assessments.services import (
    appeal_file,
    assessment_publish,
    assessment_start_review,
    self_assess_claim,
    self_assess_evidence_remove,
    self_assess_submit,
    subject_key_for_org,
)
from kaohe.records.models import Evidence
from tests.records import helpers
from tests.records.conftest import stored_files
from tests.records.helpers import upload

DAY = datetime.timedelta(days=1)


def claim(world, assessment, points=6, files=()):
    return self_assess_claim(
        assessment=assessment,
        subject_key=subject_key_for_org(world.branch_a1.pk),
        item_id="A2",
        claimed_points=points,
        reason="档案齐全",
        by=world.secretary_a1,
        evidence=files,
    )


def test_a_claim_keeps_its_evidence_like_a_record(world, opened, evidence_root):
    saved = claim(world, opened, files=[upload("现场照片.png", helpers.PNG)])
    (evidence,) = saved.evidence.all()
    assert evidence.content_type == ContentType.objects.get_for_model(SelfAssessment)
    assert (evidence.organization, evidence.member, evidence.file_type) == (
        world.branch_a1,
        None,
        "png",
    )
    assert evidence.original_name == "现场照片.png" and evidence.uploaded_by == world.secretary_a1
    (stored,) = stored_files(evidence_root)
    assert stored.read_bytes() == helpers.PNG
    # Saving the claim again with another file adds it; the first stays.
    claim(world, opened, points=5, files=[upload("台账.pdf", helpers.PDF)])
    assert sorted(saved.evidence.values_list("original_name", flat=True)) == [
        "台账.pdf",
        "现场照片.png",
    ]


def test_a_refused_file_saves_neither_the_claim_nor_any_file(world, opened, evidence_root):
    good, bad = upload("照片.png", helpers.PNG), upload("旧表格.doc", helpers.OLE2)
    with pytest.raises(ValidationError) as refused:
        claim(world, opened, files=[good, bad])
    (message,) = refused.value.message_dict["evidence"]
    assert "旧表格.doc" in message and "不接受旧版 Word/Excel 文件" in message
    assert not SelfAssessment.objects.exists() and not Evidence.objects.exists()
    assert stored_files(evidence_root) == []


def test_a_refused_file_leaves_the_existing_claim_as_it_was(world, opened, evidence_root):
    claim(world, opened, points=6)
    with pytest.raises(ValidationError, match="文件为空"):
        claim(world, opened, points=2, files=[upload("空.pdf", b"")])
    assert SelfAssessment.objects.get().claimed_points == 6
    assert not Evidence.objects.exists() and stored_files(evidence_root) == []


def test_after_submission_a_claim_gets_no_new_evidence(world, opened, evidence_root):
    saved = claim(world, opened, files=[upload("照片.png", helpers.PNG)])
    self_assess_submit(assessment=opened, subject_key=saved.subject_key, by=world.secretary_a1)
    with pytest.raises(ValidationError, match="自评已提交"):
        claim(world, opened, files=[upload("补充.pdf", helpers.PDF)])
    with pytest.raises(ValidationError, match="自评已提交"):
        self_assess_evidence_remove(
            claim=saved, evidence=saved.evidence.get(), by=world.secretary_a1
        )
    assert list(saved.evidence.values_list("original_name", flat=True)) == ["照片.png"]
    assert len(stored_files(evidence_root)) == 1


def test_before_submission_a_file_comes_off_the_claim(
    world, opened, evidence_root, django_capture_on_commit_callbacks
):
    saved = claim(world, opened, files=[upload("错传.png", helpers.PNG)])
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once it commits
        self_assess_evidence_remove(
            claim=saved, evidence=saved.evidence.get(), by=world.secretary_a1
        )
    assert not Evidence.objects.exists() and stored_files(evidence_root) == []


def test_a_file_of_another_claim_does_not_come_off_this_one(world, opened, evidence_root):
    mine = claim(world, opened, files=[upload("照片.png", helpers.PNG)])
    other = self_assess_claim(
        assessment=opened,
        subject_key=subject_key_for_org(world.branch_a2.pk),
        item_id="A2",
        claimed_points=3,
        reason="",
        by=world.admin_a,
    )
    with pytest.raises(ValidationError, match="不属于此自评项"):
        self_assess_evidence_remove(claim=other, evidence=mine.evidence.get(), by=world.admin_a)
    assert mine.evidence.count() == 1


@pytest.fixture
def published(world, opened):
    assessment_start_review(assessment=opened, by=world.admin_a)
    now = timezone.now()
    assessment_publish(assessment=opened, start=now - DAY, end=now + DAY, by=world.admin_a)
    return opened


def appeal(world, assessment, files):
    return appeal_file(
        assessment=assessment,
        subject_key=subject_key_for_org(world.branch_a1.pk),
        item_id="A2",
        reason="材料齐全",
        by=world.secretary_a1,
        evidence=files,
    )


def test_an_appeal_keeps_its_evidence(world, published, evidence_root):
    filed = appeal(world, published, [upload("补充材料.pdf", helpers.PDF)])
    (evidence,) = filed.evidence.all()
    assert evidence.content_type == ContentType.objects.get_for_model(Appeal)
    assert (evidence.organization, evidence.file_type) == (world.branch_a1, "pdf")
    assert len(stored_files(evidence_root)) == 1


def test_a_refused_file_files_no_appeal(world, published, evidence_root):
    with pytest.raises(ValidationError) as refused:
        appeal(world, published, [upload("照片.pdf", helpers.PNG)])
    assert "照片.pdf" in refused.value.message_dict["evidence"][0]
    assert not Appeal.objects.exists() and not Evidence.objects.exists()
    assert stored_files(evidence_root) == []
