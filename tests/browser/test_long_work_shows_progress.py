"""Computing an assessment runs inside the request: while the server works, the form says
so with a progress bar and cannot be sent twice."""

import re

import pytest
from django.urls import reverse

from kaohe.assessments.models import SubjectResult
from tests.browser.test_login_and_tree import log_in
from tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_run_form_shows_progress_until_the_server_answers(page, live_server, world: World):
    log_in(page, live_server, "site_admin")
    page.goto(live_server.url + reverse("assessments:list"))
    page.select_option("#id_scheme", "pian4-rules3")
    page.fill("#id_period", "2025")
    page.select_option("#id_organization", str(world.root.pk))

    held = []  # the POST waits here until the test has looked at the page
    page.route("**/assessments/run/", lambda route: held.append(route))
    # Clicked and read from inside the page: Playwright's own actions would wait for the
    # navigation that the held request keeps pending.
    state = page.evaluate(
        """async () => {
            document.querySelector('#run-form button[type=submit]').click();
            await new Promise((resolve) => setTimeout(resolve, 200));
            const status = document.querySelector('#run-form .busy[role=status]');
            return {
                text: status ? status.textContent : null,
                progress: document.querySelectorAll('#run-form progress').length,
                disabled: document.querySelector('#run-form button[type=submit]').disabled,
            };
        }"""
    )
    assert "正在计算" in state["text"]
    assert state["progress"] == 1 and state["disabled"]

    held[0].continue_()
    page.wait_for_url(re.compile(r"/assessments/\d+/$"))
    assert SubjectResult.objects.filter(
        run__assessment__scheme_version__scheme_id="pian4-rules3"
    ).exists()
