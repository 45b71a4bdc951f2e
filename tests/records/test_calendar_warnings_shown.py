"""The warnings appear on the dashboard (every branch in reach) and on the branch page."""

import datetime
import re

from django.urls import reverse

from tests.conftest import World


def warnings_card(response) -> str:
    page = response.content.decode()
    found = re.search(r'<div class="card" id="meeting-warnings">(.*?)</div>', page, re.S)
    return found.group(1) if found else ""


def test_dashboard_shows_warnings_of_every_branch_of_a_committee_admin(client, world: World):
    client.force_login(world.site_admin)
    card = warnings_card(client.get(reverse("home")))
    # Some branch is always due or overdue here: no meetings are on record at all.
    assert "badge red" in card or "badge yellow" in card
    assert reverse("records:calendar", args=[world.branch_a1.pk]) in card


def test_general_branch_admin_sees_only_their_branches(client, world: World):
    client.force_login(world.admin_a)
    card = warnings_card(client.get(reverse("home")))
    assert "第一支部" in card or "第二支部" in card
    assert "第三支部" not in card


def test_secretary_sees_only_their_own_branch(client, world: World):
    client.force_login(world.secretary_a1)
    card = warnings_card(client.get(reverse("home")))
    assert "第一支部" in card
    assert "第二支部" not in card and "第三支部" not in card


def test_member_sees_no_warnings(client, world: World):
    client.force_login(world.member_a1)
    assert warnings_card(client.get(reverse("home"))) == ""


def test_branch_page_shows_its_own_warnings_and_links_the_calendar(client, world: World):
    client.force_login(world.secretary_a1)
    response = client.get(reverse("orgs:detail", args=[world.branch_a1.pk]))
    card = warnings_card(response)
    assert reverse("records:calendar", args=[world.branch_a1.pk]) in card
    assert "badge yellow" in card or "badge red" in card


def test_branch_page_lists_the_most_urgent_and_counts_the_rest(client, world: World, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: datetime.date(2025, 12, 15))
    client.force_login(world.secretary_a1)
    response = client.get(reverse("orgs:detail", args=[world.branch_a1.pk]))
    summary = response.context["meeting_warnings"]
    assert len(summary.items) == 10 and summary.rest == summary.total - 10 > 0
    assert [w.level for w in summary.items] == ["red"] * 10
    assert summary.items[0].window.index == 1  # January's misses first
