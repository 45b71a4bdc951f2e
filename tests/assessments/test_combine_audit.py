"""Every combined score change leaves an append-only audit row, in the same transaction."""

from decimal import Decimal

from kaohe.assessments.models import AuditSource, ScoreAudit
from kaohe.assessments.services import assessment_combine, subject_key_for_org
from tests.assessments.combining import YEAR


def audit_of(assessment) -> list[tuple]:
    return list(
        ScoreAudit.objects.filter(assessment=assessment)
        .order_by("id")
        .values_list("subject_key", "item_id", "old", "new", "source")
    )


def test_a_first_combination_records_each_total(world, year):
    combined = assessment_combine(
        scheme_version=year.version, year=YEAR, parts=year.parts, by=world.site_admin
    )
    rows = {key: (item, old, new, source) for key, item, old, new, source in audit_of(combined)}
    assert rows == {
        subject_key_for_org(world.branch_a1.pk): ("", None, Decimal("89.41"), AuditSource.ENGINE),
        subject_key_for_org(world.branch_a2.pk): ("", None, Decimal("88.12"), AuditSource.ENGINE),
        subject_key_for_org(world.branch_b1.pk): ("", None, Decimal("97.2"), AuditSource.ENGINE),
    }
    assert set(ScoreAudit.objects.filter(assessment=combined).values_list("by", flat=True)) == {
        world.site_admin.pk
    }


def test_choosing_other_sources_records_the_totals_that_changed(world, year):
    combined = assessment_combine(
        scheme_version=year.version, year=YEAR, parts=year.parts, by=world.site_admin
    )
    first = len(audit_of(combined))
    # Without March: 第一支部 (88 + 89.45) / 2 = 88.725 → 88.73; × 0.7 + 27 = 89.111 → 89.11.
    # 第三支部 (95 + 96) / 2 = 95.5; × 0.7 + 30 = 96.85. 第二支部 (80 + 85.5) / 2 = 82.75;
    # × 0.7 + 28.5 = 86.425 → 86.43.
    parts = year.parts | {"daily": year.months[:2]}
    assessment_combine(scheme_version=year.version, year=YEAR, parts=parts, by=world.admin_a)
    changes = {key: (old, new) for key, _item, old, new, _source in audit_of(combined)[first:]}
    assert changes == {
        subject_key_for_org(world.branch_a1.pk): (Decimal("89.41"), Decimal("89.11")),
        subject_key_for_org(world.branch_a2.pk): (Decimal("88.12"), Decimal("86.43")),
        subject_key_for_org(world.branch_b1.pk): (Decimal("97.2"), Decimal("96.85")),
    }
    reasons = set(ScoreAudit.objects.filter(assessment=combined).values_list("reason", flat=True))
    assert "重新选择来源考核 / sources chosen again" in reasons


def test_combining_the_same_sources_again_records_nothing(world, year):
    combined = assessment_combine(
        scheme_version=year.version, year=YEAR, parts=year.parts, by=world.site_admin
    )
    count = ScoreAudit.objects.filter(assessment=combined).count()
    assessment_combine(
        scheme_version=year.version, year=YEAR, parts=year.parts, by=world.site_admin
    )
    assert ScoreAudit.objects.filter(assessment=combined).count() == count
