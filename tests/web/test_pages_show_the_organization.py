from django.urls import reverse

from tests.conftest import World


def test_branch_page_shows_committee_groups_and_roster(client, world: World):
    client.force_login(world.secretary_a1)
    response = client.get(reverse("orgs:detail", args=[world.branch_a1.pk]))
    body = response.content.decode()
    assert "支部委员会" in body and "书记: " in body.replace("书记:", "书记: ")
    assert "张书记" in body and "李党员" in body and "第一党小组" in body
    assert "王党员" not in body  # another branch's member


def test_general_branch_page_counts_members_per_branch_in_one_query(
    client, world: World, django_assert_max_num_queries
):
    client.force_login(world.admin_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("orgs:detail", args=[world.gb_a.pk]))
    children = {c.name: c.member_count for c in response.context["children"]}
    assert children == {"第一支部": 2, "第二支部": 1}


def test_tree_children_partial_is_a_fragment(client, world: World):
    client.force_login(world.admin_a)
    response = client.get(reverse("orgs:children", args=[world.gb_a.pk]), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert "第一支部" in body and "第二支部" in body


def test_member_sees_own_record_and_nav_link(client, world: World):
    client.force_login(world.member_a1)
    home = client.get(reverse("home")).content.decode()
    assert reverse("orgs:member", args=[world.a1_member.pk]) in home
    page = client.get(reverse("orgs:member", args=[world.a1_member.pk])).content.decode()
    assert "李党员" in page and "第一支部" in page


def test_dashboard_warns_about_overdue_elections(client, world: World):
    client.force_login(world.admin_a)
    body = client.get(reverse("home")).content.decode()
    assert "换届逾期" in body and "第一支部" in body


def test_dashboard_counts_organizations_by_kind(client, world: World):
    client.force_login(world.site_admin)
    stats = client.get(reverse("home")).context["stats"]
    assert stats == {"general_branches": 2, "branches": 3, "groups": 1, "members": 4}
