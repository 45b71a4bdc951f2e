"""党费台账: a branch's dues for a year, member by month, and what it handed in.

Three queries through the scoping gate: the payments and the roster (monthly.year_records,
as the other 台账 read theirs) and the hand-ins. A cell's
status follows the dues_arrears metric's rule (未及时足额: short, or paid in full only after
the month), so the ledger and the scores never disagree.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from kaohe.accounts.scoping import scoped
from kaohe.organizations.models import Member, Organization
from kaohe.records.models import DuesHandIn, DuesPayment
from kaohe.records.monthly import LATE, OK, SHORT, year_months, year_records

OPEN, NONE = "open", "none"


@dataclass(frozen=True)
class DuesCell:
    month: datetime.date
    payment: DuesPayment | None
    status: str  # OK, LATE (in full after the month), SHORT, OPEN (this month, not yet), NONE


@dataclass
class DuesRow:
    member: Member
    cells: list[DuesCell]
    due: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)
    arrears: int = 0  # months not paid in time and in full (the metric's count)


@dataclass
class DuesLedger:
    months: list[datetime.date]
    rows: list[DuesRow]
    month_due: list[Decimal]
    month_paid: list[Decimal]
    hand_ins: list[DuesHandIn] = field(default_factory=list)

    @property
    def due(self) -> Decimal:
        return sum(self.month_due, Decimal(0))

    @property
    def paid(self) -> Decimal:
        return sum(self.month_paid, Decimal(0))

    @property
    def handed_in(self) -> Decimal:
        return sum((h.amount for h in self.hand_ins), Decimal(0))

    @property
    def arrears(self) -> int:
        return sum(row.arrears for row in self.rows)

    @property
    def months_and_totals(self) -> list[tuple[datetime.date, Decimal, Decimal]]:
        return list(zip(self.months, self.month_due, self.month_paid, strict=True))


def _status(payment: DuesPayment | None, month: datetime.date, today: datetime.date) -> str:
    if payment is None:
        return NONE
    if payment.in_time_and_full:
        return OK
    if payment.paid_in_full:
        return LATE
    this_month = today.replace(day=1)
    return OPEN if month >= this_month else SHORT


def dues_ledger(user, branch: Organization, year: int, today: datetime.date) -> DuesLedger:
    """The branch's ledger for `year` as `user` sees it: a row for each member on its roster,
    and for anyone whose dues it recorded that year before they moved on."""
    months = year_months(year)
    members, by_member = year_records(user, DuesPayment, branch, year)
    rows = []
    month_due = [Decimal(0)] * 12
    month_paid = [Decimal(0)] * 12
    for member in members:
        paid_by_month = by_member.get(member.pk, {})
        row = DuesRow(member, [])
        for index, month in enumerate(months):
            payment = paid_by_month.get(month)
            status = _status(payment, month, today)
            row.cells.append(DuesCell(month, payment, status))
            if payment is not None:
                row.due += payment.amount_due
                row.paid += payment.amount_paid
                row.arrears += status in (LATE, SHORT, OPEN)
                month_due[index] += payment.amount_due
                month_paid[index] += payment.amount_paid
        rows.append(row)
    hand_ins = list(
        scoped(
            user, DuesHandIn.objects.filter(organization=branch, handed_in_on__year=year)
        ).order_by("handed_in_on", "pk")
    )
    return DuesLedger(months, rows, month_due, month_paid, hand_ins)
