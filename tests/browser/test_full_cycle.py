"""The whole cycle in a browser, as the four people who do it: the admin opens and moves the
stages, the secretary self-assesses and appeals, the evaluator reviews and decides, the
member reads the published result; then the admin finalizes and everyone sees the awards."""

import datetime

import pytest
from django.utils import timezone

from kaohe.assessments.models import Appeal, Stage
from kaohe.assessments.services import subject_key_for_org
from kaohe.records.models import MeetingKind
from kaohe.records.services import meeting_create
from tests.browser.test_login_and_tree import log_in
from tests.conftest import World
from tests.records import helpers as files

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def as_user(page, live_server, username):
    page.context.clear_cookies()
    log_in(page, live_server, username)


def test_full_cycle(page, live_server, world: World, cycle, screenshot, settings, tmp_path):
    settings.EVIDENCE_ROOT = tmp_path / "evidence"  # the appeal's photo, never under var/
    for month in (2, 5, 8, 11):  # 第一支部 holds its four quarterly congresses: A1 full
        meeting_create(
            organization=world.branch_a1,
            entered_by=world.site_admin,
            kind=MeetingKind.PARTY_CONGRESS,
            held_on=datetime.date(2025, month, 10),
            topic="支部党员大会",
        )
    a1 = subject_key_for_org(world.branch_a1.pk)
    a2 = subject_key_for_org(world.branch_a2.pk)
    base = live_server.url

    # 1. The admin opens the assessment's management page from its page and starts 自评.
    as_user(page, live_server, "admin_a")
    page.goto(f"{base}/assessments/{cycle.pk}/")
    page.click("#link-manage")  # in the cycle box htmx loads
    page.click("#form-start-self button")
    page.wait_for_selector("#stage .stage-steps li.current:has-text('自评')")
    screenshot("1-admin-self-assessment-open")

    # 2. The secretary finds the task on the dashboard, objects to the automatic A1 (a
    #    meeting held but not recorded), claims A2 with a reason, submits.
    as_user(page, live_server, "secretary_a1")
    page.click("#my-tasks a:has-text('自评')")
    assert "支部党员大会" in page.inner_text("main")
    page.click("#item-A1 details.objection-form summary")
    page.fill("#id_A1_reason", "第四季度支部党员大会已召开,记录漏录")
    page.click("#item-A1 details.objection-form button")
    page.wait_for_selector("#item-A1 .objection:has-text('记录漏录')")
    page.fill("#id_A2_claimed_points", "6")
    page.fill("#id_A2_reason", "实地查看材料齐全,见会议记录")
    page.click("#item-A2 button")
    page.check("#id_confirm")
    page.click("#submit button")
    page.wait_for_selector("#submission .badge:has-text('已提交')")
    screenshot("2-secretary-submitted")

    # 3. The admin opens review.
    as_user(page, live_server, "admin_a")
    page.goto(f"{base}/assessments/{cycle.pk}/manage/")
    page.click("#form-start-review button")
    page.wait_for_selector("#stage .stage-steps li.current:has-text('审核')")

    # 4. The evaluator rates both branches; a deduction carries its comment.
    as_user(page, live_server, "evaluator")
    page.click("#my-tasks a:has-text('审核')")
    assert "实地查看材料齐全" in page.inner_text(f"#cell-{a1}-A2")
    assert "1 条异议说明" in page.inner_text("main")
    assert "记录漏录" in page.inner_text("main")
    page.select_option(f"#id_{a1}_A2_level", "中")
    page.fill(f"#id_{a1}_A2_comment", "活动记录不全")
    page.click(f"#cell-{a1}-A2 button")
    page.wait_for_selector(".messages li:has-text('评分已保存')")
    page.select_option(f"#id_{a2}_A2_level", "优")
    page.click(f"#cell-{a2}-A2 button")
    page.wait_for_selector(".messages li:has-text('评分已保存')")
    screenshot("3-evaluator-review")

    # 5. The admin publishes for a window open now (the form proposes now → a week on).
    as_user(page, live_server, "admin_a")
    page.goto(f"{base}/assessments/{cycle.pk}/manage/")
    page.click("#form-publish button")
    page.wait_for_selector("#stage .stage-steps li.current:has-text('公示')")
    screenshot("4-admin-published")

    # 6. A member of the branch reads the published branch result.
    as_user(page, live_server, "member_a1")
    page.click("#my-tasks a:has-text('结果公示中')")
    page.click("#ranking a:has-text('第一支部')")
    assert "3 / 6" in page.inner_text("#item-A2")  # 中 = half of 6
    screenshot("5-member-result")

    # 7. The secretary appeals A2 from its row on the result page, with a photo as evidence.
    as_user(page, live_server, "secretary_a1")
    page.goto(f"{base}/assessments/{cycle.pk}/")
    page.click("#ranking a:has-text('第一支部')")
    page.click("#item-A2 a.appeal-link")
    page.fill("#appeal-form textarea", "活动记录已补充上传,请复核")
    photo = {"name": "活动照片.png", "mimeType": "image/png", "buffer": files.PNG}
    page.set_input_files("#appeal-form input[type=file]", files=[photo])
    page.click("#appeal-form button")
    page.wait_for_selector("#appeals .appeal:has-text('请复核')")  # the htmx box, after redirect
    assert page.is_visible("#appeals .evidence-files a:has-text('活动照片.png')")
    screenshot("6-secretary-appealed")

    # 8. The evaluator accepts, correcting the rating to 优.
    as_user(page, live_server, "evaluator")
    page.click("#my-tasks a:has-text('处理申诉')")
    appeal = Appeal.objects.get()
    with page.expect_download() as photo_download:  # checks the evidence before deciding
        page.click(f"#appeal-{appeal.pk} .evidence-files a")
    assert photo_download.value.suggested_filename == "活动照片.png"
    page.check(f"#id_appeal{appeal.pk}_verdict_0")
    page.select_option(f"#id_appeal{appeal.pk}_level", "优")
    page.fill(f"#id_appeal{appeal.pk}_decision", "补充材料属实,改评为优")
    page.click(f"#decide-{appeal.pk} button")
    page.wait_for_selector(".messages li:has-text('申诉已处理')")
    screenshot("7-evaluator-decided")

    # 9. The secretary is told, on the dashboard and on the result page; opening the notice
    # reads it.
    as_user(page, live_server, "secretary_a1")
    assert "已采纳" in page.inner_text("#notices")
    assert page.inner_text("#nav-notices .badge") == "1"
    page.click("#notices button.open")
    assert "改评为优" in page.inner_text(f"#appeal-{appeal.pk}")
    assert not page.is_visible("#nav-notices .badge")
    page.goto(f"{base}/assessments/{cycle.pk}/")
    page.click("#ranking a:has-text('第一支部')")
    page.wait_for_selector("#appeals .decision:has-text('改评为优')")
    assert "6 / 6" in page.inner_text("#item-A2")
    screenshot("8-secretary-told")

    # 10. The window ends. Waiting a week is not a test: move its end into the past directly.
    cycle.refresh_from_db()
    cycle.publish_until = timezone.now() - datetime.timedelta(minutes=1)
    cycle.save(update_fields=["publish_until"])
    as_user(page, live_server, "admin_a")
    page.goto(f"{base}/assessments/{cycle.pk}/manage/")
    page.click("#form-finalize button")
    page.wait_for_selector("#verification .badge:has-text('重算一致')")
    assert "已锁定" in page.inner_text("#stage")
    screenshot("9-admin-finalized")
    cycle.refresh_from_db()
    assert cycle.stage == Stage.FINALIZED

    # 11. Awards: 第一支部 (4 + 6 = 10) is 先进; 第二支部 (0 + 6) is below 8.
    page.goto(f"{base}/assessments/{cycle.pk}/awards/")
    table = page.inner_text("#award-advanced")
    assert "入选" in table and "总分 6 低于 8" in table
    screenshot("10-awards")
