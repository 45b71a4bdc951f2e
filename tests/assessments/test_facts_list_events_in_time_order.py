"""The facts list events by date whatever order the records were entered or read in, so an
explanation names its records the same way every time, earliest first."""

import datetime

import pytest

from kaohe.assessments.facts import build_facts
from kaohe.records.models import Article, ArticleFormat, ArticleLevel
from kaohe.records.services import record_create
from tests.conftest import World, open_2025

pytestmark = pytest.mark.django_db

SCHEME = """
id: events-order
title: 事件顺序
version: "1"
subject: branch
period: year
total: 10
categories:
  - id: A
    name: 计划与加分
    points: 10
    items:
      - id: A0
        name: 年度计划
        max: 10
        rule: {kind: completion, metric: has_annual_plan, label: 有年度工作计划, missing: zero}
      - id: A1
        name: 信息刊登
        max: 10
        rule:
          kind: bonus
          clauses:
            - {events: {type: info_published, level: [city_brief]}, points: 1, label: 市级刊登}
"""


def test_events_are_listed_by_date_not_by_entry(world: World):
    # Entered autumn first, spring last: the order ids (and a plain scan) would give.
    for title, day in (("九月", 9), ("三月", 3), ("六月", 6)):
        record_create(
            model=Article, organization=world.branch_a1, entered_by=world.site_admin,
            title=title, submitted_on=datetime.date(2025, day, 1), published=True,
            published_on=datetime.date(2025, day, 20), level=ArticleLevel.CITY,
            form=ArticleFormat.BRIEF,
        )  # fmt: skip
    scheme, assessment = open_2025(SCHEME, world.root)
    events = build_facts(scheme, assessment).data["events"]
    assert [e["date"] for e in events] == ["2025-03-20", "2025-06-20", "2025-09-20"]
