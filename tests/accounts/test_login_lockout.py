import datetime

from axes.models import AccessAttempt
from django.urls import reverse

from tests.conftest import PASSWORD, World


def login(client, username, password, ip="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_login_with_the_right_password_reaches_the_dashboard(client, world: World):
    response = login(client, "secretary_a1", PASSWORD)
    assert response.status_code == 302 and response.url == reverse("home")


def test_wrong_password_shows_an_error_in_chinese(client, world: World):
    response = login(client, "secretary_a1", "wrong")
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_five_failures_lock_that_username_from_that_address(client, world: World, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "secretary_a1", "wrong")
    locked = login(client, "secretary_a1", PASSWORD)
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    # The same account from another computer, and another account from this one, still work.
    assert login(client, "secretary_a1", PASSWORD, ip="10.0.0.2").status_code == 302
    client.logout()
    assert login(client, "evaluator", PASSWORD).status_code == 302


def test_lockout_ends_after_the_cool_off(client, world: World, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "secretary_a1", "wrong")
    assert login(client, "secretary_a1", PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(hours=1)
    )
    assert login(client, "secretary_a1", PASSWORD).status_code == 302
