"""The calendar and the warnings are set-based: more branches, groups and meetings do not add
queries."""

import datetime

from django.urls import reverse

from kaohe.accounts.models import User
from kaohe.organizations.models import OrgKind
from kaohe.organizations.services import organization_create
from kaohe.records.calendar import branch_calendar, meeting_warnings
from tests.conftest import World
from tests.records.helpers import make_meeting

TODAY = datetime.date(2025, 8, 15)


def add_branches(world: World, count: int) -> None:
    for n in range(count):
        branch = organization_create(name=f"新支部{n}", kind=OrgKind.BRANCH, parent=world.gb_a)
        group = organization_create(name=f"新党小组{n}", kind=OrgKind.GROUP, parent=branch)
        make_meeting(world, organization=branch, kind="committee", held_on=TODAY)
        make_meeting(world, organization=group, kind="group", held_on=TODAY, attendance=[])


def warnings_for(user_pk: int) -> list:
    return meeting_warnings(User.objects.get(pk=user_pk), None, TODAY)


def test_warnings_for_every_visible_branch_take_the_same_few_queries(
    world: World, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):  # user, reach, organizations, meeting counts
        few = warnings_for(world.admin_a.pk)
    add_branches(world, 6)
    with django_assert_max_num_queries(4):
        many = warnings_for(world.admin_a.pk)
    assert {w.branch.name for w in many} > {w.branch.name for w in few}
    assert len({w.branch.pk for w in many}) == 8


def test_calendar_of_a_branch_with_many_groups_takes_the_same_few_queries(
    world: World, django_assert_max_num_queries
):
    for n in range(5):
        group = organization_create(name=f"党小组{n}", kind=OrgKind.GROUP, parent=world.branch_a1)
        make_meeting(world, organization=group, kind="group", held_on=TODAY, attendance=[])
    user = User.objects.get(pk=world.admin_a.pk)
    with django_assert_max_num_queries(3):  # reach, organizations, meeting counts
        calendar = branch_calendar(user, world.branch_a1, 2025, TODAY)
    assert len([r for r in calendar.rows if r.requirement.per_group]) == 6


def test_dashboard_query_count_does_not_grow_with_branches(
    client, world: World, django_assert_max_num_queries
):
    client.force_login(world.admin_a)
    client.get(reverse("home"))  # warm up whatever is cached per process
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(reverse("home"))
    add_branches(world, 5)
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(reverse("home"))
    assert response.status_code == 200
