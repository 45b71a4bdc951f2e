from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kaohe.assessments import selectors
from kaohe.assessments.models import ManualRating, ScoreAudit
from kaohe.assessments.services import (
    ConflictError,
    assessment_start_review,
    assessment_start_self_assessment,
    manual_rate,
    subject_key_for_org,
)
from tests.conftest import make_user


@pytest.fixture
def reviewing(world, cycle):
    assessment_start_self_assessment(assessment=cycle, by=world.site_admin)
    assessment_start_review(assessment=cycle, by=world.site_admin)
    return cycle


def item_points(assessment, key, item_id="A2") -> Decimal:
    run = selectors.current_run(assessment)
    return run.results.get(subject_key=key).items.get(item_id=item_id).points


def test_two_evaluators_give_their_mean_and_a_wide_gap_is_flagged(world, reviewing):
    key = subject_key_for_org(world.branch_a1.pk)
    second = make_user("evaluator2")
    manual_rate(assessment=reviewing, subject_key=key, item_id="A2", level="优", by=world.evaluator)
    assert item_points(reviewing, key) == 6
    manual_rate(
        assessment=reviewing,
        subject_key=key,
        item_id="A2",
        level="中",
        comment="活动记录不全",
        by=second,
    )
    assert item_points(reviewing, key) == Decimal("4.5")  # (6 + 3) / 2
    flags = selectors.review_flags(reviewing)
    assert [(f["subject_key"], f["item_id"], f["spread"]) for f in flags] == [(key, "A2", 3)]


def test_a_deduction_needs_a_comment(world, reviewing):
    key = subject_key_for_org(world.branch_a1.pk)
    with pytest.raises(ValidationError, match="须写明理由"):
        manual_rate(
            assessment=reviewing, subject_key=key, item_id="A2", level="良", by=world.evaluator
        )
    assert not ManualRating.objects.exists()


def test_a_stale_edit_is_refused_and_does_not_overwrite(world, reviewing):
    key = subject_key_for_org(world.branch_a1.pk)
    first = manual_rate(
        assessment=reviewing, subject_key=key, item_id="A2", level="优", by=world.evaluator
    )
    opened = first.version  # two browser tabs open the same rating
    manual_rate(
        assessment=reviewing,
        subject_key=key,
        item_id="A2",
        level="良",
        comment="一般",
        by=world.evaluator,
        expected_version=opened,
    )
    with pytest.raises(ConflictError, match="已被他人修改"):
        manual_rate(
            assessment=reviewing,
            subject_key=key,
            item_id="A2",
            level="差",
            comment="很差",
            by=world.evaluator,
            expected_version=opened,
        )
    rating = ManualRating.objects.get()
    assert (rating.level, rating.version) == ("良", 2)
    assert item_points(reviewing, key) == Decimal("4.8")


def test_every_rating_change_is_audited_with_who_and_why(world, reviewing):
    key = subject_key_for_org(world.branch_a1.pk)
    manual_rate(
        assessment=reviewing,
        subject_key=key,
        item_id="A2",
        level="良",
        comment="台账不够规范",
        by=world.evaluator,
    )
    row = ScoreAudit.objects.filter(subject_key=key, item_id="A2", source="manual").get()
    assert (row.old, row.new, row.by, row.reason) == (
        0,
        Decimal("4.8"),
        world.evaluator,
        "台账不够规范",
    )
    total = ScoreAudit.objects.filter(subject_key=key, item_id="", source="manual").get()
    assert total.new - total.old == Decimal("4.8")


def test_computed_items_cannot_be_rated_by_hand(world, reviewing):
    with pytest.raises(ValidationError, match="自动计分"):
        manual_rate(
            assessment=reviewing,
            subject_key=subject_key_for_org(world.branch_a1.pk),
            item_id="A1",
            points=4,
            by=world.evaluator,
        )
