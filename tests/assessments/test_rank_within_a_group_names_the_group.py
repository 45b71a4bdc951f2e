"""A rank within each branch names the branch on the score sheet (在第一支部内…), not the
group's key the engine ranked by (O12), on the page and in its .xlsx."""

import io

import openpyxl
import pytest
from django.urls import reverse

from kaohe.assessments.services import subject_key_for_member
from tests.conftest import run_members

SCHEME = """
id: grouped-rank
title: 支部内排名测试方案
version: "1"
subject: member
period: year
total: 10
grades: [{name: 合格}]
categories:
  - id: M
    name: 党员考核
    points: 10
    items:
      - id: M1
        name: 学习积分
        max: 10
        rule:
          kind: rank
          metric: app_points
          order: desc
          group: branch
          label: 学习积分
          missing: zero
          tiers:
            - {ranks: [1, 1], points: 10}
            - {ranks: [2, null], points: 5}
"""


@pytest.fixture
def grouped(world):
    points = {world.a1_secretary.pk: 30, world.a1_member.pk: 50, world.a2_member.pk: 10}
    return run_members(world, SCHEME, lambda m: {"metrics": {"app_points": points[m.pk]}})


def test_the_sheet_names_the_branch_the_rank_was_within(client, world, grouped):
    key = subject_key_for_member(world.a1_secretary.pk)
    client.force_login(world.site_admin)
    body = client.get(reverse("assessments:subject", args=[grouped.pk, key])).content.decode()
    assert "在第一支部内2个对象中排第2名" in body
    assert f"O{world.branch_a1.pk}内" not in body
    export = client.get(reverse("assessments:subject_export", args=[grouped.pk, key]))
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert any("在第一支部内2个对象中排第2名" in c for c in cells)
