"""An item scored from a metric links to the records that metric counts: the subject's
branch's records of that kind in the period, and for a member only the member's."""

import datetime
import html
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from kaohe.assessments.metrics import CATALOGUE, RECORDS_BEHIND
from kaohe.records.kinds import KINDS
from kaohe.records.models import DuesPayment
from kaohe.records.services import record_create
from tests.conftest import World, computed_2025

pytestmark = pytest.mark.django_db

SCHEME = """
id: dues-links
title: 党费
version: "1"
subject: {subject}
period: year
total: 10
grades: [{{name: 合格}}]
categories:
  - id: A
    name: 基础
    points: 10
    items:
      - id: A1
        name: 党费
        max: 10
        rule:
          kind: deduction
          missing: zero
          clauses: [{{count: dues_arrears, points: 1, label: 欠缴党费, unit: 人次}}]
"""


def _dues(world: World, member, month: int, paid: str):
    return record_create(
        model=DuesPayment, organization=world.branch_a1, entered_by=world.site_admin,
        member=member, month=datetime.date(2025, month, 1), amount_due=Decimal("30.00"),
        amount_paid=Decimal(paid), paid_on=datetime.date(2025, month, 5),
    )  # fmt: skip


def _result(world: World, source: str, key_filter: dict):
    """gb_a's assessment under `source` for 2025, computed from the records: one result."""
    return computed_2025(source, world.gb_a).results.get(**key_filter)


def _records_link(page: str) -> str:
    hrefs = [html.unescape(part.split('"', 1)[0]) for part in page.split('href="')[1:]]
    [link] = [h for h in hrefs if "kind=dues_payment" in h]
    return link


def test_a_branch_item_links_to_its_dues_records_of_the_period(client, world):
    short = _dues(world, world.a1_member, 3, "10.00")
    result = _result(world, SCHEME.format(subject="branch"), {"organization": world.branch_a1})
    assert result.total == Decimal(9)
    client.force_login(world.secretary_a1)

    link = _records_link(client.get(reverse("assessments:result", args=[result.pk])).text)

    url = urlsplit(link)
    assert url.path == reverse("records:organization", args=[world.branch_a1.pk])
    assert parse_qs(url.query) == {
        "kind": ["dues_payment"], "date_from": ["2025-01-01"], "date_to": ["2025-12-31"],
    }  # fmt: skip
    listing = client.get(link).text
    assert reverse("records:detail", args=["dues_payment", short.pk]) in listing


def test_a_member_item_links_to_that_members_records_only(client, world):
    theirs = _dues(world, world.a1_member, 3, "10.00")
    someone_elses = _dues(world, world.a1_secretary, 4, "10.00")
    result = _result(world, SCHEME.format(subject="member"), {"member": world.a1_member})
    client.force_login(world.secretary_a1)

    link = _records_link(client.get(reverse("assessments:result", args=[result.pk])).text)

    assert parse_qs(urlsplit(link).query)["member"] == [str(world.a1_member.pk)]
    listing = client.get(link).text
    assert reverse("records:detail", args=["dues_payment", theirs.pk]) in listing
    assert reverse("records:detail", args=["dues_payment", someone_elses.pk]) not in listing
    assert "李党员" in listing  # says whose records these are
    # The member follows the same link from their own score sheet.
    client.force_login(world.member_a1)
    page = client.get(reverse("assessments:result", args=[result.pk])).text
    assert _records_link(page) == link
    mine = client.get(link)
    assert mine.status_code == 200
    assert reverse("records:detail", args=["dues_payment", theirs.pk]) in mine.text


def test_every_metric_names_the_records_it_counts():
    assert set(RECORDS_BEHIND) == set(CATALOGUE)
    assert all(b.kind in KINDS for links in RECORDS_BEHIND.values() for b in links)


MEETINGS = """
id: meeting-links
title: 三会一课
version: "1"
subject: branch
period: year
total: 10
grades: [{name: 合格}]
categories:
  - id: A
    name: 三会一课
    points: 10
    items:
      - id: A1
        name: 支委会与党课
        max: 5
        rule:
          kind: deduction
          missing: zero
          clauses:
            - {shortfall: committee_meetings, required: {frequency: monthly}, points: 0.5, label: 支委会, verb: 开}
            - {shortfall: party_lectures, required: {frequency: quarterly}, points: 1, label: 党课, verb: 上}
      - id: A2
        name: 出勤
        max: 5
        rule:
          kind: tiers
          missing: zero
          rate: {numerator: attendances, denominator: expected_attendances}
          tiers: [{range: "[90, ∞)", points: 5}, {range: "[0, 90)", points: 0}]
"""  # noqa: E501


def test_meeting_items_link_to_their_kind_of_meeting(client, world):
    from kaohe.records.models import MeetingKind
    from kaohe.records.services import meeting_create

    def meeting(kind, day):
        return meeting_create(
            organization=world.branch_a1, entered_by=world.site_admin, kind=kind,
            held_on=datetime.date(2025, 5, day), topic="会议",
            attendance=[(world.a1_secretary.pk, "present")],
        )  # fmt: skip

    committee, lecture = meeting(MeetingKind.COMMITTEE, 1), meeting(MeetingKind.LECTURE, 2)
    result = _result(world, MEETINGS, {"organization": world.branch_a1})
    client.force_login(world.secretary_a1)
    page = client.get(reverse("assessments:result", args=[result.pk])).text
    hrefs = [html.unescape(p.split('"', 1)[0]) for p in page.split('href="')[1:]]
    queries = [parse_qs(urlsplit(h).query) for h in hrefs if "kind=meeting" in h]

    # A1: one link per kind of meeting it counts; A2 counts every meeting: a link to all of
    # them and one to those someone missed.
    assert [q.get("meeting_kind") for q in queries] == [["committee"], ["lecture"], None, None]
    assert [q.get("attendance") for q in queries[2:]] == [None, ["not_present"]]
    assert ">支委会</a>" in page and ">党课</a>" in page
    committee_link = next(h for h in hrefs if "meeting_kind=committee" in h)
    listing = client.get(committee_link).text
    assert reverse("records:detail", args=["meeting", committee.pk]) in listing
    assert reverse("records:detail", args=["meeting", lecture.pk]) not in listing
