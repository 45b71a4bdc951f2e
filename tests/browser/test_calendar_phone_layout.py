"""On a 375px phone the 12-month grid scrolls inside its card; the page itself does not."""

import pytest

from tests.browser.test_login_and_tree import log_in
from tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_calendar_grid_scrolls_inside_its_card_at_375px(
    page, live_server, world: World, screenshot
):
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, live_server, "secretary_a1")
    page.goto(f"{live_server.url}/records/org/{world.branch_a1.pk}/calendar/")
    grid = page.locator("table.meeting-calendar")
    grid.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    wrap = page.locator(".table-wrap", has=grid)
    sizes = wrap.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert sizes[0] > sizes[1]  # the grid is wider than the card and scrolls within it
    assert grid.locator("tbody tr").count() == 5  # 大会, 支委会, one 党小组, 党课, 生活会
    # The meeting names get a column of their own width, not a month's (two characters a line).
    name = grid.locator("tbody th[scope=row]").first.bounding_box()["width"]
    month = grid.locator("thead th.month").first.bounding_box()["width"]
    assert name >= 96 and name > 2 * month
    screenshot("calendar-375")
