import re

from django.urls import reverse


def test_pages_carry_a_strict_content_security_policy(client, world):
    client.force_login(world.admin_a)
    response = client.get(reverse("orgs:tree"))
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self';" in policy and "style-src 'self';" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_templates_use_no_inline_event_handlers_or_remote_assets():
    from pathlib import Path

    import kaohe

    root = Path(kaohe.__file__).parent
    offenders = []
    for template in root.rglob("templates/**/*.html"):
        text = template.read_text()
        if re.search(r"\son[a-z]+=", text) or re.search(r"(src|href)=\"(https?:)?//", text):
            offenders.append(str(template.relative_to(root)))
    assert not offenders


def test_logout_needs_post_with_csrf(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.admin_a)
    assert client.post(reverse("logout")).status_code == 403
    assert client.get(reverse("logout")).status_code == 405
