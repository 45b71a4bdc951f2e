"""党费台账: a branch's year, member by month, judged as the dues_arrears metric judges it, with
its hand-ins and their deadlines; seen by whoever sees the branch, 404 to anyone else."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from kaohe.assessments.metrics import CATALOGUE, Scope, org_key
from kaohe.records.dues import LATE, NONE, OK, OPEN, SHORT, dues_ledger
from kaohe.records.models import DuesHandIn, DuesPayment
from kaohe.records.services import record_create
from kaohe.scoring import Period
from tests.conftest import World

D = datetime.date
TODAY = D(2025, 3, 15)


@pytest.fixture
def dues(world: World, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: TODAY)

    def pay(member, month, due, paid, paid_on=None):
        record_create(
            model=DuesPayment, organization=world.branch_a1, entered_by=world.site_admin,
            member=member, month=month, amount_due=Decimal(due), amount_paid=Decimal(paid),
            paid_on=paid_on,
        )  # fmt: skip

    sec, mem = world.a1_secretary, world.a1_member
    pay(sec, D(2025, 1, 1), "10", "10", D(2025, 1, 15))  # in time, in full
    pay(sec, D(2025, 2, 1), "10", "10", D(2025, 3, 2))  # in full, after February
    pay(mem, D(2025, 1, 1), "8", "5", D(2025, 1, 20))  # short
    pay(mem, D(2025, 3, 1), "8", "0")  # March, not paid yet: this month
    record_create(
        model=DuesHandIn, organization=world.branch_a1, entered_by=world.site_admin,
        period_start=D(2024, 10, 1), period_end=D(2024, 12, 1), amount=Decimal("54"),
        handed_in_on=D(2025, 1, 12),
    )  # fmt: skip
    return world


def statuses(ledger, member) -> list[str]:
    row = next(r for r in ledger.rows if r.member == member)
    return [cell.status for cell in row.cells[:4]]


def test_each_month_is_judged_as_the_arrears_metric_judges_it(dues):
    w = dues
    ledger = dues_ledger(w.site_admin, w.branch_a1, 2025, TODAY)
    assert statuses(ledger, w.a1_secretary) == [OK, LATE, NONE, NONE]
    assert statuses(ledger, w.a1_member) == [SHORT, NONE, OPEN, NONE]
    scope = Scope.of(w.root, Period("year", 2025), with_members=False)
    metric = CATALOGUE["dues_arrears"].compute(scope, "branch")
    assert ledger.arrears == metric[org_key(w.branch_a1.pk)] == 3


def test_totals_by_member_by_month_and_the_hand_ins(dues):
    w = dues
    ledger = dues_ledger(w.site_admin, w.branch_a1, 2025, TODAY)
    secretary = next(r for r in ledger.rows if r.member == w.a1_secretary)
    assert (secretary.due, secretary.paid, secretary.arrears) == (Decimal(20), Decimal(20), 1)
    assert ledger.month_due[:3] == [Decimal(18), Decimal(10), Decimal(8)]
    assert ledger.month_paid[:3] == [Decimal(15), Decimal(10), Decimal(0)]
    assert (ledger.due, ledger.paid) == (Decimal(36), Decimal(25))
    [hand_in] = ledger.hand_ins
    assert hand_in.due_by == D(2025, 1, 10) and hand_in.late  # 季末次月10日前
    assert ledger.handed_in == Decimal(54)


def test_a_member_who_moved_keeps_their_row_where_their_dues_were_recorded(dues):
    w = dues
    type(w.a1_member).objects.filter(pk=w.a1_member.pk).update(branch=w.branch_a2)
    ledger = dues_ledger(w.site_admin, w.branch_a1, 2025, TODAY)
    assert [r.member.name for r in ledger.rows] == ["张书记", "李党员"]  # the roster first
    there = [r.member.name for r in dues_ledger(w.site_admin, w.branch_a2, 2025, TODAY).rows]
    assert "李党员" in there  # on the new branch's roster too, with nothing recorded there yet


def test_the_page_for_whoever_sees_the_branch(client, dues):
    w = dues
    url = reverse("records:dues_ledger", args=[w.branch_a1.pk]) + "?year=2025"
    client.force_login(w.secretary_a1)
    page = client.get(url).content.decode()
    assert "第一支部 · 党费台账" in page and 'class="cell late"' in page
    assert reverse("records:month_sheet", args=[w.branch_a1.pk, "dues", "2025-03"]) in page
    ahead = reverse("records:month_sheet", args=[w.branch_a1.pk, "dues", "2025-04"])
    assert ahead not in page
    client.force_login(w.evaluator)  # reads, enters nothing
    page = client.get(url).content.decode()
    assert "党费台账" in page and "/monthly/dues/2025-03/" not in page
    for outsider in (w.outsider, w.member_a1):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(w.site_admin)
    assert client.get(reverse("records:dues_ledger", args=[w.gb_a.pk])).status_code == 404
