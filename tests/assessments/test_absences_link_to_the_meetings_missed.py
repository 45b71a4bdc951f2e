"""Points lost for absences link to the meetings missed: a branch's absences at meetings
held above it (篇四 上级会议缺席) to those meetings, its secretary's (篇七) to the ones the
secretary missed, and an attendance rate to every meeting it counts and to the missed ones.
The branch's secretary follows each link and finds exactly those meetings."""

import datetime
import html
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from kaohe.records.models import MeetingKind
from kaohe.records.services import meeting_create
from tests.conftest import computed_2025
from tests.schemes import yearly

pytestmark = pytest.mark.django_db

SCHEME = yearly(
    "absence-links",
    "会议出勤",
    """\
  - id: A
    name: 出勤
    points: 30
    items:
      - id: A1
        name: 按时参加上级会议
        max: 10
        rule:
          kind: deduction
          missing: zero
          clauses: [{count: meeting_absences, points: 1, label: 会议缺席, unit: 人次}]
      - id: A2
        name: 书记参加上级会议
        max: 10
        rule:
          kind: deduction
          missing: zero
          clauses: [{count: secretary_meeting_absences, points: 1, label: 书记缺席, unit: 次}]
      - id: A3
        name: 出勤率
        max: 10
        rule:
          kind: tiers
          missing: zero
          rate: {numerator: attendances, denominator: expected_attendances}
          tiers: [{range: "[90, ∞)", points: 10}, {range: "[0, 90)", points: 0}]
""",
    total=30,
)


def _meeting(world, organization, topic, attendance, kind=MeetingKind.LECTURE, day=1):
    return meeting_create(
        organization=organization, entered_by=world.site_admin, kind=kind,
        held_on=datetime.date(2025, 5, day), topic=topic, attendance=attendance,
    )  # fmt: skip


@pytest.fixture
def sheet(client, world):
    a1, secretary, b1 = world.a1_member.pk, world.a1_secretary.pk, world.b1_member.pk
    _meeting(world, world.root, "书记缺席", [(a1, "present"), (secretary, "absent")], day=1)
    _meeting(world, world.root, "党员缺席", [(a1, "absent"), (secretary, "present")], day=2)
    _meeting(world, world.root, "全到", [(a1, "present"), (secretary, "present")], day=3)
    _meeting(world, world.root, "他支部缺席", [(a1, "present"), (b1, "absent")], day=4)
    _meeting(world, world.root, "请假", [(a1, "excused"), (secretary, "present")], day=5)
    _meeting(
        world, world.branch_a1, "本支部请假", [(a1, "excused"), (secretary, "present")],
        kind=MeetingKind.PARTY_CONGRESS, day=6,
    )  # fmt: skip
    result = computed_2025(SCHEME, world.root).results.get(organization=world.branch_a1)
    points = {score.item_id: score.points for score in result.items.all()}
    assert points["A1"] == Decimal(8) and points["A2"] == Decimal(
        9
    )  # 2 absences, 1 the secretary's
    client.force_login(world.secretary_a1)
    page = client.get(reverse("assessments:result", args=[result.pk])).text
    return page


def _links(page: str) -> dict[str, str]:
    """Link text → href of the records links on a score sheet."""
    links = {}
    for part in page.split('<a href="')[1:]:
        href, rest = part.split('"', 1)
        if "kind=meeting" in href:
            links[html.unescape(rest.split(">", 1)[1].split("<", 1)[0])] = html.unescape(href)
    return links


def _topics(client, link: str) -> set[str]:
    response = client.get(link)
    assert response.status_code == 200
    return {m.topic for m in response.context["page"].object_list}


def test_absences_at_higher_meetings_link_to_those_meetings(client, world, sheet):
    link = _links(sheet)["上级会议缺席"]
    query = parse_qs(urlsplit(link).query)
    assert urlsplit(link).path == reverse("records:organization", args=[world.branch_a1.pk])
    assert query["held"] == ["above"] and query["attendance"] == ["absent"]
    assert _topics(client, link) == {"书记缺席", "党员缺席"}


def test_the_secretarys_absences_link_to_the_meetings_they_missed(client, world, sheet):
    link = _links(sheet)["支部书记上级会议缺席"]
    assert parse_qs(urlsplit(link).query)["member"] == [str(world.a1_secretary.pk)]
    assert _topics(client, link) == {"书记缺席"}


def test_an_attendance_rate_links_to_every_meeting_and_the_missed_ones(client, sheet):
    links = _links(sheet)
    everything = {"书记缺席", "党员缺席", "全到", "他支部缺席", "请假", "本支部请假"}
    assert _topics(client, links["会议"]) == everything
    assert _topics(client, links["缺席或请假的会议"]) == {
        "书记缺席",
        "党员缺席",
        "请假",
        "本支部请假",
    }


def test_below_the_top_the_link_lists_only_the_meetings_the_assessment_counted(client, world):
    # A 党总支's own assessment counts its meetings, not the 党委's above it.
    a1 = world.a1_member.pk
    _meeting(world, world.root, "党委会议", [(a1, "absent")], day=1)
    _meeting(world, world.gb_a, "总支会议", [(a1, "absent")], day=2)
    result = computed_2025(SCHEME, world.gb_a).results.get(organization=world.branch_a1)
    assert result.items.get(item_id="A1").points == Decimal(9)  # the 总支's meeting alone
    client.force_login(world.secretary_a1)
    page = client.get(reverse("assessments:result", args=[result.pk])).text

    link = _links(page)["上级会议缺席"]

    assert parse_qs(urlsplit(link).query)["within"] == [str(world.gb_a.pk)]
    assert _topics(client, link) == {"总支会议"}
    assert "只看第一党总支范围内上级组织召开、列有第一支部党员的会议" in client.get(link).text
