import pytest
from django.http import Http404

from kaohe.accounts.models import Role
from kaohe.accounts.scoping import get_scoped_or_404, reach_of, scoped
from kaohe.accounts.services import role_grant
from kaohe.organizations.models import Member, Organization
from tests.conftest import fresh, make_user


def names(user, model):
    return set(scoped(user, model.objects.all()).values_list("name", flat=True))


def test_site_admin_sees_every_organization(world):
    assert names(world.site_admin, Organization) == set(
        Organization.objects.values_list("name", flat=True)
    )


def test_subtree_admin_sees_own_subtree_and_no_sibling(world):
    assert names(world.admin_a, Organization) == {
        "第一党总支",
        "第一支部",
        "第二支部",
        "第一党小组",
    }
    assert names(world.admin_a, Member) == {"张书记", "李党员", "王党员"}


def test_secretary_sees_own_branch_only(world):
    assert names(world.secretary_a1, Organization) == {"第一支部", "第一党小组"}
    assert names(world.secretary_a1, Member) == {"张书记", "李党员"}


def test_member_role_sees_only_themselves(world):
    assert names(world.member_a1, Organization) == set()
    assert names(world.member_a1, Member) == {"李党员"}


def test_sibling_secretary_sees_nothing_of_the_other_general_branch(world):
    assert names(world.outsider, Organization) == {"第三支部"}
    assert names(world.outsider, Member) == {"赵党员"}


def test_not_yours_is_the_same_404_as_missing(world):
    visible = get_scoped_or_404(world.outsider, Member.objects.all(), pk=world.b1_member.pk)
    assert visible == world.b1_member
    with pytest.raises(Http404):
        get_scoped_or_404(world.outsider, Member.objects.all(), pk=world.a1_member.pk)
    with pytest.raises(Http404):
        get_scoped_or_404(world.outsider, Member.objects.all(), pk=999_999)


def test_user_without_grants_sees_nothing(world):
    nobody = make_user("nobody")
    assert reach_of(nobody).is_empty
    assert not scoped(nobody, Organization.objects.all()).exists()
    assert not scoped(nobody, Member.objects.all()).exists()


def test_inactive_user_sees_nothing(world):
    world.admin_a.is_active = False
    world.admin_a.save(update_fields=["is_active"])
    assert not scoped(fresh(world.admin_a), Organization.objects.all()).exists()


def test_several_grants_add_up_and_nested_ones_collapse(world):
    role_grant(user=world.outsider, role=Role.EVALUATOR, organization=world.branch_a2)
    role_grant(user=world.outsider, role=Role.EVALUATOR, organization=world.gb_b)
    user = fresh(world.outsider)
    assert names(user, Member) == {"赵党员", "王党员"}
    # branch_b1 lies inside gb_b: only gb_b's prefix is kept.
    assert set(reach_of(user).org_paths) == {world.branch_a2.path, world.gb_b.path}


def test_reach_is_computed_once_per_user_object(world, django_assert_num_queries):
    user = fresh(world.admin_a)
    with django_assert_num_queries(1):
        reach_of(user)
        reach_of(user)


def test_a_model_without_scope_declaration_cannot_be_scoped(world):
    from kaohe.accounts.models import RoleGrant

    with pytest.raises(TypeError, match="scope_org_path"):
        scoped(world.admin_a, RoleGrant.objects.all())
