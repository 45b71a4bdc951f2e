"""An award counted within each branch (优秀党员: 20% of a branch) says so in the page's
language: 按支部分组计算, not the scheme's key `branch`."""

import pytest
from django.urls import reverse

from tests.conftest import run_members

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
    return run_members(world, SCHEME, lambda m: {"manual": {"M1": {"points": 9, "comment": "好"}}})


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
