import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kaohe.assessments.models import ItemScore
from kaohe.assessments.services import (
    appeal_file,
    assessment_compute,
    assessment_finalize,
    assessment_verify,
    scheme_of_version,
    subject_key_for_org,
)
from kaohe.records.models import MeetingKind
from kaohe.records.services import meeting_create

DAY = datetime.timedelta(days=1)


def test_finalized_results_recompute_identically_and_are_locked(world, ended):
    assert assessment_verify(assessment=ended) == []
    assessment_finalize(assessment=ended, by=world.site_admin)
    assert assessment_verify(assessment=ended) == []
    with pytest.raises(ValidationError, match="定档锁定"):
        assessment_compute(assessment=ended, by=world.site_admin)


def test_new_records_after_finalizing_never_change_the_result(world, ended):
    assessment_finalize(assessment=ended, by=world.site_admin)
    meeting_create(
        organization=world.branch_a1,
        entered_by=world.site_admin,
        kind=MeetingKind.PARTY_CONGRESS,
        held_on=datetime.date(2025, 6, 1),
        topic="补录",
    )
    assert assessment_verify(assessment=ended) == []  # recomputed from the pinned inputs


def test_a_tampered_stored_score_is_caught(world, ended):
    key = subject_key_for_org(world.branch_a1.pk)
    ItemScore.objects.filter(result__subject_key=key, item_id="A1").update(points=4)
    assert assessment_verify(assessment=ended) == [f"{key}.A1"]
    with pytest.raises(ValidationError, match="重算不一致"):
        assessment_finalize(assessment=ended, by=world.site_admin)


def test_open_appeals_block_finalizing(world, ended):
    now = timezone.now()
    appeal_file(
        assessment=ended,
        subject_key=subject_key_for_org(world.branch_a1.pk),
        item_id="A2",
        reason="不服",
        by=world.secretary_a1,
        now=now - 2 * DAY,
    )
    with pytest.raises(ValidationError, match="未处理的申诉"):
        assessment_finalize(assessment=ended, by=world.site_admin)


def test_a_changed_scheme_text_is_refused_rather_than_reinterpreted(world, ended):
    version = ended.scheme_version
    one_point = "              points: 1\n"
    version.source = version.source.replace(one_point, one_point.replace("1", "2"))
    with pytest.raises(ValueError, match="pinned fingerprint"):
        scheme_of_version(version)
