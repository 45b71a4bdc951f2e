"""A secretary on a 390px phone goes from the branch's 学习笔记检查台账 to a month's check,
marks one member's notes as not handed in, and is back on the year with the month coloured
and counted."""

import pytest
from django.urls import reverse

from tests.browser.test_login_and_tree import log_in
from tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_month_checked_from_the_year(page, live_server, world: World, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "secretary_a1")
    page.goto(f"{live_server.url}{reverse('records:organization', args=[world.branch_a1.pk])}")
    page.click("text=学习笔记检查台账")
    grid = reverse("records:month_grid", args=[world.branch_a1.pk, "study-notes"])
    page.goto(f"{live_server.url}{grid}?year=2025")
    page.click("a[href$='/monthly/study-notes/2025-03/']")
    page.select_option(f"#id_result_{world.a1_member.pk}", "missing")
    page.click("form.record-form button[type=submit]")
    page.wait_for_url(f"**{grid}?year=2025")
    assert "已保存 2025-03 的学习笔记检查" in page.inner_text(".messages")
    secretary = page.locator("#month-grid tbody tr", has_text="张书记")
    member = page.locator("#month-grid tbody tr", has_text="李党员")
    assert secretary.locator("td.cell").nth(2).inner_text() == "合格"
    assert member.locator("td.cell").nth(2).get_attribute("class") == "cell short"
    assert member.locator("td.num").first.inner_text() == "1"  # 未上交 once
    assert page.locator("#month-grid tfoot td").nth(2).inner_text() == "1/2"  # 合格/已检查, March
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("notes-year-390")
