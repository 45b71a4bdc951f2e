"""Every link the demo's pages show a demo account leads to a page that account may open.

A breadth-first walk from the dashboard, as each demo login, over the links the app itself
rendered: a 404 here is a link to something the viewer may not see (or that does not exist),
a 500 a page that breaks on the demo's real data.
"""

import re
from collections import deque
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from kaohe.accounts.models import User

PAGES_PER_ACCOUNT = 200
SKIP = ("/static/", "/admin/", "/i18n/", "/accounts/logout")
LINK = re.compile(r'href="(/[^"#?]*)')


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def walk(client: Client) -> tuple[int, list[tuple[str, int, str]]]:
    """Pages visited, and (url, status, linked from) for each link that failed."""
    seen: set[str] = set()
    queue: deque[tuple[str, str]] = deque([("/", "")])
    broken = []
    while queue and len(seen) < PAGES_PER_ACCOUNT:
        url, origin = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code in (404, 500):
            broken.append((url, response.status_code, origin))
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for href in LINK.findall(response.content.decode()):
            if not href.startswith(SKIP) and not href.endswith(".xlsx") and href not in seen:
                queue.append((href, url))
    return len(seen), broken


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["admin", "evaluator", "secretary", "member"])
def test_demo_pages_link_only_to_pages_the_viewer_may_open(demo_db, username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    visited, broken = walk(client)
    assert visited > 20
    assert broken == []
