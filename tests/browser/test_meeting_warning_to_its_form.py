"""A secretary on a 390px phone follows a 三会一课 warning on the dashboard («去登记») to the
meeting form, by the 党小组 and of the type it names, saves the meeting with a photo of the
sign-in sheet chosen on the same page, and the warning is gone."""

import pytest
from django.utils import timezone

from kaohe.records.models import Meeting
from tests.browser.test_login_and_tree import log_in
from tests.conftest import World
from tests.records.helpers import PNG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_missed_group_meeting_recorded_from_its_warning(
    page, live_server, world: World, screenshot, settings, tmp_path
):
    settings.EVIDENCE_ROOT = tmp_path / "evidence"  # the photo, never under var/
    january = timezone.localdate().replace(month=1, day=1)  # never in the future
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "secretary_a1")
    warning = page.locator("#meeting-warnings li", has_text="第一党小组 党小组会 1月")
    assert warning.count() == 1  # nothing is on record: January's group meeting was missed
    warning.locator("a.record-it").click()

    assert page.input_value("#id_kind") == "group"
    assert "第一党小组" in page.inner_text("nav.crumbs")
    page.fill("#id_held_on", january.isoformat())
    page.fill("#id_topic", "学习党章")
    page.set_input_files(
        "#id_evidence", files=[{"name": "签到表.png", "mimeType": "image/png", "buffer": PNG}]
    )
    page.click("form.record-form button[type=submit]")
    page.wait_for_url("**/meeting/**")
    meeting = Meeting.objects.get()
    assert (meeting.organization, meeting.kind) == (world.group_a1, "group")
    assert "签到表.png" in page.inner_text("main")
    assert [e.original_name for e in meeting.evidence.all()] == ["签到表.png"]

    page.goto(f"{live_server.url}/")
    assert page.locator("#meeting-warnings li", has_text="第一党小组 党小组会 1月").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("warnings-390")
