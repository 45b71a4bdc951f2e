"""Who may write records: a question on top of "who may see" (kaohe.accounts.scoping).

Seeing is the scoping gate's business; these checks come after it. Secretaries write the
records of their branch, admins those of their subtree; evaluators (and admins) tick
"minutes complete". A user who may see a record but not change it gets 403.
"""

from kaohe.accounts.models import Role, RoleGrant
from kaohe.organizations.models import Organization

WRITER_ROLES = frozenset({Role.ADMIN, Role.SECRETARY})
MINUTES_CHECKER_ROLES = frozenset({Role.ADMIN, Role.EVALUATOR})


def _grant_paths(user) -> dict[str, tuple[str, ...]]:
    """Subtree paths per role, one query per user object (cached on it like the reach)."""
    cached = getattr(user, "_kaohe_role_paths", None)
    if cached is not None:
        return cached
    paths: dict[str, list[str]] = {}
    rows = RoleGrant.objects.filter(user=user, organization__isnull=False).values_list(
        "role", "organization__path"
    )
    for role, path in rows:
        paths.setdefault(role, []).append(path)
    result = {role: tuple(found) for role, found in paths.items()}
    user._kaohe_role_paths = result
    return result


def _has_role_over(user, roles: frozenset[str], organization: Organization) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    grants = _grant_paths(user)
    return any(
        organization.path.startswith(path) for role in roles for path in grants.get(role, ())
    )


def can_write(user, organization: Organization) -> bool:
    """May `user` enter and change records of `organization`?"""
    return _has_role_over(user, WRITER_ROLES, organization)


def can_check_minutes(user, organization: Organization) -> bool:
    """May `user` tick a meeting's minutes as complete (the evaluator's check)?"""
    return _has_role_over(user, MINUTES_CHECKER_ROLES, organization)
