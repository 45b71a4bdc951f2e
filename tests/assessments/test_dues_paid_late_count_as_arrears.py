"""党费 not paid in full by the end of its month counts against the member and the branch:
short, unpaid, or paid in full only later (未及时足额). The last day of the month is in time."""

import datetime
from decimal import Decimal

import pytest

from kaohe.assessments.metrics import CATALOGUE, Scope, member_key, org_key
from kaohe.records.models import DuesPayment
from kaohe.records.services import record_create
from kaohe.scoring import Period
from tests.conftest import World

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def dues(world: World) -> World:
    def month(first, paid, paid_on):
        record_create(
            model=DuesPayment, organization=world.branch_a1, entered_by=world.site_admin,
            member=world.a1_member, month=first, amount_due=Decimal("30.00"),
            amount_paid=Decimal(paid), paid_on=paid_on,
        )  # fmt: skip

    month(D(2025, 1, 1), "30.00", D(2025, 1, 5))  # in time
    month(D(2025, 2, 1), "30.00", D(2025, 2, 28))  # the last day: still in time
    month(D(2025, 3, 1), "30.00", D(2025, 4, 1))  # in full, a month late
    month(D(2025, 4, 1), "20.00", D(2025, 4, 3))  # short
    month(D(2025, 5, 1), "0", None)  # unpaid
    month(D(2025, 12, 1), "30.00", D(2026, 1, 2))  # late, across the year's end
    return world


def compute(world, name, subject):
    scope = Scope.of(world.root, Period("year", 2025), with_members=subject == "member")
    return CATALOGUE[name].compute(scope, subject)


def test_late_short_and_unpaid_months_are_arrears(dues):
    assert compute(dues, "dues_arrears", "member") == {member_key(dues.a1_member.pk): 4}
    assert compute(dues, "dues_arrears", "branch") == {org_key(dues.branch_a1.pk): 4}
    assert compute(dues, "dues_paid_in_full", "member") == {member_key(dues.a1_member.pk): 0}


def test_months_paid_in_full_by_their_last_day_are_not(dues):
    q1 = Scope.of(dues.root, Period("month", 2025, 2), with_members=True)
    assert CATALOGUE["dues_arrears"].compute(q1, "member") == {member_key(dues.a1_member.pk): 0}
    assert CATALOGUE["dues_paid_in_full"].compute(q1, "member") == {
        member_key(dues.a1_member.pk): 1
    }
