"""A secretary enters a meeting with every member's attendance on one page, all or nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kaohe.records import services
from kaohe.records.models import Attendance, Meeting
from tests.records.helpers import DAY, make_meeting


def meeting_post(world, **attendance):
    data = {
        "kind": "committee",
        "held_on": "2025-03-14",
        "topic": "研究发展党员工作",
        "location": "三楼会议室",
        "host": "张书记",
        "minutes": "一、传达上级精神；二、讨论发展对象。",
    }
    for member, status in attendance.items():
        data[f"attendance-member_{getattr(world, member).pk}"] = status
    return data


def test_the_page_lists_every_branch_member_marked_present(client, world):
    client.force_login(world.secretary_a1)
    response = client.get(reverse("records:create", args=[world.branch_a1.pk, "meeting"]))
    assert response.status_code == 200
    rows = response.context["attendance"].rows()
    assert [member.name for member, _ in rows] == ["张书记", "李党员"]
    assert all(field.value() == "present" for _, field in rows)
    assert "王党员" not in response.content.decode()


def test_one_post_saves_the_meeting_and_all_attendance(client, world):
    client.force_login(world.secretary_a1)
    url = reverse("records:create", args=[world.branch_a1.pk, "meeting"])
    data = meeting_post(world, a1_secretary="present", a1_member="excused")
    response = client.post(url, data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("records:detail", args=["meeting", meeting.pk])
    assert meeting.organization == world.branch_a1 and meeting.entered_by == world.secretary_a1
    statuses = dict(meeting.attendances.values_list("member__name", "status"))
    assert statuses == {"张书记": "present", "李党员": "excused"}
    page = client.get(response.url).content.decode()
    assert "研究发展党员工作" in page and "请假" in page


def test_a_missing_choice_saves_nothing(client, world):
    client.force_login(world.secretary_a1)
    url = reverse("records:create", args=[world.branch_a1.pk, "meeting"])
    response = client.post(url, meeting_post(world, a1_secretary="present"))  # 李党员 missing
    assert response.status_code == 200
    assert "请为每名党员选择出席、请假或缺席" in response.content.decode()
    assert not Meeting.objects.exists() and not Attendance.objects.exists()


def test_a_bad_meeting_field_saves_no_attendance_either(client, world):
    client.force_login(world.secretary_a1)
    url = reverse("records:create", args=[world.branch_a1.pk, "meeting"])
    data = meeting_post(world, a1_secretary="present", a1_member="absent") | {"topic": ""}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "主题" in response.content.decode()
    assert not Meeting.objects.exists() and not Attendance.objects.exists()


def test_a_branch_cannot_hold_a_party_group_meeting(client, world):
    client.force_login(world.secretary_a1)
    url = reverse("records:create", args=[world.branch_a1.pk, "meeting"])
    data = meeting_post(world, a1_secretary="present", a1_member="present") | {"kind": "group"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_a_member_of_another_branch_is_refused_and_nothing_is_saved(world):
    with pytest.raises(ValidationError) as refused:
        make_meeting(
            world, attendance=[(world.a1_member.pk, "present"), (world.b1_member.pk, "present")]
        )
    assert "赵党员" in str(refused.value)
    assert not Meeting.objects.exists() and not Attendance.objects.exists()


def test_attendance_entered_twice_is_refused(world):
    twice = [(world.a1_member.pk, "present"), (world.a1_member.pk, "absent")]
    with pytest.raises(ValidationError) as refused:
        make_meeting(world, attendance=twice)
    assert "李党员" in str(refused.value)
    assert not Meeting.objects.exists()


def test_an_unknown_status_is_refused(world):
    with pytest.raises(ValidationError):
        make_meeting(world, attendance=[(world.a1_member.pk, "asleep")])
    assert not Meeting.objects.exists()


def test_a_party_group_meeting_is_for_the_groups_members(client, world):
    client.force_login(world.secretary_a1)
    url = reverse("records:create", args=[world.group_a1.pk, "meeting"])
    response = client.get(url)
    assert [k for k, _ in response.context["form"].fields["kind"].choices] == ["group"]
    data = meeting_post(world, a1_secretary="present", a1_member="absent") | {"kind": "group"}
    assert client.post(url, data).status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.organization == world.group_a1 and meeting.attendances.count() == 2


def test_editing_changes_the_attendance_in_place(client, world):
    meeting = make_meeting(world)
    client.force_login(world.secretary_a1)
    url = reverse("records:edit", args=["meeting", meeting.pk])
    data = meeting_post(world, a1_secretary="present", a1_member="absent")
    data |= {"kind": meeting.kind, "topic": "新主题"}
    assert client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.topic == "新主题"
    assert dict(meeting.attendances.values_list("member__name", "status")) == {
        "张书记": "present",
        "李党员": "absent",
    }


def test_changing_the_minutes_clears_the_evaluators_check(world):
    meeting = make_meeting(world, minutes="记录")
    services.meeting_check_minutes(meeting=meeting, complete=True, by=world.evaluator)
    services.meeting_update(meeting=meeting, minutes="记录（补充）")
    meeting.refresh_from_db()
    assert not meeting.minutes_complete and meeting.minutes_checked_by is None


def test_the_meeting_date_cannot_be_in_the_future(world):
    import datetime

    with pytest.raises(ValidationError) as refused:
        make_meeting(world, held_on=DAY.replace(year=datetime.date.today().year + 1))
    assert "held_on" in refused.value.message_dict
