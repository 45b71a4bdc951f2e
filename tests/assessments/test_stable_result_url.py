"""A subject's result has a stable address, `<assessment>/subjects/<subject key>/`: it shows
the current result after every recomputation (a result row's own URL does not survive one),
it is what the app's links and notices use, and it is scoped like every page."""

import datetime

from django.urls import reverse
from django.utils import timezone

from kaohe.assessments.models import Notice
from kaohe.assessments.services import (
    appeal_decide,
    appeal_file,
    assessment_publish,
    assessment_run,
    assessment_start_review,
    assessment_start_self_assessment,
    subject_key_for_org,
)
from tests.conftest import facts_for

DAY = datetime.timedelta(days=1)


def stable_url(assessment, organization):
    return reverse(
        "assessments:subject", args=[assessment.pk, subject_key_for_org(organization.pk)]
    )


def test_the_stable_address_survives_a_recompute(client, world, scored):
    scheme, assessment, run, _ = scored
    old = run.results.get(organization=world.branch_a1)
    url = stable_url(assessment, world.branch_a1)
    client.force_login(world.secretary_a1)
    assert client.get(url).status_code == 200
    # 第一支部 held 2 congresses instead of 4: the assessment is recomputed.
    facts = facts_for(
        world,
        congress={"第一支部": 2, "第二支部": 3, "第三支部": 1},
        dues={"第一支部": 1, "第二支部": 1, "第三支部": 0},
    )
    rerun = assessment_run(
        assessment=assessment, scheme=scheme, facts_json=facts, by=world.site_admin
    )
    new = rerun.results.get(organization=world.branch_a1)
    assert new.pk != old.pk and new.total < old.total
    assert client.get(reverse("assessments:result", args=[old.pk])).status_code == 404
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["result"].pk == new.pk


def test_another_branch_gets_the_same_404_as_a_missing_subject(client, world, scored):
    _, assessment, _, _ = scored
    client.force_login(world.outsider)  # sees the assessment through 第三支部's result
    assert client.get(stable_url(assessment, world.branch_b1)).status_code == 200
    theirs = client.get(stable_url(assessment, world.branch_a1))
    missing = client.get(reverse("assessments:subject", args=[assessment.pk, "O987654"]))
    nowhere = client.get(reverse("assessments:subject", args=[987_654, "O1"]))
    assert theirs.status_code == missing.status_code == nowhere.status_code == 404
    assert theirs.content == missing.content


def test_the_ranking_and_awards_link_to_the_stable_address(client, world, scored):
    _, assessment, _, _ = scored
    client.force_login(world.site_admin)
    url = stable_url(assessment, world.branch_a1)
    assert url in client.get(reverse("assessments:detail", args=[assessment.pk])).content.decode()
    assert url in client.get(reverse("assessments:awards", args=[assessment.pk])).content.decode()


def test_an_appeal_decision_notice_links_to_the_stable_address(client, world, cycle):
    assessment_start_self_assessment(assessment=cycle, by=world.admin_a)
    assessment_start_review(assessment=cycle, by=world.admin_a)
    now = timezone.now()
    assessment_publish(assessment=cycle, start=now - DAY, end=now + DAY, by=world.admin_a)
    appeal = appeal_file(
        assessment=cycle,
        subject_key=subject_key_for_org(world.branch_a1.pk),
        item_id="A2",
        reason="档案齐全",
        by=world.secretary_a1,
    )
    client.force_login(world.evaluator)
    response = client.post(
        reverse("assessments:appeal_decide", args=[appeal.pk]),
        {"verdict": "reject", "decision": "材料不足"},
    )
    assert response.status_code == 302
    notice = Notice.objects.get(user=world.secretary_a1)
    assert notice.url == stable_url(cycle, world.branch_a1) + f"#appeal-{appeal.pk}"
    client.force_login(world.secretary_a1)
    assert client.get(notice.url).status_code == 200


def test_a_notice_made_before_a_recompute_still_opens_the_result(client, world, cycle):
    assessment_start_self_assessment(assessment=cycle, by=world.admin_a)
    assessment_start_review(assessment=cycle, by=world.admin_a)
    now = timezone.now()
    assessment_publish(assessment=cycle, start=now - DAY, end=now + DAY, by=world.admin_a)
    key = subject_key_for_org(world.branch_a1.pk)
    first = appeal_file(
        assessment=cycle, subject_key=key, item_id="A2", reason="一", by=world.secretary_a1
    )
    url = stable_url(cycle, world.branch_a1)
    appeal_decide(appeal=first, accept=True, decision="重算", by=world.evaluator, url=url)
    # Accepting recomputed the assessment: every result row is new, the address is not.
    client.force_login(world.secretary_a1)
    page = client.get(Notice.objects.get(user=world.secretary_a1).url)
    assert page.status_code == 200
    assert page.context["result"].run == cycle.runs.get()
