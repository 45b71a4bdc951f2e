from django.urls import reverse


def test_chinese_is_the_default_even_for_an_english_browser(client, world):
    client.force_login(world.admin_a)
    response = client.get(reverse("orgs:tree"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = response.content.decode()
    assert '<html lang="zh-hans">' in body
    assert "组织架构" in body


def test_the_language_switch_gives_english(client, world):
    client.force_login(world.admin_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/orgs/"})
    body = client.get(reverse("orgs:tree")).content.decode()
    assert '<html lang="en">' in body
    assert "Organization tree" in body
