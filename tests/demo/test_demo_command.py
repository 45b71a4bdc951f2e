import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from kaohe.accounts.models import User
from kaohe.dates import add_years
from kaohe.demo.organization import build_large
from kaohe.organizations.models import Member, Organization, OrgKind, Position

pytestmark = pytest.mark.django_db


def run_demo(*args) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_demo_builds_a_realistic_organization_and_prints_logins():
    output = run_demo()
    kinds = dict(
        Organization.objects.order_by()
        .values("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    assert kinds[OrgKind.COMMITTEE] == 1
    assert kinds[OrgKind.GENERAL_BRANCH] == 3
    assert kinds[OrgKind.BRANCH] == 12
    assert kinds[OrgKind.GROUP] >= 24
    assert 250 <= Member.objects.count() <= 350
    for username in ("admin", "evaluator", "secretary", "member"):
        assert re.search(rf"^\s+{username}\s", output, re.M), output
    assert "kaohe-demo" in output
    assert all(not problems for problems in Organization.objects.find_problems())


def test_demo_members_are_plausible():
    run_demo()
    members = list(Member.objects.select_related("group"))
    assert all(re.fullmatch(r"[\u4e00-\u9fff]{2,3}", m.name) for m in members)
    assert all(m.joined_party_on >= add_years(m.birth_date, 18) for m in members)
    assert all(m.joined_party_on <= datetime.date.today() for m in members)
    assert all(m.group is None or m.group.path.startswith(m.branch.path) for m in members)
    secretaries = Member.objects.filter(position=Position.SECRETARY)
    assert secretaries.values("branch").distinct().count() == secretaries.count() == 12
    assert Member.objects.filter(status="probationary").exists()


def test_demo_is_idempotent():
    run_demo()
    counts = (Organization.objects.count(), Member.objects.count(), User.objects.count())
    second = run_demo()
    assert "already present" in second
    assert (Organization.objects.count(), Member.objects.count(), User.objects.count()) == counts


def test_if_empty_leaves_a_database_with_data_alone(world):
    before = Organization.objects.count()
    run_demo("--if-empty")
    assert Organization.objects.count() == before


def test_demo_logins_can_log_in(client):
    run_demo()
    for username in ("admin", "evaluator", "secretary", "member"):
        client.logout()
        response = client.post("/accounts/login/", {"username": username, "password": "kaohe-demo"})
        assert response.status_code == 302, username


def test_large_builder_writes_a_consistent_tree_beside_the_demo():
    run_demo()
    root = build_large(
        today=datetime.date(2026, 11, 24), committees=2, general_branches=2, branches=3, members=4
    )
    subtree = Organization.objects.filter(path__startswith=root.path)
    assert subtree.filter(kind=OrgKind.BRANCH).count() == 12
    assert Member.objects.filter(branch__path__startswith=root.path).count() == 48
    assert all(not problems for problems in Organization.objects.find_problems())
