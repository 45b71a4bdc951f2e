"""Every admin page a role can reach opens: no page of the admin answers 500.

The registry is walked rather than listed, so a model registered later is covered too.
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.conftest import World


def _pages():
    for model in admin.site._registry:
        meta = model._meta
        yield reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        yield reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
        # One row's change page, where the fixture has a row.
        if row := model._default_manager.order_by("pk").first():
            yield reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk])


@pytest.mark.parametrize("persona", ["site_admin", "admin_a"])
def test_every_admin_list_and_add_page_answers_without_error(client, world: World, persona):
    user = getattr(world, persona)
    client.force_login(user)
    assert client.get(reverse("admin:index")).status_code == 200
    for url in _pages():
        response = client.get(url)
        # 302: a row outside an admin's subtree sends them back to the index.
        assert response.status_code in (200, 302, 403), (persona, url, response.status_code)
        if persona == "site_admin":
            assert response.status_code in (200, 403), (url, response.status_code)


def test_term_lengths_are_a_superuser_page_only(client, world: World):
    url = reverse("admin:organizations_termpolicy_changelist")
    client.force_login(world.site_admin)
    assert client.get(url).status_code == 200
    client.force_login(world.admin_a)
    assert client.get(url).status_code == 403


def test_admin_pages_name_the_site_icon(client, world: World):
    # Without it the browser asks for /favicon.ico on every admin page and gets a 404.
    client.force_login(world.site_admin)
    assert "kaohe/favicon.svg" in client.get(reverse("admin:index")).content.decode()
