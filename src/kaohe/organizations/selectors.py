"""Reads of the tree and the roster, always starting from what the viewer may see."""

import datetime

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from kaohe.accounts.models import Role
from kaohe.accounts.scoping import get_scoped_or_404, in_subtrees, reach_of, role_paths, scoped
from kaohe.dates import add_years
from kaohe.organizations.models import (
    COMMITTEE_POSITIONS,
    Member,
    Organization,
    OrgKind,
    TermPolicy,
)


def visible_organizations(user) -> QuerySet[Organization]:
    return scoped(user, Organization.objects.all())


def organizations_under(user, roles: frozenset[str] = frozenset({Role.ADMIN})):
    """The organizations `user` holds one of `roles` over (by default the admin role): where
    they may act, not just look. Narrower than visible_organizations for a user who also
    evaluates or leads a branch elsewhere."""
    if not (user.is_active and user.is_authenticated):
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.all()
    grants = role_paths(user)
    paths = [path for role in roles for path in grants.get(role, ())]
    if not paths:
        return Organization.objects.none()
    return Organization.objects.filter(in_subtrees("path", paths))


def visible_members(user) -> QuerySet[Member]:
    return scoped(user, Member.objects.select_related("branch", "group"))


def organization_for(user, pk: int) -> Organization:
    return get_scoped_or_404(user, Organization.objects.all(), pk=pk)


def member_for(user, pk: int) -> Member:
    return get_scoped_or_404(user, Member.objects.select_related("branch", "group"), pk=pk)


def visible_roots(user) -> QuerySet[Organization]:
    """The tops of the forest the user sees: the subtrees their roles were granted."""
    reach = reach_of(user)
    if reach.everything:
        return Organization.objects.get_root_nodes()
    return Organization.objects.filter(path__in=reach.org_paths).order_by("path")


def visible_ancestors(user, organization: Organization) -> list[Organization]:
    """Breadcrumbs: the ancestors the user may see, root first."""
    paths = Organization.ancestor_paths(organization.path)
    return list(visible_organizations(user).filter(path__in=paths).order_by("depth"))


def children_with_counts(user, organization: Organization) -> list[Organization]:
    """Visible children, each with `member_count` over its whole subtree (one GROUP BY)."""
    children = list(
        visible_organizations(user)
        .filter(path__startswith=organization.path, depth=organization.depth + 1)
        .order_by("path")
    )
    prefix_len = len(organization.path) + Organization.steplen
    counts = dict(
        visible_members(user)
        .filter(branch__path__startswith=organization.path)
        .annotate(prefix=Substr("branch__path", 1, prefix_len))
        .values("prefix")
        .annotate(n=Count("id"))
        .values_list("prefix", "n")
    )
    for child in children:
        child.member_count = counts.get(child.path, 0)
    return children


def branch_roster(user, branch: Organization) -> QuerySet[Member]:
    return visible_members(user).filter(branch=branch).order_by("id")


def branch_committee(user, branch: Organization) -> list[Member]:
    order = {position: rank for rank, position in enumerate(COMMITTEE_POSITIONS)}
    committee = list(branch_roster(user, branch).filter(position__in=COMMITTEE_POSITIONS))
    return sorted(committee, key=lambda m: (order[m.position], m.pk))


def overdue_elections(user, on: datetime.date) -> QuerySet[Organization]:
    """Visible organizations whose committee term has run out by `on` (换届 overdue).

    One query: per kind, elected on or before `on` minus the term, or never recorded.
    """
    overdue = Q(pk__in=[])
    for kind in (OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH):
        years = TermPolicy.years_for(kind)
        overdue |= Q(kind=kind) & (
            Q(last_election_on__isnull=True) | Q(last_election_on__lte=add_years(on, -years))
        )
    return visible_organizations(user).filter(overdue).order_by("path")


def can_see_organization(user, organization: Organization) -> bool:
    return visible_organizations(user).filter(pk=organization.pk).exists()


def branch_groups(user, branch: Organization, roster: list[Member]) -> list[Organization]:
    """The branch's 党小组, each with its `members` taken from the already loaded roster."""
    groups = list(
        visible_organizations(user)
        .filter(path__startswith=branch.path, kind=OrgKind.GROUP)
        .order_by("path")
    )
    by_group: dict[int, list[Member]] = {}
    for member in roster:
        by_group.setdefault(member.group_id, []).append(member)
    for group in groups:
        group.members_list = by_group.get(group.pk, [])
    return groups


def visible_counts(user) -> dict[str, int]:
    """Headline numbers for the dashboard: organizations by kind, and members."""
    by_kind = dict(
        visible_organizations(user)
        .order_by()
        .values("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    return {
        "general_branches": by_kind.get(OrgKind.GENERAL_BRANCH, 0),
        "branches": by_kind.get(OrgKind.BRANCH, 0),
        "groups": by_kind.get(OrgKind.GROUP, 0),
        "members": visible_members(user).count(),
    }


def group_members(user, group: Organization) -> QuerySet[Member]:
    return visible_members(user).filter(group=group).order_by("id")
