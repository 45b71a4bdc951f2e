import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kaohe.assessments.models import FactEntry, ScoreAudit
from kaohe.assessments.services import (
    assessment_finalize,
    assessment_publish,
    assessment_schedule,
    assessment_start_review,
    assessment_start_self_assessment,
    fact_establish,
    subject_key_for_org,
)

DAY = datetime.timedelta(days=1)


def test_unticking_every_evaluator_clears_the_assignment(world, cycle):
    assessment_schedule(assessment=cycle, evaluators=[world.evaluator], by=world.site_admin)
    assert list(cycle.evaluators.all()) == [world.evaluator]
    assessment_schedule(assessment=cycle, evaluators=[], by=world.site_admin)
    assert not cycle.evaluators.exists()
    assessment_schedule(assessment=cycle, review_gap=3, by=world.site_admin)  # leaves them be
    assert cycle.review_gap == 3


def test_an_established_fact_recomputes_and_is_audited(world, cycle):
    assessment_start_self_assessment(assessment=cycle, by=world.site_admin)
    key = subject_key_for_org(world.branch_a1.pk)
    fact_establish(
        assessment=cycle,
        subject_key=key,
        metric="has_archive_cabinet",
        value=1,
        comment="现场查看",
        by=world.evaluator,
    )
    assert FactEntry.objects.filter(subject_key=key).exists()
    # CYCLE_SCHEME reads no such metric: the recompute changes nothing, so no audit row.
    assert not ScoreAudit.objects.filter(source="manual").exists()


def test_facts_are_not_established_once_published_except_for_an_appeal(world, cycle):
    assessment_start_self_assessment(assessment=cycle, by=world.site_admin)
    assessment_start_review(assessment=cycle, by=world.site_admin)
    now = timezone.now()
    assessment_publish(assessment=cycle, start=now - 3 * DAY, end=now - DAY, by=world.site_admin)
    key = subject_key_for_org(world.branch_a1.pk)
    with pytest.raises(ValidationError, match="「公示」阶段"):
        fact_establish(assessment=cycle, subject_key=key, metric="x", value=1, by=world.evaluator)
    fact_establish(
        assessment=cycle,
        subject_key=key,
        metric="x",
        value=1,
        by=world.evaluator,
        _during_appeal=True,
    )
    assessment_finalize(assessment=cycle, by=world.site_admin)
    with pytest.raises(ValidationError, match="「定档」阶段"):
        fact_establish(
            assessment=cycle,
            subject_key=key,
            metric="x",
            value=0,
            by=world.evaluator,
            _during_appeal=True,
        )


def test_recomputing_a_finalized_assessment_from_the_page_explains_itself(client, world):
    from kaohe.assessments.models import Assessment
    from kaohe.organizations.models import OrgKind
    from kaohe.organizations.services import organization_create

    organization_create(name="第二党小组", kind=OrgKind.GROUP, parent=world.branch_a2)
    client.force_login(world.site_admin)
    form = {"scheme": "example", "period": "2025", "organization": world.gb_a.pk}
    assert client.post(reverse("assessments:run"), form).status_code == 302
    assessment = Assessment.objects.get()
    assessment_start_self_assessment(assessment=assessment, by=world.site_admin)
    assessment_start_review(assessment=assessment, by=world.site_admin)
    now = timezone.now()
    assessment_publish(
        assessment=assessment, start=now - 3 * DAY, end=now - DAY, by=world.site_admin
    )
    assessment_finalize(assessment=assessment, by=world.site_admin)
    response = client.post(reverse("assessments:run"), form)
    assert response.status_code == 400
    assert "定档锁定" in response.content.decode()
