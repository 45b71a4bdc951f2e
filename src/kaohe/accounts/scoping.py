"""Who may see what: the one gate every viewer-dependent read passes through.

A role covers an organization subtree; the member role covers the member alone. Every
scoped model states how it reaches the tree (`scope_org_path`) and, if a member may see
their own rows, how it reaches the member (`scope_member`). Callers never filter by
hand: they pass a queryset through `scoped()` and look objects up with
`get_scoped_or_404()`, so "not yours" and "does not exist" are the same 404. A model
may add one more rule with a `scope_extra(reach) -> Q` classmethod (published results
reach a branch's members).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from kaohe.accounts.models import Role, RoleGrant


@dataclass(frozen=True)
class Reach:
    """What one user's grants cover: subtree path prefixes and, perhaps, one member."""

    everything: bool
    org_paths: tuple[str, ...]
    member_id: int | None
    roles: frozenset[str]
    member_branch_id: int | None = None
    # The subtree paths of each role, for "may this user act here?" questions, which ask
    # about one role where `org_paths` merges them all.
    role_paths: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (self.everything or self.org_paths or self.member_id)


NOBODY = Reach(everything=False, org_paths=(), member_id=None, roles=frozenset())


def reach_of(user) -> Reach:
    """The user's reach, computed once per user object (one query) and cached on it."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOBODY
    cached = getattr(user, "_kaohe_reach", None)
    if cached is not None:
        return cached
    grants = list(RoleGrant.objects.filter(user=user).values_list("role", "organization__path"))
    roles = frozenset(role for role, _ in grants)
    paths = sorted({path for role, path in grants if role != Role.MEMBER and path})
    # Drop paths inside another granted subtree: fewer OR-branches in every query.
    minimal = tuple(p for p in paths if not any(p != q and p.startswith(q) for q in paths))
    member_id = user.member_id if Role.MEMBER in roles else None
    member_branch_id = None
    if member_id is not None:
        from kaohe.organizations.models import Member

        member_branch_id = (
            Member.objects.filter(pk=member_id).values_list("branch_id", flat=True).first()
        )
    by_role: dict[str, list[str]] = {}
    for role, path in grants:
        if path:
            by_role.setdefault(role, []).append(path)
    reach = Reach(
        everything=user.is_superuser,
        org_paths=minimal,
        member_id=member_id,
        roles=roles | ({Role.ADMIN} if user.is_superuser else set()),
        member_branch_id=member_branch_id,
        role_paths={role: tuple(found) for role, found in by_role.items()},
    )
    user._kaohe_reach = reach
    return reach


def role_paths(user) -> dict[str, tuple[str, ...]]:
    """Subtree paths per role (the grants over an organization), read with the reach."""
    return reach_of(user).role_paths


def has_role_over(user, roles: Iterable[str], organization) -> bool:
    """Does `user` hold one of `roles` over `organization` (a superuser: always)?"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    grants = role_paths(user)
    return any(organization.path.startswith(p) for role in roles for p in grants.get(role, ()))


def scope_filter(reach: Reach, model: type[Model]) -> Q | None:
    """The filter that restricts `model` to `reach`; None means no restriction."""
    if reach.everything:
        return None
    org_path = getattr(model, "scope_org_path", None)
    member_field = getattr(model, "scope_member", None)
    if org_path is None:
        raise TypeError(f"{model.__name__} does not declare scope_org_path; it cannot be scoped.")
    condition = in_subtrees(org_path, reach.org_paths)
    if reach.member_id is not None and member_field is not None:
        condition |= Q(**{member_field: reach.member_id})
    extra = getattr(model, "scope_extra", None)
    if extra is not None:
        condition |= extra(reach)
    return condition


def in_subtrees(org_path: str, prefixes: Iterable[str]) -> Q:
    """Rows whose organization (reached by `org_path`, e.g. "organization__path") lies in
    one of the subtrees at `prefixes`.

    Below a root, through the foreign key as `organization_id IN (the subtrees' ids)`: the
    database then reads those few organizations' rows by the table's organization index
    (a secretary's latest dues among 1.2 million rows: 0.16 s → 0.01 s, SQLite). A whole
    tree holds nearly every row, and there a join on the paths is better: reading the
    rows in date order and stopping at a page beats collecting and sorting all of them."""
    from kaohe.organizations.models import Organization

    prefixes = tuple(prefixes)
    if not prefixes:
        return Q(pk__in=[])
    relation = org_path.rpartition("__")[0]
    whole_tree = any(len(prefix) <= Organization.steplen for prefix in prefixes)
    if whole_tree or not relation:
        condition = Q()
        for prefix in prefixes:
            condition |= Q(**{f"{org_path}__startswith": prefix})
        return condition
    paths = Q()
    for prefix in prefixes:
        paths |= Q(path__startswith=prefix)
    return Q(**{f"{relation}__in": Organization.objects.filter(paths).values("pk")})


def scoped[M: Model](user, queryset: QuerySet[M]) -> QuerySet[M]:
    """`queryset` narrowed to what `user` may see."""
    condition = scope_filter(reach_of(user), queryset.model)
    return queryset if condition is None else queryset.filter(condition)


def get_scoped_or_404[M: Model](user, queryset: QuerySet[M], **lookup) -> M:
    """One object the user may see, or 404 — the same answer whether it is missing or not theirs."""
    try:
        return scoped(user, queryset).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None
