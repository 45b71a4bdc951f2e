"""Writes to logins and role grants."""

from django.core.exceptions import ValidationError
from django.db import transaction

from kaohe.accounts.models import Role, RoleGrant, User
from kaohe.organizations.models import Member, Organization, OrgKind


def user_create(
    *,
    username: str,
    password: str,
    display_name: str = "",
    member: Member | None = None,
    is_superuser: bool = False,
) -> User:
    user = User(
        username=username,
        display_name=display_name,
        member=member,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


def role_grant(*, user: User, role: str, organization: Organization | None = None) -> RoleGrant:
    """Give `user` a role over `organization`'s subtree (the member role: over themselves)."""
    if role == Role.MEMBER:
        if organization is not None:
            raise ValidationError({"organization": "The member role covers the member alone."})
        if user.member_id is None:
            raise ValidationError({"member": "The member role needs a login linked to a member."})
    elif organization is None:
        raise ValidationError({"organization": "This role needs an organization subtree."})
    elif role == Role.SECRETARY and organization.kind not in (OrgKind.BRANCH, OrgKind.GROUP):
        raise ValidationError({"organization": "A secretary role covers one Party branch."})
    with transaction.atomic():
        grant, _ = RoleGrant.objects.get_or_create(user=user, role=role, organization=organization)
        if role == Role.ADMIN and not user.is_staff:
            # Subtree admins use the (scoped) admin pages too.
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    return grant
