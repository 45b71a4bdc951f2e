"""汇总考核 in a browser: the admin finds a year of finalized assessments, puts each source in
its part (日常考核: the months, 集中考核: the year-end), combines, and reads the ranking with
a column per part and a branch's result with its combination sentence."""

import pytest

from tests.assessments.combining import build_year
from tests.browser.test_login_and_tree import log_in
from tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_combines_a_year_and_reads_it(page, live_server, world: World, screenshot):
    year = build_year(world)  # three finalized months and a finalized year-end (by hand)
    log_in(page, live_server, "site_admin")
    page.goto(f"{live_server.url}/assessments/combine/")
    page.click("#combinable tr:has-text('汇总测试方案') a:has-text('选择来源考核')")
    page.wait_for_selector("#combine-form")
    for month in year.months:
        page.select_option(f"#id_part_{month.pk}", "daily")
    page.select_option(f"#id_part_{year.central.pk}", "central")
    screenshot("1-sources-chosen")

    page.click("#combine-form button[type=submit]")
    page.wait_for_selector("#ranking")
    headers = page.locator("#ranking thead").inner_text()
    assert "日常考核 × 0.7" in headers and "集中考核 × 0.3" in headers
    first = page.locator("#ranking tbody tr:has-text('第一支部')").inner_text()
    assert "89.41" in first and "89.15" in first  # the total, then its daily part
    assert "汇总" in page.locator("h1").inner_text()
    screenshot("2-combined-ranking")

    page.click("#ranking a:has-text('第一支部')")
    page.wait_for_selector("#parts")
    assert "日常考核(3个月平均)89.15分 × 0.7 + 集中考核 90分 × 0.3 = 89.41分" in (
        page.inner_text("main")
    )
    assert "2025年2月" in page.locator("#parts").inner_text()  # each source period, linked
    screenshot("3-combined-result")
