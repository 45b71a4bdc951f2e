"""Writes to the organization tree and the roster: the one place each happens."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from kaohe.organizations.models import (
    ALLOWED_CHILD_KINDS,
    MEMBER_FIELDS_EDITABLE,
    Member,
    MemberStatus,
    Organization,
    OrgKind,
    Position,
)


def organization_create(
    *,
    name: str,
    kind: str,
    parent: Organization | None = None,
    code: str = "",
    last_election_on: datetime.date | None = None,
) -> Organization:
    """Add a 党组织 under `parent` (or as a new root), checking the kind may sit there."""
    if parent is not None and kind not in ALLOWED_CHILD_KINDS[OrgKind(parent.kind)]:
        raise ValidationError(
            {"kind": f"{OrgKind(kind).label} cannot be placed under {OrgKind(parent.kind).label}."}
        )
    fields = {"name": name, "kind": kind, "code": code, "last_election_on": last_election_on}
    with transaction.atomic():
        if parent is None:
            return Organization.objects.add_root(fields)
        # A fresh parent row: its numchild may have changed since the caller read it.
        return Organization.objects.add_child(Organization.objects.get(pk=parent.pk), fields)


def organization_record_election(*, organization: Organization, held_on: datetime.date) -> None:
    """Record a 换届 (committee election), which starts a new term."""
    if organization.kind == OrgKind.GROUP:
        raise ValidationError({"last_election_on": "Party groups do not elect a committee."})
    organization.last_election_on = held_on
    organization.save(update_fields=["last_election_on"])


def member_create(
    *,
    name: str,
    gender: str,
    birth_date: datetime.date,
    joined_party_on: datetime.date,
    branch: Organization,
    status: str = MemberStatus.FULL,
    phone: str = "",
    group: Organization | None = None,
    position: str = Position.NONE,
) -> Member:
    member = Member(
        name=name,
        gender=gender,
        birth_date=birth_date,
        joined_party_on=joined_party_on,
        status=status,
        phone=phone,
        branch=branch,
        group=group,
        position=position,
    )
    member.full_clean()
    member.save()
    return member


def member_update(*, member: Member, **changes) -> Member:
    unknown = set(changes) - set(MEMBER_FIELDS_EDITABLE)
    if unknown:
        raise TypeError(f"member_update() got unknown fields: {', '.join(sorted(unknown))}")
    for field, value in changes.items():
        setattr(member, field, value)
    member.full_clean()
    member.save(update_fields=list(changes) or None)
    return member
