import pytest
from django.urls import reverse

from kaohe.assessments import views
from tests.browser.charts import drawn_text
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


def test_the_ranking_finds_a_name_on_a_phone(
    page, live_server, world: World, scored, screenshot, monkeypatch
):
    _, assessment, _, _ = scored
    # The search appears where there is more than one page to look through.
    monkeypatch.setattr(views, "RANKING_PAGE_SIZE", 2)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "evaluator")
    page.goto(live_server.url + reverse("assessments:detail", args=[assessment.pk]))
    page.fill("#results-q", "第二")
    page.press("#results-q", "Enter")
    page.wait_for_url("**q=*")
    rows = page.locator("#ranking tbody tr")
    assert rows.count() == 1 and "第二支部" in rows.first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("ranking-search-phone")


def test_on_a_phone_the_grade_ring_shows_each_grades_count_inside_the_chart(
    page, live_server, world: World, scored
):
    _, assessment, run, _ = scored
    counts = {}
    for grade in run.results.values_list("grade", flat=True):
        counts[grade] = counts.get(grade, 0) + 1
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "evaluator")
    page.goto(live_server.url + reverse("assessments:detail", args=[assessment.pk]))
    texts, outside = drawn_text(page, "#chart-grades")
    # Outside labels were cut to "…" beside the ring; the counts now sit on it.
    assert all(str(n) in texts for n in counts.values()), (counts, texts)
    assert all(name in texts for name in counts)  # the legend names the grades
    assert outside == []
