"""The dashboard tells each person what the cycle waits on them for."""

import datetime

from django.urls import reverse
from django.utils import timezone

from kaohe.assessments.services import (
    assessment_publish,
    assessment_start_review,
    assessment_start_self_assessment,
    subject_key_for_org,
)


def tasks(client, user):
    client.force_login(user)
    return [(t.label, t.url) for t in client.get(reverse("home")).context["tasks"]]


def test_each_role_sees_its_next_step(client, world, cycle):
    assert ("管理", reverse("assessments:manage", args=[cycle.pk])) in tasks(client, world.admin_a)
    assessment_start_self_assessment(assessment=cycle, by=world.admin_a)
    own = reverse(
        "assessments:self_assessment", args=[cycle.pk, subject_key_for_org(world.branch_a1.pk)]
    )
    assert tasks(client, world.secretary_a1) == [("自评", own)]
    assert tasks(client, world.outsider) == []  # gb_b's secretary: not their assessment
    assessment_start_review(assessment=cycle, by=world.admin_a)
    assert ("审核", reverse("assessments:review", args=[cycle.pk])) in tasks(
        client, world.evaluator
    )
    now = timezone.now()
    day = datetime.timedelta(days=1)
    assessment_publish(assessment=cycle, start=now - day, end=now + day, by=world.admin_a)
    assert [label for label, _ in tasks(client, world.member_a1)] == ["结果公示中"]
