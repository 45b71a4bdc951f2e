"""On a phone, a secretary finds their branch's score from the first screen: the dashboard's
latest results, then the score sheet; and the top bar's 考核 opens the assessment list."""

import pytest

from tests.browser.test_login_and_tree import log_in
from tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_secretary_reaches_their_score_sheet_from_the_dashboard_at_390px(
    page, live_server, world: World, scored, screenshot
):
    _, assessment, _, _ = scored
    page.set_viewport_size({"width": 390, "height": 800})
    log_in(page, live_server, "secretary_a1")
    card = page.locator("#latest-results")
    card.wait_for()
    assert "第一支部" in card.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("dashboard-390")
    card.get_by_role("link", name="第一支部").click()
    page.wait_for_url(f"**/assessments/{assessment.pk}/subjects/**")
    assert page.locator("h1").inner_text().startswith("第一支部")
    page.locator("#nav-assessments").click()
    page.wait_for_url(f"{live_server.url}/assessments/")
    assert page.locator("table").get_by_role("link").count() == 1
