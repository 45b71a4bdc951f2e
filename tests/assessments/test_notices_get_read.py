"""Notices get read: an unread count in the navigation, a page of one's own notices, and
opening one (a POST) marks it read and follows its link — only ever within this site."""

import pytest
from django.urls import reverse

from kaohe.assessments.models import Notice


def notice(user, message="您对A2的申诉已采纳:改评为优", url="/assessments/1/subjects/O4/#appeal-1"):
    return Notice.objects.create(user=user, message=message, url=url)


def open_(client, item):
    return client.post(reverse("assessments:notice_open", args=[item.pk]))


def unread_badge(client) -> str:
    page = client.get(reverse("home")).content.decode()
    start = page.index('id="nav-notices"')
    return page[start : page.index("</a>", start)]


def test_opening_a_notice_marks_it_read_and_follows_its_link(client, world):
    first, second = notice(world.secretary_a1), notice(world.secretary_a1, url="")
    client.force_login(world.secretary_a1)
    assert '<span class="badge red"' in unread_badge(client) and ">2<" in unread_badge(client)
    response = open_(client, first)
    assert response.status_code == 302 and response.url == first.url
    first.refresh_from_db()
    assert first.read_at is not None
    assert ">1<" in unread_badge(client)
    no_link = open_(client, second)  # no link: back to the list, read all the same
    assert no_link.url == reverse("assessments:notices")
    assert "badge" not in unread_badge(client)


def test_opening_takes_a_post_with_a_csrf_token(client, world):
    item = notice(world.secretary_a1)
    client.force_login(world.secretary_a1)
    assert client.get(reverse("assessments:notice_open", args=[item.pk])).status_code == 405
    guarded = type(client)(enforce_csrf_checks=True)
    guarded.force_login(world.secretary_a1)
    assert open_(guarded, item).status_code == 403
    item.refresh_from_db()
    assert item.read_at is None


def test_another_users_notice_is_the_same_404_as_a_missing_one(client, world):
    theirs = notice(world.secretary_a1)
    client.force_login(world.site_admin)  # sees everything in the tree, not others' notices
    refused = open_(client, theirs)
    missing = client.post(reverse("assessments:notice_open", args=[987_654]))
    assert refused.status_code == missing.status_code == 404
    assert refused.content == missing.content
    theirs.refresh_from_db()
    assert theirs.read_at is None
    page = client.get(reverse("assessments:notices")).content.decode()
    assert theirs.message not in page


@pytest.mark.parametrize(
    "url",
    ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "/\\evil.example"],
)
def test_a_link_off_the_site_is_not_followed(client, world, url):
    item = notice(world.secretary_a1, url=url)
    client.force_login(world.secretary_a1)
    response = open_(client, item)
    assert response.status_code == 302 and response.url == reverse("assessments:notices")
    item.refresh_from_db()
    assert item.read_at is not None
    page = client.get(response.url).content.decode()
    assert "不指向本系统" in page


def test_the_notices_page_lists_own_notices_newest_first_and_marks_all_read(client, world):
    older = notice(world.secretary_a1, message="较早的通知")
    newer = notice(world.secretary_a1, message="较新的通知")
    notice(world.evaluator, message="别人的通知")
    client.force_login(world.secretary_a1)
    page = client.get(reverse("assessments:notices")).content.decode()
    assert page.index(newer.message) < page.index(older.message)
    assert "别人的通知" not in page and "全部标为已读" in page
    response = client.post(reverse("assessments:notice_read_all"))
    assert response.status_code == 302
    assert not Notice.objects.filter(user=world.secretary_a1, read_at__isnull=True).exists()
    assert Notice.objects.get(user=world.evaluator).read_at is None
    after = client.get(reverse("assessments:notices")).content.decode()
    assert newer.message in after and "全部标为已读" not in after


def test_the_dashboard_shows_unread_notices_as_buttons_that_open_them(client, world):
    unread, read = notice(world.secretary_a1, message="未读的通知"), notice(world.secretary_a1)
    client.force_login(world.secretary_a1)
    open_(client, read)
    home = client.get(reverse("home")).content.decode()
    assert "未读的通知" in home and read.message not in home
    assert reverse("assessments:notice_open", args=[unread.pk]) in home
    assert f'href="{unread.url}"' not in home  # a plain link would not mark it read
