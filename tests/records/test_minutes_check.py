"""Evaluators tick "minutes complete"; secretaries cannot; outsiders do not see the meeting."""

from django.urls import reverse

from kaohe.records.models import Meeting
from tests.records.helpers import make_meeting


def check(client, user, meeting, complete=True):
    client.force_login(user)
    data = {"complete": "on"} if complete else {}
    return client.post(reverse("records:minutes_check", args=[meeting.pk]), data)


def test_an_evaluator_marks_the_minutes_complete(client, world):
    meeting = make_meeting(world, minutes="一、学习；二、讨论。")
    response = check(client, world.evaluator, meeting)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_complete and meeting.minutes_checked_by == world.evaluator
    page = client.get(response.url).content.decode()
    assert "会议记录完整" in page


def test_an_evaluator_may_mark_them_incomplete(client, world):
    meeting = make_meeting(world, minutes="一、学习。")
    check(client, world.evaluator, meeting, complete=False)
    meeting.refresh_from_db()
    assert not meeting.minutes_complete and meeting.minutes_checked_at is not None


def test_empty_minutes_cannot_be_complete(client, world):
    meeting = make_meeting(world, minutes="")
    response = check(client, world.evaluator, meeting)
    assert response.status_code == 302
    assert not Meeting.objects.get().minutes_complete
    assert "没有可审核的会议记录" in client.get(response.url).content.decode()


def test_the_secretary_cannot_check_their_own_minutes(client, world):
    meeting = make_meeting(world, minutes="x")
    assert check(client, world.secretary_a1, meeting).status_code == 403
    assert not Meeting.objects.get().minutes_complete


def test_an_outsider_gets_404_and_a_member_on_the_roll_403(client, world):
    meeting = make_meeting(world, minutes="x")  # the whole branch on the roll
    assert check(client, world.outsider, meeting).status_code == 404
    assert check(client, world.member_a1, meeting).status_code == 403  # sees it, may not check
    assert not Meeting.objects.get().minutes_complete


def test_the_check_form_shows_only_to_checkers(client, world):
    meeting = make_meeting(world, minutes="x")
    url = reverse("records:detail", args=["meeting", meeting.pk])
    action = reverse("records:minutes_check", args=[meeting.pk])
    client.force_login(world.evaluator)
    assert action in client.get(url).content.decode()
    client.force_login(world.secretary_a1)
    assert action not in client.get(url).content.decode()
