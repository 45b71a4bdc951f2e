"""A branch's page and a member's page list their results in every assessment the viewer may
see (the current run's), each linking to its score sheet; a member's own page is where they
find their score."""

import pytest
from django.urls import reverse

from kaohe.assessments.services import (
    assessment_open,
    assessment_run,
    scheme_version_store,
    subject_key_for_member,
)
from kaohe.scoring import Period, load_scheme

MEMBER_SCHEME = """
id: member-results
title: 党员积分测试方案
version: "1"
subject: member
period: year
total: 10
grades: [{name: 优秀, min: 9}, {name: 合格}]
categories:
  - id: M
    name: 党员考核
    points: 10
    items:
      - id: M1
        name: 政治理论测验
        max: 10
        rule:
          kind: deduction
          missing: zero
          clauses:
            - {count: tests_failed, points: 2, label: 政治理论测验不及格}
"""


@pytest.fixture
def member_run(world):
    scheme = load_scheme(MEMBER_SCHEME)
    version = scheme_version_store(scheme=scheme, source=MEMBER_SCHEME)
    assessment = assessment_open(
        scheme_version=version, organization=world.gb_a, period=Period("year", 2025), by=None
    )
    members = [world.a1_secretary, world.a1_member, world.a2_member]
    failed = {world.a1_secretary.pk: 0, world.a1_member.pk: 1, world.a2_member.pk: 3}
    facts = {
        "period": {"kind": "year", "year": 2025},
        "subjects": [
            {
                "id": subject_key_for_member(m.pk),
                "name": m.name,
                "groups": {"branch": str(m.branch_id)},
                "metrics": {"tests_failed": failed[m.pk]},
            }
            for m in members
        ],
        "events": [],
    }
    branches = {m.pk: m.branch_id for m in members}
    assessment_run(
        assessment=assessment, scheme=scheme, facts_json=facts, member_branches=branches, by=None
    )
    return assessment


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
