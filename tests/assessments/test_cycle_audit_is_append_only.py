import pytest

from kaohe.assessments.models import ScoreAudit
from kaohe.assessments.services import assessment_start_self_assessment


def test_the_first_run_records_every_score_from_nothing(world, cycle):
    assessment_start_self_assessment(assessment=cycle, by=world.site_admin)
    rows = ScoreAudit.objects.filter(assessment=cycle, source="engine")
    # 2 branches × (2 items + total), each from None
    assert rows.count() == 6 and all(r.old is None for r in rows)


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
