"""A member's score can lose points for a meeting they missed; the explanation links to the
meeting, so the member may open it — their own attendance row only, no one else's, and no
meeting they were not on the roll of."""

from django.urls import reverse

from kaohe.accounts.scoping import scoped
from kaohe.records.models import Meeting
from tests.records.helpers import make_meeting


def test_member_opens_a_meeting_they_missed_and_sees_only_their_own_row(client, world):
    meeting = make_meeting(
        world,
        attendance=[(world.a1_member.pk, "absent"), (world.a1_secretary.pk, "present")],
    )
    client.force_login(world.member_a1)
    response = client.get(reverse("records:detail", args=["meeting", meeting.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert world.a1_member.name in body
    assert world.a1_secretary.name not in body


def test_a_meeting_the_member_was_not_on_the_roll_of_stays_hidden(client, world):
    meeting = make_meeting(world, attendance=[(world.a1_secretary.pk, "present")])
    client.force_login(world.member_a1)
    response = client.get(reverse("records:detail", args=["meeting", meeting.pk]))
    assert response.status_code == 404


def test_scoping_by_attendance_lists_each_meeting_once(world):
    make_meeting(world, attendance=[(world.a1_member.pk, "present")])
    make_meeting(world, attendance=[(world.a1_member.pk, "excused")], topic="第二次")
    # The attendance rule is a subquery, not a join: no meeting repeats for any viewer.
    for user in (world.member_a1, world.secretary_a1, world.site_admin):
        meetings = list(scoped(user, Meeting.objects.all()))
        assert len(meetings) == len(set(meetings))
    assert len(list(scoped(world.member_a1, Meeting.objects.all()))) == 2
