import pytest

from kaohe.assessments.models import ScoreAudit
from kaohe.assessments.services import assessment_start_self_assessment


def test_the_first_run_records_each_total_and_later_changes_record_each_item(world, cycle):
    from kaohe.assessments.services import assessment_start_review, manual_rate

    assessment_start_self_assessment(assessment=cycle, by=world.site_admin)
    first = ScoreAudit.objects.filter(assessment=cycle, source="engine")
    # 2 branches: each total from nothing; the items' first values are the run's own scores.
    assert first.count() == 2 and all(r.old is None and r.item_id == "" for r in first)
    assessment_start_review(assessment=cycle, by=world.site_admin)
    key = f"O{world.branch_a1.pk}"
    manual_rate(assessment=cycle, subject_key=key, item_id="A2", level="优", by=world.evaluator)
    change = ScoreAudit.objects.get(source="manual", item_id="A2")
    assert (change.subject_key, change.old, change.new) == (key, 0, 6)


def test_audit_rows_cannot_be_edited_or_deleted(world, cycle):
    assessment_start_self_assessment(assessment=cycle, by=world.site_admin)
    row = ScoreAudit.objects.first()
    row.reason = "篡改"
    with pytest.raises(ValueError, match="append-only"):
        row.save()
    with pytest.raises(ValueError, match="append-only"):
        row.delete()


def test_an_unchanged_recompute_writes_no_audit_rows(world, cycle):
    from kaohe.assessments.services import assessment_compute

    assessment_start_self_assessment(assessment=cycle, by=world.site_admin)
    before = ScoreAudit.objects.count()
    assessment_compute(assessment=cycle, by=world.site_admin)
    assert ScoreAudit.objects.count() == before
