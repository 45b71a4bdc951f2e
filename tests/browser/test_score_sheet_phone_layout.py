"""On a 390px phone a score sheet's explanations — why points were lost — read in full
without scrolling sideways: each item stacks its name and points over its explanation."""

import pytest
from django.urls import reverse

from tests.browser.test_login_and_tree import log_in
from tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_explanations_fit_the_phone_width(page, live_server, world: World, scored, screenshot):
    _, assessment, run, _ = scored
    result = run.results.get(organization=world.branch_a1)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "secretary_a1")
    page.goto(
        live_server.url + reverse("assessments:subject", args=[assessment.pk, result.subject_key])
    )
    why = page.locator(".score-sheet td.why").first
    why.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    wrap = page.locator(".table-wrap", has=page.locator(".score-sheet")).first
    width, visible = wrap.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert width <= visible  # nothing hidden to the right
    box = why.bounding_box()
    assert box["x"] + box["width"] <= 390 and box["width"] > 250  # full width, not a column
    screenshot("score-sheet-390")
