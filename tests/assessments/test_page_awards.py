"""评优: who made each award, and for everyone else why not — from the stored results."""

import pytest
from django.urls import reverse

from kaohe.assessments import awards
from kaohe.assessments.selectors import current_run
from kaohe.assessments.services import (
    assessment_open,
    assessment_run,
    scheme_version_store,
    subject_key_for_org,
)
from kaohe.organizations.models import OrgKind
from kaohe.organizations.services import organization_create
from kaohe.scoring import Period, load_scheme

# Five branches rated by hand; one vetoed. 先进 takes 50% (quota 2 of 5, ties share a rank);
# 标兵 takes 20% (quota 1) and admits a tied group only if all of it fits.
AWARD_SCHEME = """
id: awards
title: 评优测试方案
version: "1"
subject: branch
period: year
total: 10
grades: [{name: 优秀, min: 9}, {name: 合格, min: 6}, {name: 不合格}]
vetoes:
  - {id: accident, name: 较大安全责任事故, when_any: [{metric: accident, label: 发生事故}],
     missing: zero, effect: {grade: lowest}}
awards:
  - {id: advanced, name: 先进党支部, min_total: 5, quota: 50%, rounding: floor, ties: include}
  - {id: model, name: 标兵党支部, min_total: 5, quota: 20%, rounding: floor, ties: exclude}
categories:
  - id: A
    name: 工作
    points: 10
    items:
      - {id: A1, name: 综合评价, max: 10, rule: {kind: manual, missing: zero}}
"""


@pytest.fixture
def ranked(world):
    scheme = load_scheme(AWARD_SCHEME)
    version = scheme_version_store(scheme=scheme, source=AWARD_SCHEME)
    extra = [
        organization_create(name=name, kind=OrgKind.BRANCH, parent=world.gb_b)
        for name in ("第四支部", "第五支部")
    ]
    branches = [world.branch_a1, world.branch_a2, world.branch_b1, *extra]
    points = {"第一支部": 9, "第二支部": 8, "第三支部": 8, "第四支部": 7, "第五支部": 3}
    facts = {
        "period": {"kind": "year", "year": 2025},
        "subjects": [
            {
                "id": subject_key_for_org(b.pk),
                "name": b.name,
                "metrics": {"accident": 1 if b.name == "第一支部" else 0},
                "manual": {"A1": {"points": points[b.name], "comment": "评"}},
            }
            for b in branches
        ],
        "events": [],
    }
    assessment = assessment_open(
        scheme_version=version, organization=world.root, period=Period("year", 2025), by=None
    )
    assessment_run(assessment=assessment, scheme=scheme, facts_json=facts, by=None)
    return scheme, assessment


def statuses(scheme, assessment, award_id):
    run = current_run(assessment)
    visible = list(run.results.select_related("organization"))
    standing = next(
        s for s in awards.award_standings(scheme, run, visible) if s.award.id == award_id
    )
    (population,) = standing.populations
    found = {s.result.organization.name: (s.status, s.rank) for s in population.standings}
    return population, found


def test_each_subject_gets_its_reason(ranked):
    population, found = statuses(*ranked, "advanced")
    assert (population.size, population.quota, population.candidates) == (5, 2, 3)
    assert found == {
        "第一支部": ("veto", None),  # the highest total, but vetoed: counted, never a candidate
        "第二支部": ("yes", 1),
        "第三支部": ("yes", 1),
        "第四支部": ("quota", 3),
        "第五支部": ("below", None),
    }


def test_a_tied_group_that_does_not_fit_is_left_out_whole(ranked):
    population, found = statuses(*ranked, "model")
    assert population.quota == 1 and population.awarded == 0
    assert found["第二支部"] == found["第三支部"] == ("tie", 1)


def test_the_page_agrees_with_the_stored_awards(client, world, ranked):
    _, assessment = ranked
    stored = {
        r.organization.name
        for r in current_run(assessment).results.select_related("organization")
        if "advanced" in r.awards
    }
    assert stored == {"第二支部", "第三支部"}
    client.force_login(world.site_admin)
    body = client.get(reverse("assessments:awards", args=[assessment.pk])).content.decode()
    assert "在 5 个对象中排第 3 名,超出名额 2 名" in body
    assert "一票否决:不得参评" in body and "总分 3 低于 5" in body
    assert "容纳不下全部并列者" in body


def test_a_secretary_sees_only_their_own_standing(client, world, ranked):
    _, assessment = ranked
    client.force_login(world.secretary_a1)
    page = client.get(reverse("assessments:awards", args=[assessment.pk]))
    names = {
        s.result.organization.name
        for standing in page.context["standings"]
        for population in standing.populations
        for s in population.standings
    }
    assert names == {"第一支部"}
    # …while the population and quota still count every branch.
    assert page.context["standings"][0].populations[0].size == 5
