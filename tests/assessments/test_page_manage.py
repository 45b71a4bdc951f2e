"""The management page: an admin of the organization moves the cycle on, one button a stage."""

import datetime

from django.urls import reverse
from django.utils import timezone

from kaohe.assessments.models import Stage
from kaohe.assessments.services import assessment_publish, assessment_start_review

DAY = datetime.timedelta(days=1)


def post(client, assessment, **data):
    return client.post(reverse("assessments:manage", args=[assessment.pk]), data)


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_admin_walks_the_stages_from_the_page(client, world, cycle):
    client.force_login(world.admin_a)
    page = client.get(reverse("assessments:manage", args=[cycle.pk]))
    assert page.status_code == 200 and "开始自评" in page.content.decode()
    assert post(client, cycle, action="start_self_assessment").status_code == 302
    cycle.refresh_from_db()
    assert cycle.stage == Stage.SELF_ASSESSMENT and cycle.runs.count() == 1
    assert post(client, cycle, action="start_review").status_code == 302
    now = timezone.now()
    response = post(
        client,
        cycle,
        action="publish",
        publish_from=local(now - DAY),
        publish_until=local(now + DAY),
    )
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.stage == Stage.PUBLISHED
    body = client.get(reverse("assessments:manage", args=[cycle.pk])).content.decode()
    assert "重算一致" in body  # the verification runs by itself once published


def test_finalizing_early_is_refused_with_the_reason(client, world, cycle):
    client.force_login(world.admin_a)
    post(client, cycle, action="start_self_assessment")
    post(client, cycle, action="start_review")
    now = timezone.now()
    post(client, cycle, action="publish", publish_from=local(now), publish_until=local(now + DAY))
    response = post(client, cycle, action="finalize")
    assert response.status_code == 400
    assert "公示期尚未结束" in response.content.decode()
    cycle.refresh_from_db()
    assert cycle.stage == Stage.PUBLISHED


def test_a_window_that_ends_before_it_starts_comes_back_on_the_form(client, world, cycle):
    client.force_login(world.admin_a)
    post(client, cycle, action="start_self_assessment")
    post(client, cycle, action="start_review")
    now = timezone.now()
    response = post(
        client, cycle, action="publish", publish_from=local(now), publish_until=local(now - DAY)
    )
    assert response.status_code == 400
    assert "结束" in response.content.decode()
    cycle.refresh_from_db()
    assert cycle.stage == Stage.REVIEW


def test_finalized_results_show_that_they_recompute_identically(client, world, cycle):
    assessment_start_review_after_self(world, cycle)
    now = timezone.now()
    assessment_publish(assessment=cycle, start=now - 2 * DAY, end=now - DAY, by=world.admin_a)
    client.force_login(world.admin_a)
    assert post(client, cycle, action="finalize").status_code == 302
    cycle.refresh_from_db()
    assert cycle.is_locked
    body = client.get(reverse("assessments:manage", args=[cycle.pk])).content.decode()
    assert "重算一致" in body and "已锁定" in body


def assessment_start_review_after_self(world, assessment):
    from kaohe.assessments.services import assessment_start_self_assessment

    assessment_start_self_assessment(assessment=assessment, by=world.admin_a)
    assessment_start_review(assessment=assessment, by=world.admin_a)


def test_schedule_sets_deadlines_and_assigns_only_evaluators_over_the_organization(
    client, world, cycle
):
    client.force_login(world.admin_a)
    page = client.get(reverse("assessments:manage", args=[cycle.pk]))
    choices = {str(user) for user in page.context["schedule_form"].fields["evaluators"].queryset}
    assert choices == {"site_admin", "admin_a", "evaluator"}  # not secretaries, not gb_b's
    response = post(
        client,
        cycle,
        action="schedule",
        self_assessment_due="2026-01-10",
        review_due="2026-01-20",
        review_gap="1.5",
        evaluators=[world.evaluator.pk],
    )
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert str(cycle.review_due) == "2026-01-20" and str(cycle.review_gap) == "1.50"
    assert list(cycle.evaluators.all()) == [world.evaluator]
    bad = post(
        client,
        cycle,
        action="schedule",
        self_assessment_due="2026-01-20",
        review_due="2026-01-10",
        review_gap="2",
    )
    assert bad.status_code == 400 and "审核截止日期不能早于自评截止日期" in bad.content.decode()


def test_only_admins_of_the_organization_manage(client, world, cycle):
    client.force_login(world.evaluator)  # sees gb_a's assessment, may not manage it
    assert client.get(reverse("assessments:manage", args=[cycle.pk])).status_code == 403
    assert post(client, cycle, action="start_self_assessment").status_code == 403
    client.force_login(world.outsider)  # gb_b's secretary: not theirs at all
    assert client.get(reverse("assessments:manage", args=[cycle.pk])).status_code == 404
    cycle.refresh_from_db()
    assert cycle.stage == Stage.DRAFT
