import pytest

from tests.conftest import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url  # anonymous visitors are sent to the login form
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def test_evaluator_logs_in_and_opens_the_tree(page, live_server, world: World, screenshot):
    log_in(page, live_server, "evaluator")
    assert page.locator("h1").inner_text() == "首页"
    page.click("nav.nav >> text=党组织")
    page.wait_for_url(f"{live_server.url}/orgs/")
    tree = page.locator("#org-tree")
    assert "第一党总支" in tree.inner_text() and "第二党总支" in tree.inner_text()
    assert "第一支部" not in tree.inner_text()
    # Opening a node loads its children through htmx.
    tree.locator("details", has_text="第一党总支").locator("summary").first.click(
        position={"x": 4, "y": 8}
    )
    tree.locator("a", has_text="第一支部").wait_for()
    assert "第二支部" in tree.inner_text()
    assert "第三支部" not in tree.inner_text()  # only the opened node's children
    screenshot("tree")
    tree.locator("a", has_text="第一支部").click()
    page.locator("#roster").wait_for()
    assert "李党员" in page.locator("#roster").inner_text()
    screenshot("branch")


def test_subtree_admin_sees_no_sibling_in_the_tree(page, live_server, world: World):
    log_in(page, live_server, "admin_a")
    page.goto(f"{live_server.url}/orgs/")
    text = page.locator("#org-tree").inner_text()
    assert "第一党总支" in text and "第一支部" in text
    assert "第二党总支" not in text and "第三支部" not in text and "机关党委" not in text


def test_member_page_fits_a_phone_screen(browser, live_server, world: World):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server, "secretary_a1")
    page.goto(f"{live_server.url}/orgs/{world.branch_a1.pk}/")
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 375, f"page is {width}px wide on a 375px screen"
