"""A record's repeated text (a test's title for every member's result, a person's name at
each development step, a meeting's place) is offered from what the organization entered
before, the most recent first, as a datalist: one spelling, picked with a tap."""

import re

from django.urls import reverse

from kaohe.records.models import DevelopmentStep, TestResult
from kaohe.records.selectors import earlier_values
from tests.conftest import World
from tests.records.helpers import DAY, enter, make_meeting


def suggestions(page: str, field: str) -> list[str]:
    """The options of the datalist `field`'s input names, [] without one."""
    tag = re.search(rf'<input type="text" name="{field}"[^>]*>', page).group(0)
    listed = re.search(r'list="([^"]+)"', tag)
    if not listed:
        return []
    datalist = re.search(rf'<datalist id="{listed.group(1)}">(.*?)</datalist>', page, re.S)
    return re.findall(r'<option value="([^"]*)">', datalist.group(1))


def form_page(client, organization, kind: str) -> str:
    return client.get(reverse("records:create", args=[organization.pk, kind])).content.decode()


def test_a_tests_title_is_offered_for_the_next_members_result(client, world: World):
    taken = [(world.a1_secretary, "一季度党纪测试"), (world.a1_member, "二季度党纪测试")]
    for member, title in taken:
        enter(world, TestResult, member=member, title=title, taken_on=DAY, score=90)
    enter(world, TestResult, organization=world.branch_a2, member=world.a2_member,
          title="第二支部的测试", taken_on=DAY, score=90)  # fmt: skip
    client.force_login(world.secretary_a1)
    page = form_page(client, world.branch_a1, "test_result")
    assert suggestions(page, "title") == ["二季度党纪测试", "一季度党纪测试"]


def test_each_name_once_the_latest_first_and_nothing_when_nothing_was_entered(client, world: World):
    for name in ("王新", "赵预备", "王新"):
        enter(world, DevelopmentStep, person_name=name, step="application", step_on=DAY)
    assert earlier_values(world.site_admin, DevelopmentStep, world.branch_a1, "person_name") == [
        "王新",
        "赵预备",
    ]
    client.force_login(world.secretary_a1)
    assert suggestions(form_page(client, world.branch_a1, "development_step"), "person_name") == [
        "王新",
        "赵预备",
    ]
    assert suggestions(form_page(client, world.branch_a1, "inspection"), "inspector") == []


def test_a_meetings_place_and_chair(client, world: World):
    make_meeting(world, location="党员活动室", host="张书记")
    client.force_login(world.secretary_a1)
    page = form_page(client, world.branch_a1, "meeting")
    assert suggestions(page, "location") == ["党员活动室"]
    assert suggestions(page, "host") == ["张书记"]


def test_only_values_the_viewer_may_see(world: World):
    enter(world, TestResult, organization=world.branch_b1, member=world.b1_member,
          title="第三支部的测试", taken_on=DAY, score=90)  # fmt: skip

    def titles(user) -> list[str]:
        return earlier_values(user, TestResult, world.branch_b1, "title")

    assert titles(world.outsider) == ["第三支部的测试"]
    assert titles(world.secretary_a1) == []
