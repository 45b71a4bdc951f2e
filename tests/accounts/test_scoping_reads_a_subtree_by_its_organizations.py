"""Below a root, the scoping gate narrows a table by its organization column, as
`organization_id IN (the subtree's ids)`, so the database reads the few organizations' rows
by that column's index instead of joining every row to its organization's path. A whole
tree keeps the join (nearly every row matches; reading in date order and stopping at a page
is cheaper there). Both forms give the same rows."""

import pytest

from kaohe.accounts.models import Role
from kaohe.accounts.scoping import scoped
from kaohe.accounts.services import role_grant
from kaohe.organizations.models import Member
from kaohe.records.models import DuesPayment
from tests.conftest import make_user
from tests.records.helpers import make_record


def _sql(queryset) -> str:
    return str(queryset.query)


def test_a_secretary_reads_by_organization_id(world):
    sql = _sql(scoped(world.secretary_a1, DuesPayment.objects.all()))
    assert '"records_duespayment"."organization_id" IN (SELECT' in sql
    assert "JOIN" not in sql


def test_a_whole_tree_keeps_the_join_on_paths(world):
    sql = _sql(scoped(world.evaluator, DuesPayment.objects.all()))  # evaluator of the root
    assert 'INNER JOIN "organizations_organization"' in sql


@pytest.mark.parametrize("model", [DuesPayment, Member])
def test_both_forms_give_the_same_rows(world, model):
    for member in (world.a1_member, world.a2_member, world.b1_member):
        make_record(world, "dues_payment", organization=member.branch, member=member)
    both = make_user("a1_and_b1", role=Role.SECRETARY, organization=world.branch_a1)
    role_grant(user=both, role=Role.SECRETARY, organization=world.branch_b1)
    branch_of = (lambda row: row.organization) if model is DuesPayment else (lambda m: m.branch)

    rows = list(scoped(both, model.objects.all()))

    assert {branch_of(row) for row in rows} == {world.branch_a1, world.branch_b1}
    every = [
        row for row in model.objects.all() if branch_of(row) in (world.branch_a1, world.branch_b1)
    ]
    assert sorted(r.pk for r in rows) == sorted(r.pk for r in every)
