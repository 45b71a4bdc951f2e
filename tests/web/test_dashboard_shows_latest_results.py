"""The dashboard's 最新考核结果: the first screen shows rankings, each through the scoping gate —
the best results for whoever sees many, one's own result (with its rank) for whoever sees one."""

from django.urls import reverse

from kaohe.assessments.services import assessment_run
from tests.conftest import facts_for, fresh


def latest(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response


def test_a_committee_admin_sees_the_best_results_and_a_link_to_the_ranking(client, world, scored):
    _, assessment, _, _ = scored
    response = latest(client, world.site_admin)
    [glance] = response.context["latest_results"]
    assert glance.assessment == assessment
    assert [r.organization.name for r in glance.top] == ["第一支部", "第二支部", "第三支部"]
    assert glance.own is None
    body = response.content.decode()
    assert 'id="latest-results"' in body
    assert reverse("assessments:detail", args=[assessment.pk]) + "#ranking" in body


def test_a_secretary_sees_their_branch_alone_with_its_rank(client, world, scored):
    _, assessment, run, _ = scored
    response = latest(client, world.secretary_a1)
    [glance] = response.context["latest_results"]
    assert glance.own.organization == world.branch_a1
    body = response.content.decode()
    assert "第二支部" not in body and "第三支部" not in body
    assert f"共 {run.subject_count} 个对象,排第 {glance.own.rank} 名" in body
    own_url = reverse("assessments:subject", args=[assessment.pk, glance.own.subject_key])
    assert own_url in body


def test_nobody_sees_a_card_of_results_they_may_not_see(client, world, scored):
    # A member sees their branch's result only once it is published (篇二).
    response = latest(client, world.member_a1)
    assert response.context["latest_results"] == []
    assert 'id="latest-results"' not in response.content.decode()


def test_a_recomputed_assessment_shows_its_current_run(client, world, scored):
    scheme, assessment, _, _ = scored
    facts = facts_for(
        world,
        congress={"第一支部": 0, "第二支部": 3, "第三支部": 4},
        dues={"第一支部": 0, "第二支部": 1, "第三支部": 1},
    )
    assessment_run(assessment=assessment, scheme=scheme, facts_json=facts, by=world.site_admin)
    [glance] = latest(client, fresh(world.site_admin)).context["latest_results"]
    assert glance.top[0].organization == world.branch_b1
    assert {r.run_id for r in glance.top} == {glance.run.pk}
