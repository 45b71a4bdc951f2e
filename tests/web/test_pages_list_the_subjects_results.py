"""A branch's page and a member's page list their results in every assessment the viewer may
see (the current run's), each linking to its score sheet; a member's own page is where they
find their score."""

from django.urls import reverse

from kaohe.assessments.services import assessment_run, subject_key_for_member
from kaohe.scoring import load_scheme
from tests.schemes import MEMBER_SCHEME


def results_on(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_a_branch_page_lists_the_branch_result_and_links_its_sheet(client, world, scored):
    _, assessment, run, _ = scored
    url = reverse("orgs:detail", args=[world.branch_a2.pk])
    response = results_on(client, world.site_admin, url)
    [result] = response.context["subject_results"]
    assert result.organization == world.branch_a2 and result.member is None
    body = response.content.decode()
    assert reverse("assessments:subject", args=[assessment.pk, result.subject_key]) in body
    assert f"{result.rank} / {run.subject_count}" in body


def test_a_member_finds_their_own_score_on_their_page(client, world, member_run):
    url = reverse("orgs:member", args=[world.a1_member.pk])
    response = results_on(client, world.member_a1, url)
    [result] = response.context["subject_results"]
    assert result.member == world.a1_member
    assert result.total == 8 and result.rank == 2
    body = response.content.decode()
    assert "党员积分测试方案" in body and "2 / 3" in body


def test_a_members_page_lists_no_branch_results(client, world, scored, member_run):
    url = reverse("orgs:member", args=[world.a1_member.pk])
    response = results_on(client, world.site_admin, url)
    assert [r.run.assessment for r in response.context["subject_results"]] == [member_run]


def test_only_the_current_run_is_listed(client, world, member_run):
    scheme = load_scheme(MEMBER_SCHEME)
    facts = {
        "period": {"kind": "year", "year": 2025},
        "subjects": [
            {
                "id": subject_key_for_member(world.a1_member.pk),
                "name": world.a1_member.name,
                "groups": {"branch": str(world.branch_a1.pk)},
                "metrics": {"tests_failed": 0},
            }
        ],
        "events": [],
    }
    branches = {world.a1_member.pk: world.branch_a1.pk}
    assessment_run(
        assessment=member_run, scheme=scheme, facts_json=facts, member_branches=branches, by=None
    )
    url = reverse("orgs:member", args=[world.a1_member.pk])
    [result] = results_on(client, world.site_admin, url).context["subject_results"]
    assert result.total == 10 and result.rank == 1


def test_a_branch_page_shows_no_result_the_viewer_may_not_see(client, world, member_run):
    # The secretary of 第一支部 sees their branch's page; the member scheme has no branch rows.
    url = reverse("orgs:detail", args=[world.branch_a1.pk])
    response = results_on(client, world.secretary_a1, url)
    assert response.context["subject_results"] == []
    assert "暂无您可查看的考核结果" in response.content.decode()


def test_a_members_page_links_the_records_concerning_them(client, world):
    url = reverse("orgs:member", args=[world.a1_member.pk])
    body = results_on(client, world.member_a1, url).content.decode()
    records = f"{reverse('records:index')}?member={world.a1_member.pk}"
    assert records in body
    assert client.get(records).status_code == 200
