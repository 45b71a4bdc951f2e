"""Each record form: good input saves a record in the branch; bad input is refused with a
Chinese message next to the field it concerns, and nothing is saved."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kaohe.records.kinds import KINDS
from tests.conftest import World

FUTURE = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()


def good(w: World, slug: str) -> dict:
    member = w.a1_member.pk
    return {
        "dues_payment": {
            "member": member,
            "month": "2025-03",
            "amount_due": "25.50",
            "amount_paid": "25.50",
            "paid_on": "2025-03-14",
        },
        "dues_hand_in": {
            "period_start": "2025-01",
            "period_end": "2025-03",
            "amount": "612.00",
            "handed_in_on": "2025-04-08",
            "received_by": "机关党委",
        },
        "study_note_check": {"member": member, "month": "2025-03", "result": "late"},
        "test_result": {
            "member": member,
            "title": "党章知识测试",
            "taken_on": "2025-03-14",
            "score": "92.5",
            "full_score": "100",
            "pass_score": "60",
        },
        "article": {
            "member": member,
            "title": "“三会一课”工作法",
            "submitted_on": "2025-03-01",
            "published": "on",
            "published_on": "2025-03-20",
            "level": "province",
            "form": "typical",
            "outlet": "《支部生活》",
        },
        "app_points": {"member": member, "month": "2025-03", "points": "1200"},
        "volunteer_service": {"served_on": "2025-03-05", "hours": "3.5", "activity": "学雷锋"},
        "honour": {"title": "先进基层党组织", "level": "city", "awarded_on": "2025-07-01"},
        "discipline_case": {
            "member": member,
            "case_ref": "纪-2025-003",
            "event": "违反工作纪律",
            "punishment": "admin_demerit",
            "decided_on": "2025-02-10",
        },
        "incident": {
            "kind": "serious_safety_accident",
            "severity": "larger",
            "occurred_on": "2025-02-01",
            "description": "车间起火",
        },
        "election": {"kind": "general", "held_on": "2025-03-01", "seats": "5", "elected": "5"},
        "report_submission": {
            "kind": "duty_report",
            "title": "2024年度书记述职报告",
            "due_on": "2025-01-31",
            "submitted_on": "2025-01-20",
        },
        "development_step": {"person_name": "陈积极", "step": "activist", "step_on": "2025-03-01"},
        "inspection": {
            "kind": "patrol",
            "inspected_on": "2025-03-10",
            "inspector": "第二巡察组",
            "findings_count": "2",
            "findings": "党费台账不全；会议记录缺页",
        },
    }[slug]


# kind → (changes to the good input, field that must carry the error, Chinese text shown)
BAD = {
    "dues_payment": [
        ({"paid_on": ""}, "paid_on", "请填写缴纳日期"),
        ({"amount_due": "-1"}, "amount_due", "不能为负数"),
        ({"month": "2025-13"}, "month", "有效"),
    ],
    "dues_hand_in": [({"period_end": "2024-12"}, "period_end", "截止月份不能早于起始月份")],
    "study_note_check": [({"result": ""}, "result", "这个字段是必填项")],
    "test_result": [({"score": "120"}, "score", "成绩不能超过满分")],
    "article": [
        ({"level": ""}, "level", "请选择刊物级别"),
        ({"published_on": "2025-02-01"}, "published_on", "刊登日期不能早于投稿日期"),
    ],
    "app_points": [({"points": "-5"}, "points", "大于或等于")],
    "volunteer_service": [({"hours": "0"}, "hours", "至少")],
    "honour": [({"awarded_on": FUTURE}, "awarded_on", "日期不能晚于今天")],
    "discipline_case": [({"member": "__b1__"}, "member", "选择一个有效的选项")],
    "incident": [
        ({"kind": "earthquake"}, "kind", "选择一个有效的选项"),
        ({"severity": "catastrophic"}, "severity", "选择一个有效的选项"),
    ],
    "election": [({"elected": "6"}, "elected", "当选人数不能多于应选职数")],
    "report_submission": [({"title": ""}, "title", "这个字段是必填项")],
    "development_step": [
        ({"person_name": ""}, "person_name", "请填写姓名"),
        ({"step": "extended"}, "extended_months", "请填写预备期延长几个月"),
        ({"extended_months": "6"}, "extended_months", "只有延长预备期才填写延长月数"),
        ({"step": "extended", "extended_months": "13"}, "extended_months", "小于或等于"),
    ],
    "inspection": [({"findings": ""}, "findings", "请填写发现的问题")],
}
GOOD_CASES = [slug for slug in KINDS if slug != "meeting"]
BAD_CASES = [(slug, *case) for slug, cases in BAD.items() for case in cases]


def test_every_kind_has_good_and_bad_cases():
    assert set(GOOD_CASES) == set(BAD)


@pytest.mark.parametrize("slug", GOOD_CASES)
def test_good_input_saves_the_record_in_the_branch(client, world, slug):
    client.force_login(world.secretary_a1)
    url = reverse("records:create", args=[world.branch_a1.pk, slug])
    assert client.get(url).status_code == 200
    response = client.post(url, good(world, slug))
    assert response.status_code == 302, response.context["form"].errors
    record = KINDS[slug].model.objects.get()
    assert response.url == reverse("records:detail", args=[slug, record.pk])
    assert record.organization == world.branch_a1
    assert record.entered_by == world.secretary_a1


@pytest.mark.parametrize(("slug", "changes", "field", "text"), BAD_CASES)
def test_bad_input_is_refused_with_a_message_on_the_field(
    client, world, slug, changes, field, text
):
    client.force_login(world.secretary_a1)
    data = good(world, slug) | changes
    if data.get("member") == "__b1__":
        data["member"] = world.b1_member.pk  # a member of another general branch
    response = client.post(reverse("records:create", args=[world.branch_a1.pk, slug]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert text in " ".join(errors[field]), errors[field]
    body = response.content.decode()
    label = str(response.context["form"].fields[field].label)
    assert f"{label}</a>：" in body  # the summary names the field
    assert not KINDS[slug].model.objects.exists()


def test_a_second_check_of_the_same_month_is_refused(client, world):
    client.force_login(world.secretary_a1)
    url = reverse("records:create", args=[world.branch_a1.pk, "study_note_check"])
    assert client.post(url, good(world, "study_note_check")).status_code == 302
    response = client.post(url, good(world, "study_note_check"))
    assert response.status_code == 200
    assert "已经存在" in response.content.decode()
    assert KINDS["study_note_check"].model.objects.count() == 1


def test_editing_keeps_the_record_and_changes_its_fields(client, world):
    client.force_login(world.secretary_a1)
    create = reverse("records:create", args=[world.branch_a1.pk, "test_result"])
    client.post(create, good(world, "test_result"))
    record = KINDS["test_result"].model.objects.get()
    edit = reverse("records:edit", args=["test_result", record.pk])
    response = client.post(edit, good(world, "test_result") | {"score": "58"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert str(record.score) == "58.0" and not record.passed
    assert record.entered_by == world.secretary_a1


def test_member_choices_are_the_branch_roster_only(client, world):
    client.force_login(world.admin_a)
    response = client.get(reverse("records:create", args=[world.branch_a1.pk, "dues_payment"]))
    choices = {m.name for m in response.context["form"].fields["member"].queryset}
    assert choices == {"张书记", "李党员"}


def test_a_general_branch_record_about_a_member_lands_in_the_members_branch(client, world):
    client.force_login(world.admin_a)
    url = reverse("records:create", args=[world.gb_a.pk, "honour"])
    data = good(world, "honour") | {"member": world.a2_member.pk}
    assert client.post(url, data).status_code == 302
    assert KINDS["honour"].model.objects.get().organization == world.branch_a2


def test_a_development_step_takes_the_members_name(client, world):
    client.force_login(world.secretary_a1)
    url = reverse("records:create", args=[world.branch_a1.pk, "development_step"])
    data = good(world, "development_step") | {"person_name": "", "member": world.a1_member.pk}
    assert client.post(url, data).status_code == 302
    assert KINDS["development_step"].model.objects.get().person_name == "李党员"


def test_empty_choices_read_in_chinese(client, world):
    client.force_login(world.secretary_a1)
    response = client.get(reverse("records:create", args=[world.branch_a1.pk, "article"]))
    body = response.content.decode()
    assert "— 请选择 —" in body and "Select an option" not in body
