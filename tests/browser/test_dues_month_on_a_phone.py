"""A secretary on a 390px phone enters a month's dues for the whole branch: the amounts due
come filled in, one date and one tick pay everyone, one exception is typed, and the ledger
shows the month paid."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from kaohe.records.models import DuesPayment
from kaohe.records.services import record_create
from tests.browser.test_login_and_tree import log_in
from tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_month_for_the_whole_branch_in_one_save(page, live_server, world: World, screenshot):
    for member, due in ((world.a1_secretary, "12.50"), (world.a1_member, "8.00")):
        record_create(
            model=DuesPayment, organization=world.branch_a1, entered_by=world.site_admin,
            member=member, month=datetime.date(2025, 2, 1), amount_due=Decimal(due),
            amount_paid=Decimal(due), paid_on=datetime.date(2025, 2, 10),
        )  # fmt: skip
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "secretary_a1")
    ledger = reverse("records:dues_ledger", args=[world.branch_a1.pk])
    page.goto(f"{live_server.url}{ledger}?year=2025")
    page.click("a[href$='/monthly/dues/2025-03/']")
    assert page.input_value(f"#id_amount_due_{world.a1_secretary.pk}") == "12.50"  # carried
    page.fill("#id_paid_on_default", "2025-03-10")
    page.check("#id_rest_paid_in_full")
    page.fill(f"#id_amount_paid_{world.a1_member.pk}", "5")
    screenshot("month-390")
    page.click("form.record-form button[type=submit]")
    page.wait_for_url(f"**{ledger}?year=2025")
    assert "已保存 2025-03 的党费:新增或修改 2 条记录。" in page.inner_text(".messages")
    row = page.locator("#dues-ledger tbody tr", has_text="张书记")
    assert row.locator("td.cell").nth(2).get_attribute("class") == "cell ok"
    member_row = page.locator("#dues-ledger tbody tr", has_text="李党员")
    assert member_row.locator("td.cell").nth(2).get_attribute("class") == "cell short"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("ledger-390")
