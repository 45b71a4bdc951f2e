"""A member who moved to another branch: when their new branch saves a changed month that
the old branch recorded, the month moves along, and its evidence files with it (the scoping
gate reads the evidence's own organization). A month saved where it already was leaves its
files as they are."""

import datetime
from decimal import Decimal

from kaohe.organizations.models import Member
from kaohe.records import services
from kaohe.records.models import DuesPayment
from kaohe.records.monthly import DUES
from tests.conftest import World
from tests.records import helpers
from tests.records.helpers import upload

MARCH = datetime.date(2025, 3, 1)


def save_march(world: World, branch, paid: str) -> None:
    row = {"amount_due": Decimal(30), "amount_paid": Decimal(paid),
           "paid_on": datetime.date(2025, 3, 5)}  # fmt: skip
    rows = [(world.a1_member.pk, row)]
    services.month_records_save(
        sheet=DUES, organization=branch, month=MARCH, rows=rows, entered_by=world.site_admin
    )


def test_the_months_files_follow_it_to_the_new_branch(world: World, evidence_root):
    save_march(world, world.branch_a1, "10")
    payment = DuesPayment.objects.get()
    evidence = services.evidence_attach(
        record=payment, upload=upload("收据.pdf", helpers.PDF), uploaded_by=world.site_admin
    )
    save_march(world, world.branch_a1, "20")  # changed where it is: nothing moves
    evidence.refresh_from_db()
    assert evidence.organization == world.branch_a1

    Member.objects.filter(pk=world.a1_member.pk).update(branch=world.branch_a2, group=None)
    save_march(world, world.branch_a2, "30")
    payment.refresh_from_db()
    evidence.refresh_from_db()
    assert payment.organization == world.branch_a2 and payment.amount_paid == Decimal(30)
    assert evidence.organization == world.branch_a2
