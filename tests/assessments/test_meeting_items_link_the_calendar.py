"""An item counting 三会一课 (held against required) links the branch's calendar of the
period's year, where the windows that went without are red; an item counting other
meetings does not."""

import html
import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from kaohe.assessments.metrics import MEETINGS_IN_CALENDAR, RECORDS_BEHIND
from kaohe.records.calendar import REQUIRED_KINDS
from tests.conftest import World, computed_2025

pytestmark = pytest.mark.django_db

SCHEME = """
id: calendar-links
title: 三会一课
version: "1"
subject: branch
period: year
total: 10
grades: [{name: 合格}]
categories:
  - id: A
    name: 基础
    points: 10
    items:
      - id: A1
        name: 支委会
        max: 5
        rule:
          kind: deduction
          missing: zero
          clauses: [{shortfall: committee_meetings, required: {frequency: monthly}, points: 1,
                     label: 支委会, verb: 开}]
      - id: A2
        name: 学习
        max: 5
        rule:
          kind: deduction
          missing: zero
          clauses: [{shortfall: study_sessions, required: {frequency: monthly}, points: 1,
                     label: 集中学习, verb: 开}]
"""


def item_links(page: str, item_id: str) -> list[str]:
    row = re.search(rf'<tr id="item-{item_id}".*?</tr>', page, re.S).group(0)
    links = re.search(r'<div class="item-links">(.*?)</div>', row, re.S).group(1)
    return [html.unescape(href) for href in re.findall(r'href="([^"]*)"', links)]


def test_the_meetings_item_links_the_calendar_of_the_year(client, world: World):
    run = computed_2025(SCHEME, world.gb_a)
    result = run.results.get(organization=world.branch_a1)
    client.force_login(world.secretary_a1)
    page = client.get(reverse("assessments:result", args=[result.pk])).text
    calendar = reverse("records:calendar", args=[world.branch_a1.pk])
    assert f"{calendar}?year=2025" in item_links(page, "A1")
    assert not any(urlsplit(link).path == calendar for link in item_links(page, "A2"))
    assert "三会一课日历" in page


def test_the_metrics_are_the_calendars_meeting_counts():
    kinds = {RECORDS_BEHIND[name][0].meeting_kind for name in MEETINGS_IN_CALENDAR}
    assert kinds == set(REQUIRED_KINDS)
    assert not any("minutes" in name for name in MEETINGS_IN_CALENDAR)  # counts, not minutes
