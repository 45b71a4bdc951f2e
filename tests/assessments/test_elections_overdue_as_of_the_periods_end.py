"""换届 overdue is judged as of the period's end from the election records: a branch elected
since was overdue then; one elected only after the period, with nothing recorded before, is
not held to account; one never elected is overdue."""

import datetime

import pytest

from kaohe.assessments.metrics import CATALOGUE, Scope, org_key
from kaohe.organizations.services import organization_record_election
from kaohe.records.models import Election
from kaohe.records.services import record_create
from kaohe.scoring import Period
from tests.conftest import World

pytestmark = pytest.mark.django_db
D = datetime.date


def test_overdue_is_judged_at_the_periods_end(world: World):
    for day in (D(2021, 6, 1), D(2025, 3, 1)):  # a term of at most three years: late
        record_create(
            model=Election, organization=world.branch_a1, entered_by=world.site_admin,
            kind="general", held_on=day, seats=5, elected=5,
        )  # fmt: skip
    world.branch_a1.refresh_from_db()
    assert world.branch_a1.last_election_on == D(2025, 3, 1)  # today's tree says: in time
    organization_record_election(organization=world.branch_a2, held_on=D(2026, 3, 1))

    def overdue(year):
        scope = Scope.of(world.root, Period("year", year), with_members=False)
        return CATALOGUE["elections_overdue"].compute(scope, "branch")

    a1, a2, b1 = (org_key(b.pk) for b in (world.branch_a1, world.branch_a2, world.branch_b1))
    assert overdue(2024) == {a1: 1, a2: 0, b1: 1}
    assert overdue(2025) == {a1: 0, a2: 0, b1: 1}
