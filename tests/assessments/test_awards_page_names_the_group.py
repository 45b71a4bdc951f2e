"""An award counted within each branch (优秀党员: 20% of a branch) says so in the page's
language: 按支部分组计算, not the scheme's key `branch`."""

import pytest
from django.urls import reverse

from kaohe.assessments.services import (
    assessment_open,
    assessment_run,
    scheme_version_store,
    subject_key_for_member,
    subject_key_for_org,
)
from kaohe.scoring import Period, load_scheme

SCHEME = """
id: grouped-award
title: 分组评优测试方案
version: "1"
subject: member
period: year
total: 10
grades: [{name: 合格}]
awards:
  - {id: excellent, name: 优秀党员, min_total: 9, quota: 20%, group: branch}
categories:
  - id: M
    name: 党员考核
    points: 10
    items:
      - {id: M1, name: 综合评价, max: 10, rule: {kind: manual, missing: zero}}
"""


@pytest.fixture
def grouped(world):
    scheme = load_scheme(SCHEME)
    version = scheme_version_store(scheme=scheme, source=SCHEME)
    assessment = assessment_open(
        scheme_version=version, organization=world.gb_a, period=Period("year", 2025), by=None
    )
    members = [world.a1_secretary, world.a1_member, world.a2_member]
    facts = {
        "period": {"kind": "year", "year": 2025},
        "subjects": [
            {
                "id": subject_key_for_member(m.pk),
                "name": m.name,
                "groups": {"branch": subject_key_for_org(m.branch_id)},
                "manual": {"M1": {"points": 9, "comment": "好"}},
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


def test_the_group_is_named_in_chinese(client, world, grouped):
    client.force_login(world.site_admin)
    body = client.get(reverse("assessments:awards", args=[grouped.pk])).content.decode()
    assert "按支部分组计算" in body
    assert "按branch" not in body and "按 branch" not in body


def test_and_in_english(client, world, grouped):
    client.force_login(world.site_admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("assessments:awards", args=[grouped.pk])).content.decode()
    assert "of each branch" in body
