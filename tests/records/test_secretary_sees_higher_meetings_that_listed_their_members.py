"""A meeting held above a branch (the 党委's 党课) that listed its members costs the branch
points when they miss it, and the score sheet links to it: the branch's secretary and the
admins above the branch may open it, see only their own members' rows (and are told so),
and change nothing.
A higher meeting that listed none of their members stays hidden."""

from django.urls import reverse

from kaohe.accounts.scoping import scoped
from kaohe.records.models import Attendance, Meeting
from tests.records.helpers import make_meeting


def _committee_lecture(world, attendance, topic="党委党课"):
    return make_meeting(
        world, organization=world.root, kind="lecture", attendance=attendance, topic=topic
    )


def test_the_secretary_opens_it_and_sees_only_their_members_rows(client, world):
    lecture = _committee_lecture(
        world, [(world.a1_member.pk, "absent"), (world.b1_member.pk, "present")]
    )
    client.force_login(world.secretary_a1)

    response = client.get(reverse("records:detail", args=["meeting", lecture.pk]))

    assert response.status_code == 200
    assert [row.member for row in response.context["attendance"]] == [world.a1_member]
    assert world.b1_member.name not in response.text
    assert "本次会议共列2人，这里只显示您可查看的1人。" in response.text
    assert response.context["can_write"] is False
    edit = client.get(reverse("records:edit", args=["meeting", lecture.pk]))
    assert edit.status_code == 403


def test_a_higher_meeting_without_their_members_stays_hidden(client, world):
    lecture = _committee_lecture(world, [(world.b1_member.pk, "absent")])
    client.force_login(world.secretary_a1)
    response = client.get(reverse("records:detail", args=["meeting", lecture.pk]))
    assert response.status_code == 404


def test_an_admin_of_the_general_branch_sees_the_committees_meeting_too(world):
    listed = _committee_lecture(world, [(world.a2_member.pk, "present")])
    other = _committee_lecture(world, [(world.b1_member.pk, "present")], topic="只列第三支部")
    held_by_root = Meeting.objects.filter(organization=world.root)

    assert list(scoped(world.admin_a, held_by_root)) == [listed]
    assert list(scoped(world.outsider, held_by_root)) == [other]  # b1's secretary


def test_attendance_rows_of_a_higher_meeting_reach_only_their_branch(world):
    lecture = _committee_lecture(
        world, [(world.a1_member.pk, "absent"), (world.b1_member.pk, "present")]
    )
    rows = Attendance.objects.filter(meeting=lecture)
    assert [a.member for a in scoped(world.secretary_a1, rows)] == [world.a1_member]
    assert [a.member for a in scoped(world.outsider, rows)] == [world.b1_member]
    assert scoped(world.evaluator, rows).count() == 2


def test_whoever_sees_every_row_is_told_nothing_of_the_kind(client, world):
    lecture = _committee_lecture(
        world, [(world.a1_member.pk, "absent"), (world.b1_member.pk, "present")]
    )
    client.force_login(world.evaluator)
    response = client.get(reverse("records:detail", args=["meeting", lecture.pk]))
    assert len(response.context["attendance"]) == 2
    assert 'id="attendance-partial"' not in response.text
