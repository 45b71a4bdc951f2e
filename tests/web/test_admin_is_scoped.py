from django.urls import reverse

from tests.conftest import World


def test_subtree_admin_lists_only_their_members(client, world: World):
    client.force_login(world.admin_a)
    response = client.get(reverse("admin:organizations_member_changelist"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "李党员" in body and "王党员" in body
    assert "赵党员" not in body


def test_subtree_admin_cannot_open_a_sibling_member(client, world: World):
    client.force_login(world.admin_a)
    url = reverse("admin:organizations_member_change", args=[world.b1_member.pk])
    response = client.get(url)
    # Django's admin answers a row outside the queryset with a redirect to the index.
    assert response.status_code in (302, 404)
    assert "赵党员" not in response.content.decode()


def test_subtree_admin_cannot_move_a_member_into_a_sibling_branch(client, world: World):
    client.force_login(world.admin_a)
    url = reverse("admin:organizations_member_change", args=[world.a2_member.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data |= {
        "branch": world.branch_b1.pk,
        "birth_date": "1985-03-01",
        "joined_party_on": "2010-07-01",
    }
    response = client.post(url, data)
    assert response.status_code == 200  # the form comes back with an error
    world.a2_member.refresh_from_db()
    assert world.a2_member.branch == world.branch_a2


def test_subtree_admin_cannot_manage_logins(client, world: World):
    client.force_login(world.admin_a)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403


def test_secretary_has_no_admin_pages(client, world: World):
    client.force_login(world.secretary_a1)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
