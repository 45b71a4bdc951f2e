"""Where a page says a record is missing, whoever may enter it gets a link to the form,
started for it: a 三会一课 warning to that meeting (by the 党小组 for a 党小组会), the
发展党员台账's next step and a probation that is over to that person's step, an overdue 换届
to the election form. Those who only read (an evaluator) get no link."""

import datetime
import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from kaohe.organizations.models import Member, MemberStatus, Organization
from kaohe.records.models import DevelopmentStep
from tests.conftest import World
from tests.records.helpers import enter

D = datetime.date
TODAY = D(2025, 12, 20)


def create_links(page: str) -> list[tuple[str, dict]]:
    """(path, query) of every link on `page` to a record form."""
    links = []
    for href in re.findall(r'href="([^"]*/new/[^"]*)"', page):
        url = urlsplit(html.unescape(href))
        links.append((url.path, {k: v[0] for k, v in parse_qs(url.query).items()}))
    return links


def form_path(organization, kind: str) -> str:
    return reverse("records:create", args=[organization.pk, kind])


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: TODAY)


@pytest.fixture
def steps(world: World):
    enter(world, DevelopmentStep, person_name="赵预备", step="probationary", step_on=D(2024, 12, 1))
    enter(world, DevelopmentStep, person_name="李党员", member=world.a1_member,
          step="candidate", step_on=D(2025, 1, 5))  # fmt: skip
    return world


def test_the_ledger_links_each_next_step_for_its_person(client, steps, today):
    w = steps
    client.force_login(w.secretary_a1)
    page = client.get(reverse("records:development", args=[w.branch_a1.pk])).content.decode()
    path = form_path(w.branch_a1, "development_step")
    links = [query for link, query in create_links(page) if link == path and query]
    assert {"person_name": "赵预备", "step": "full"} in links
    assert {"person_name": "李党员", "member": str(w.a1_member.pk), "step": "probationary"} in links


def test_a_probation_over_links_its_full_membership_on_dashboard_and_branch_page(
    client, steps, today
):
    w = steps
    client.force_login(w.secretary_a1)
    form = form_path(w.branch_a1, "development_step")
    expected = (form, {"person_name": "赵预备", "step": "full"})
    for url in (reverse("home"), reverse("orgs:detail", args=[w.branch_a1.pk])):
        assert expected in create_links(client.get(url).content.decode()), url


def test_a_probationers_own_page_links_full_membership_for_the_secretary_only(
    client, world: World, today
):
    Member.objects.filter(pk=world.a1_member.pk).update(
        status=MemberStatus.PROBATIONARY, joined_party_on=D(2024, 6, 1)
    )
    page_url = reverse("orgs:member", args=[world.a1_member.pk])
    query = {"person_name": "李党员", "member": str(world.a1_member.pk), "step": "full"}
    client.force_login(world.secretary_a1)
    links = create_links(client.get(page_url).content.decode())
    assert (form_path(world.branch_a1, "development_step"), query) in links
    client.force_login(world.member_a1)  # their own page: they may read it, not record it
    response = client.get(page_url)
    assert 'id="probation"' in response.content.decode()
    assert create_links(response.content.decode()) == []


def test_each_meeting_warning_links_the_meeting_where_it_is_held(client, world: World, today):
    client.force_login(world.secretary_a1)
    page = client.get(reverse("orgs:detail", args=[world.branch_a1.pk])).content.decode()
    card = re.search(r'<ul class="meeting-warnings">(.*?)</ul>', page, re.S).group(1)
    warnings = re.findall(r"<li.*?</li>", card, re.S)
    assert warnings  # nothing is on record: every requirement is overdue
    links = [create_links(warning) for warning in warnings]
    assert all(len(found) == 1 for found in links)
    found = [link for [link] in links]
    assert (form_path(world.group_a1, "meeting"), {"kind": "group"}) in found
    assert (form_path(world.branch_a1, "meeting"), {"kind": "committee"}) in found
    assert {path for path, _ in found} == {
        form_path(world.group_a1, "meeting"),
        form_path(world.branch_a1, "meeting"),
    }


def test_an_overdue_election_links_the_election_form(client, world: World, today):
    Organization.objects.filter(pk=world.branch_a1.pk).update(last_election_on=D(2020, 1, 1))
    client.force_login(world.secretary_a1)
    expected = (form_path(world.branch_a1, "election"), {})
    for url in (reverse("home"), reverse("orgs:detail", args=[world.branch_a1.pk])):
        assert expected in create_links(client.get(url).content.decode()), url


def test_a_reader_gets_no_links_to_forms(client, steps, today):
    w = steps
    Organization.objects.filter(pk=w.branch_a1.pk).update(last_election_on=D(2020, 1, 1))
    client.force_login(w.evaluator)
    # The reader sees what is missing, as a writer does: a probation over, warnings, 换届逾期.
    home = client.get(reverse("home")).content.decode()
    assert all(marker in home for marker in ("赵预备", 'id="meeting-warnings"', "换届逾期"))
    for url in (
        reverse("home"),
        reverse("orgs:detail", args=[w.branch_a1.pk]),
        reverse("records:development", args=[w.branch_a1.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert create_links(response.content.decode()) == [], url
