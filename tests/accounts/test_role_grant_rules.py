import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from kaohe.accounts.models import Role, RoleGrant
from kaohe.accounts.services import role_grant
from tests.conftest import make_user


def test_member_role_needs_a_linked_member(world):
    user = make_user("unlinked")
    with pytest.raises(ValidationError, match="linked to a member"):
        role_grant(user=user, role=Role.MEMBER)


def test_member_role_takes_no_organization(world):
    with pytest.raises(ValidationError, match="member alone"):
        role_grant(user=world.member_a1, role=Role.MEMBER, organization=world.branch_a1)


def test_secretary_role_covers_a_branch_not_a_general_branch(world):
    with pytest.raises(ValidationError, match="one Party branch"):
        role_grant(user=make_user("x"), role=Role.SECRETARY, organization=world.gb_a)


def test_other_roles_need_an_organization(world):
    with pytest.raises(ValidationError, match="organization subtree"):
        role_grant(user=make_user("x"), role=Role.EVALUATOR)


def test_admin_role_opens_the_admin_pages(world):
    user = make_user("new_admin", role=Role.ADMIN, organization=world.gb_b)
    assert user.is_staff and not user.is_superuser


def test_database_refuses_a_member_grant_with_an_organization(world):
    with pytest.raises(IntegrityError):
        RoleGrant.objects.create(user=world.member_a1, role=Role.MEMBER, organization=world.root)
