"""The admin offers, for a new record or member, only the organizations and members the
user may write, not all they may see: an admin of one 党总支 who evaluates the whole
committee cannot enter dues for another 党总支's member, nor add a member there."""

from django.urls import reverse

from kaohe.accounts.models import Role
from kaohe.accounts.services import role_grant
from kaohe.organizations.models import Member
from kaohe.records.models import DuesPayment
from tests.conftest import make_user


def _admin_a_evaluating_root(world):
    user = make_user("admin_a_evaluator_root", role=Role.ADMIN, organization=world.gb_a)
    role_grant(user=user, role=Role.EVALUATOR, organization=world.root)
    return user


def test_dues_for_a_member_they_only_evaluate_are_refused(client, world):
    client.force_login(_admin_a_evaluating_root(world))
    response = client.post(
        reverse("admin:records_duespayment_add"),
        {
            "organization": world.branch_b1.pk,
            "member": world.b1_member.pk,
            "month": "2025-03",
            "amount_due": "10",
            "amount_paid": "0",
        },
    )
    assert response.status_code == 200  # the form again, with its errors
    errors = response.context["adminform"].form.errors
    assert "member" in errors and "organization" in errors
    assert not DuesPayment.objects.exists()


def test_a_member_in_a_branch_they_only_evaluate_is_refused(client, world):
    client.force_login(_admin_a_evaluating_root(world))
    before = Member.objects.count()
    url = reverse("admin:organizations_member_add")
    branches = client.get(url).context["adminform"].form.fields["branch"].queryset
    response = client.post(
        url,
        {
            "name": "钱党员", "gender": "F", "birth_date": "1990-01-01",
            "joined_party_on": "2015-07-01", "status": "full", "branch": world.branch_b1.pk,
        },
    )  # fmt: skip
    assert world.branch_b1 not in branches and world.branch_a1 in branches
    assert "branch" in response.context["adminform"].form.errors
    assert Member.objects.count() == before


def test_the_branch_autocomplete_offers_only_their_branches(client, world):
    client.force_login(_admin_a_evaluating_root(world))
    query = {"app_label": "organizations", "model_name": "member", "field_name": "branch"}
    found = client.get(reverse("admin:autocomplete"), {**query, "term": "支部"}).json()
    names = {row["text"] for row in found["results"]}
    assert "第一支部" in names and "第三支部" not in names
