"""A new record may bring its 佐证材料 along on the same page (a meeting its sign-in sheet and
minutes, beside the attendance): saved together, all or nothing — a refused file is named,
and neither the record, its attendance nor any file is kept. A record already saved adds
files on its own page."""

from django.urls import reverse

from kaohe.records.forms import MAX_FILES_AT_ONCE
from kaohe.records.models import Attendance, Evidence, Meeting, TestResult
from tests.records import helpers
from tests.records.conftest import stored_files
from tests.records.helpers import make_record, upload
from tests.records.test_meeting_with_attendance import meeting_post


def meeting_url(world) -> str:
    return reverse("records:create", args=[world.branch_a1.pk, "meeting"])


def test_a_meeting_saved_with_its_attendance_and_two_files(client, world, evidence_root):
    client.force_login(world.secretary_a1)
    data = meeting_post(world, a1_secretary="present", a1_member="absent")
    data["evidence"] = [upload("签到表.png", helpers.PNG), upload("会议记录.pdf", helpers.PDF)]
    response = client.post(meeting_url(world), data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert Attendance.objects.filter(meeting=meeting).count() == 2
    names = sorted(Evidence.objects.filter(object_id=meeting.pk).values_list("original_name"))
    assert names == [("会议记录.pdf",), ("签到表.png",)]
    assert len(stored_files(evidence_root)) == 2
    assert all(e.uploaded_by == world.secretary_a1 for e in Evidence.objects.all())
    page = client.get(response.url).content.decode()
    assert "签到表.png" in page and "会议记录.pdf" in page


def test_a_refused_file_keeps_nothing_and_is_named(client, world, evidence_root):
    client.force_login(world.secretary_a1)
    data = meeting_post(world, a1_secretary="present", a1_member="present")
    data["evidence"] = [upload("签到表.png", helpers.PNG), upload("tool.exe", b"MZ" + b"\0" * 60)]
    response = client.post(meeting_url(world), data)
    assert response.status_code == 200
    [error] = response.context["form"].errors["evidence"]
    assert "tool.exe" in error and "不支持该文件类型" in error
    assert 'href="#id_evidence"' in response.content.decode()  # the summary names the field
    assert not Meeting.objects.exists() and not Attendance.objects.exists()
    assert not Evidence.objects.exists() and stored_files(evidence_root) == []


def test_any_kind_saves_its_files_and_a_bad_record_stores_no_file(client, world, evidence_root):
    client.force_login(world.secretary_a1)
    url = reverse("records:create", args=[world.branch_a1.pk, "test_result"])
    good = {"member": world.a1_member.pk, "title": "党章测试", "taken_on": "2025-03-14",
            "score": "92", "full_score": "100", "pass_score": "60"}  # fmt: skip
    bad = good | {"score": "120"}
    response = client.post(url, bad | {"evidence": [upload("试卷.pdf", helpers.PDF)]})
    assert response.status_code == 200 and response.context["form"].errors.keys() == {"score"}
    assert stored_files(evidence_root) == []
    response = client.post(url, good | {"evidence": [upload("试卷.pdf", helpers.PDF)]})
    [evidence] = TestResult.objects.get().evidence.all()
    assert evidence.original_name == "试卷.pdf" and evidence.member == world.a1_member
    assert len(stored_files(evidence_root)) == 1


def test_too_many_files_at_once_are_refused(client, world, evidence_root):
    client.force_login(world.secretary_a1)
    data = meeting_post(world, a1_secretary="present", a1_member="present")
    data["evidence"] = [upload(f"{i}.pdf", helpers.PDF) for i in range(MAX_FILES_AT_ONCE + 1)]
    response = client.post(meeting_url(world), data)
    assert "最多" in " ".join(response.context["form"].errors["evidence"])
    assert not Meeting.objects.exists() and stored_files(evidence_root) == []


def test_a_saved_record_adds_files_on_its_page_not_its_form(client, world):
    meeting = make_record(world, "meeting")
    client.force_login(world.secretary_a1)
    form = client.get(reverse("records:edit", args=["meeting", meeting.pk])).context["form"]
    assert "evidence" not in form.fields
