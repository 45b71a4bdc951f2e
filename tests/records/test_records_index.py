"""The records index: recent records by kind, filters by kind and date, only what one may see."""

import datetime

from django.urls import reverse

from kaohe.records import services
from kaohe.records.models import Incident
from tests.records.helpers import make_meeting, make_record


def incident(world, organization, day):
    return services.record_create(
        model=Incident,
        organization=organization,
        entered_by=world.site_admin,
        kind="other",
        occurred_on=day,
        description=f"事件 {day}",
    )


def test_the_index_shows_recent_records_by_kind(client, world):
    make_record(world, "meeting")
    make_record(world, "dues_payment")
    client.force_login(world.secretary_a1)
    response = client.get(reverse("records:index"))
    kinds = [section.kind.slug for section in response.context["sections"]]
    assert kinds == ["meeting", "dues_payment"]


def test_a_member_sees_only_their_own_records(client, world):
    attended = make_record(world, "meeting")  # the whole branch on the roll
    make_meeting(world, attendance=[(world.a1_secretary.pk, "present")], topic="支委会")
    make_record(world, "dues_payment")
    make_record(world, "dues_payment", member=world.a1_secretary)
    client.force_login(world.member_a1)
    response = client.get(reverse("records:index"))
    meetings, dues = response.context["sections"]
    assert list(meetings.records) == [attended]
    assert [r.member for r in dues.records] == [world.a1_member]


def test_a_sibling_secretary_sees_none_of_another_branch(client, world):
    make_record(world, "meeting")
    client.force_login(world.outsider)
    assert client.get(reverse("records:index")).context["sections"] == []
    response = client.get(reverse("records:organization", args=[world.branch_a1.pk]))
    assert response.status_code == 404


def test_filters_by_kind_and_date(client, world):
    for day in (1, 10, 20):
        incident(world, world.branch_a1, datetime.date(2025, 3, day))
    make_record(world, "meeting")
    client.force_login(world.admin_a)
    url = reverse("records:organization", args=[world.gb_a.pk])
    response = client.get(url, {"kind": "incident", "date_from": "2025-03-05"})
    assert [r.occurred_on.day for r in response.context["page"].object_list] == [20, 10]
    response = client.get(url, {"date_to": "2025-03-05"})
    assert [s.kind.slug for s in response.context["sections"]] == ["incident"]


def test_a_bad_filter_is_reported_and_ignored(client, world):
    incident(world, world.branch_a1, datetime.date(2025, 3, 1))
    client.force_login(world.admin_a)
    response = client.get(
        reverse("records:index"), {"date_from": "2025-04-01", "date_to": "2025-03-01"}
    )
    assert "截止日期不能早于起始日期" in response.content.decode()
    assert len(response.context["sections"]) == 1


def test_more_than_a_section_holds_links_to_the_full_list(client, world):
    for day in range(1, 8):
        incident(world, world.branch_a1, datetime.date(2025, 3, day))
    client.force_login(world.secretary_a1)
    response = client.get(reverse("records:organization", args=[world.branch_a1.pk]))
    (section,) = response.context["sections"]
    assert len(section.records) == 5 and section.more
    assert "?kind=incident" in response.content.decode()


def test_entry_buttons_show_for_writers_only(client, world):
    url = reverse("records:organization", args=[world.branch_a1.pk])
    new_meeting = reverse("records:create", args=[world.branch_a1.pk, "meeting"])
    client.force_login(world.secretary_a1)
    assert new_meeting in client.get(url).content.decode()
    client.force_login(world.evaluator)
    assert new_meeting not in client.get(url).content.decode()


def test_the_navigation_links_to_the_records(client, world):
    client.force_login(world.member_a1)
    assert reverse("records:index") in client.get(reverse("home")).content.decode()


def test_the_index_runs_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    for slug in ("meeting", "dues_payment", "honour", "incident"):
        make_record(world, slug)
    client.force_login(world.admin_a)
    with django_assert_max_num_queries(25):
        client.get(reverse("records:organization", args=[world.gb_a.pk]))
