"""A secretary on a 390px phone sees a 预备党员 whose year is over on the 发展党员台账, records
a 延长预备期 — its months asked for only once the step is an extension, refused without
them, saved with them — and finds the probation no longer over, the extension under the
admission date."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kaohe.dates import add_years
from kaohe.records.models import DevelopmentStep
from tests.browser.test_login_and_tree import log_in
from tests.conftest import World
from tests.records.helpers import enter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_extension_recorded_from_the_ledger(page, live_server, world: World, screenshot):
    admitted = timezone.localdate() - datetime.timedelta(days=400)
    enter(world, DevelopmentStep, person_name="赵预备", step="probationary", step_on=admitted)
    decided = add_years(admitted, 1) + datetime.timedelta(days=3)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "secretary_a1")
    ledger = f"{live_server.url}{reverse('records:development', args=[world.branch_a1.pk])}"
    page.goto(ledger)
    row = page.locator("#development-in-progress tbody tr", has_text="赵预备")
    assert "预备期已于" in row.inner_text()

    page.click("text=登记发展环节")
    page.fill("#id_person_name", "赵预备")
    months = page.locator("#id_extended_months")
    assert not months.is_visible()  # it applies to an extension only
    page.select_option("#id_step", "extended")
    assert months.is_visible()
    page.fill("#id_step_on", decided.isoformat())
    page.click("form.record-form button[type=submit]")
    assert "请填写预备期延长几个月" in page.inner_text("form.record-form")
    assert DevelopmentStep.objects.count() == 1

    page.fill("#id_extended_months", "12")
    page.click("form.record-form button[type=submit]")
    page.wait_for_url("**/development_step/**")
    page.goto(ledger)
    row = page.locator("#development-in-progress tbody tr", has_text="赵预备")
    assert "预备期已于" not in row.inner_text()
    assert "延长预备期 12 个月" in row.locator("td.cell").nth(3).inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("probation-extended-390")
