"""Who may write records: a question on top of "who may see" (kaohe.accounts.scoping).

Seeing is the scoping gate's business; these checks come after it. Secretaries write the
records of their branch, admins those of their subtree; evaluators (and admins) tick
"minutes complete". A user who may see a record but not change it gets 403.
"""

from kaohe.accounts.models import Role
from kaohe.accounts.scoping import has_role_over
from kaohe.organizations.models import Organization

WRITER_ROLES = frozenset({Role.ADMIN, Role.SECRETARY})
MINUTES_CHECKER_ROLES = frozenset({Role.ADMIN, Role.EVALUATOR})


def can_write(user, organization: Organization) -> bool:
    """May `user` enter and change records of `organization`?"""
    return has_role_over(user, WRITER_ROLES, organization)


def can_check_minutes(user, organization: Organization) -> bool:
    """May `user` tick a meeting's minutes as complete (the evaluator's check)?"""
    return has_role_over(user, MINUTES_CHECKER_ROLES, organization)
