"""三会一课完成情况: every visible branch with meetings overdue or due this year, the most
overdue first; narrowed to an organization the viewer sees, searched by name, paged; the
dashboard's "and N more" leads to it."""

import datetime

import pytest
from django.urls import reverse

from kaohe.records import calendar, calendar_views
from kaohe.records.calendar import REQUIREMENTS
from kaohe.records.services import meeting_create
from tests.conftest import World

TODAY = datetime.date(2025, 12, 15)
OVERVIEW = reverse("records:calendar_overview")


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: TODAY)


def hold(world: World, organization, kind: str, on: datetime.date) -> None:
    meeting_create(
        organization=organization, entered_by=world.site_admin, kind=kind, held_on=on, topic="会"
    )


def rows(response) -> list[tuple[str, int, int]]:
    return [(s.branch.name, s.red, s.yellow) for s in response.context["page"].object_list]


def test_branches_come_most_overdue_first_with_their_counts(client, world: World):
    # 第一支部 held its 支委会, and its 党小组 their meeting, every month to November.
    for month in range(1, 12):
        hold(world, world.branch_a1, "committee", datetime.date(2025, month, 10))
        hold(world, world.group_a1, "group", datetime.date(2025, month, 10))
    client.force_login(world.site_admin)
    response = client.get(OVERVIEW)
    listed = rows(response)
    # The most overdue first; equals in the tree's order.
    assert [name for name, _, _ in listed] == ["第二支部", "第三支部", "第一支部"]
    by_name = {name: (red, yellow) for name, red, yellow in listed}
    # Each count is the branch calendar's own.
    for branch in (world.branch_a1, world.branch_a2, world.branch_b1):
        warnings = calendar.branch_calendar(world.site_admin, branch, 2025, TODAY).warnings()
        red = sum(1 for w in warnings if w.level == "red")
        assert by_name[branch.name] == (red, len(warnings) - red)
    assert by_name["第一支部"][0] < by_name["第二支部"][0] == by_name["第三支部"][0]
    assert response.context["red"] == sum(red for _, red, _ in listed)


def test_a_general_branch_admin_sees_only_their_branches(client, world: World):
    client.force_login(world.admin_a)
    names = {name for name, _, _ in rows(client.get(OVERVIEW))}
    assert names == {"第一支部", "第二支部"}


def test_org_narrows_to_a_visible_subtree_and_an_unseen_one_is_404(client, world: World):
    client.force_login(world.site_admin)
    narrowed = client.get(OVERVIEW, {"org": world.gb_b.pk})
    assert {name for name, _, _ in rows(narrowed)} == {"第三支部"}
    assert "第二党总支 · 三会一课完成情况" in narrowed.content.decode()
    client.force_login(world.admin_a)
    assert client.get(OVERVIEW, {"org": world.gb_b.pk}).status_code == 404


def test_a_branch_that_held_everything_due_counts_as_on_track(client, world: World, monkeypatch):
    january = datetime.date(2025, 1, 20)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: january)
    for requirement in REQUIREMENTS:
        holders = [world.group_a1] if requirement.per_group else [world.branch_a1]
        for holder in holders:
            hold(world, holder, requirement.kind, datetime.date(2025, 1, 5))
    client.force_login(world.admin_a)
    response = client.get(OVERVIEW)
    assert {name for name, _, _ in rows(response)} == {"第二支部"}
    assert response.context["on_track"] == 1
    assert "1 个党支部没有逾期或待召开的会议" in response.content.decode()


def test_search_and_pages_keep_the_other_filters(client, world: World, monkeypatch):
    monkeypatch.setattr(calendar_views, "OVERVIEW_PAGE_SIZE", 1)
    client.force_login(world.site_admin)
    response = client.get(OVERVIEW, {"org": world.gb_a.pk})
    assert len(rows(response)) == 1 and response.context["page"].paginator.count == 2
    assert f"?org={world.gb_a.pk}&amp;page=2" in response.content.decode()
    searched = client.get(OVERVIEW, {"org": world.gb_a.pk, "q": "第二"})
    assert [name for name, _, _ in rows(searched)] == ["第二支部"]
    nothing = client.get(OVERVIEW, {"q": "没有这个"})
    assert "没有名称含“没有这个”且需要关注的党支部。" in nothing.content.decode()


def test_a_member_sees_no_branch(client, world: World):
    client.force_login(world.member_a1)
    response = client.get(OVERVIEW)
    assert response.status_code == 200 and rows(response) == []
    assert "没有可查看的党支部。" in response.content.decode()


def test_the_dashboard_and_a_general_branch_page_lead_to_it(client, world: World):
    client.force_login(world.site_admin)
    assert OVERVIEW in client.get(reverse("home")).content.decode()
    page = client.get(reverse("orgs:detail", args=[world.gb_a.pk])).content.decode()
    assert f"{OVERVIEW}?org={world.gb_a.pk}" in page
