"""The records index narrowed to one member (`?member=`, what score sheets link to): their
own records and the meetings they were listed at; a member one may not see is refused by
name and narrows nothing."""

from django.urls import reverse

from tests.records.helpers import make_meeting, make_record


def test_meetings_and_dues_narrow_to_the_member(client, world):
    attended = make_meeting(world, attendance=[(world.a1_member.pk, "absent")], topic="党员大会")
    make_meeting(world, attendance=[(world.a1_secretary.pk, "present")], topic="支委会")
    theirs = make_record(world, "dues_payment")
    make_record(world, "dues_payment", member=world.a1_secretary)
    client.force_login(world.secretary_a1)
    url = reverse("records:organization", args=[world.branch_a1.pk])

    meetings = client.get(url, {"kind": "meeting", "member": world.a1_member.pk})
    dues = client.get(url, {"kind": "dues_payment", "member": world.a1_member.pk})
    everything = client.get(url, {"member": world.a1_member.pk})

    assert list(meetings.context["page"].object_list) == [attended]
    assert list(dues.context["page"].object_list) == [theirs]
    sections = {s.kind.slug: list(s.records) for s in everything.context["sections"]}
    assert sections == {"meeting": [attended], "dues_payment": [theirs]}
    assert "李党员" in meetings.text


def test_an_organizations_own_kind_concerns_no_member(client, world):
    make_record(world, "report_submission")
    client.force_login(world.secretary_a1)
    url = reverse("records:organization", args=[world.branch_a1.pk])
    response = client.get(url, {"kind": "report_submission", "member": world.a1_member.pk})
    assert list(response.context["page"].object_list) == []


def test_a_member_out_of_reach_is_named_as_the_problem(client, world):
    make_record(world, "dues_payment")
    client.force_login(world.outsider)  # secretary of b1: a1's member is not theirs
    url = reverse("records:organization", args=[world.branch_b1.pk])
    response = client.get(url, {"kind": "dues_payment", "member": world.a1_member.pk})
    assert response.status_code == 200
    assert response.context["member"] is None
    assert "李党员" not in response.text
    assert response.context["filters"].errors["member"]
