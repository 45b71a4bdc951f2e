import pytest
from django.urls import reverse

from tests.browser.test_login_and_tree import log_in
from tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ranking_and_grade_charts_render_under_the_csp(
    page, live_server, world: World, scored, screenshot
):
    _, assessment, _, _ = scored
    log_in(page, live_server, "evaluator")
    page.goto(live_server.url + reverse("assessments:detail", args=[assessment.pk]))
    for chart in ("#chart-ranking", "#chart-grades"):
        page.locator(f"{chart}[data-ready=true] svg").first.wait_for()
    assert "第一支部" in page.locator("#chart-ranking").inner_text()
    screenshot("ranking")
    # the page fixture fails the test on any console error, CSP violations included
