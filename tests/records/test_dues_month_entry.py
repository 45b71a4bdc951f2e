"""党费登记: a month's dues of every member on one page. The usual month is one date and one
tick; a bad row names the member and the field, and nothing at all is written."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from kaohe.records.models import DuesPayment
from kaohe.records.services import record_create
from tests.conftest import World

D = datetime.date


def url(world: World, month="2025-03"):
    return reverse("records:month_sheet", args=[world.branch_a1.pk, "dues", month])


def fields(world: World, **rows) -> dict:
    """POST data: rows keyed sec/mem → (due, paid, date), as strings ("" for blank)."""
    data = {}
    for name, member in (("sec", world.a1_secretary), ("mem", world.a1_member)):
        due, paid, date = rows.get(name, ("", "", ""))
        data |= {
            f"amount_due_{member.pk}": due,
            f"amount_paid_{member.pk}": paid,
            f"paid_on_{member.pk}": date,
        }
    return data


def payments(world: World):
    return {
        (p.member.name, f"{p.month:%Y-%m}"): (p.amount_due, p.amount_paid, p.paid_on)
        for p in DuesPayment.objects.select_related("member")
    }


@pytest.fixture
def february(world: World):
    record_create(
        model=DuesPayment, organization=world.branch_a1, entered_by=world.site_admin,
        member=world.a1_secretary, month=D(2025, 2, 1), amount_due=Decimal("12.50"),
        amount_paid=Decimal("12.50"), paid_on=D(2025, 2, 10),
    )  # fmt: skip
    return world


def test_the_amount_due_carries_over_from_the_members_last_month(client, february):
    w = february
    client.force_login(w.secretary_a1)
    form = client.get(url(w)).context["form"]
    assert form[f"amount_due_{w.a1_secretary.pk}"].value() == Decimal("12.50")
    assert form[f"amount_due_{w.a1_member.pk}"].value() is None  # nothing recorded before


def test_one_date_and_one_tick_pay_everyone_in_full_the_exceptions_typed(client, february):
    w = february
    client.force_login(w.secretary_a1)
    data = fields(w, sec=("12.50", "", ""), mem=("8", "5", "2025-03-20"))
    data |= {"paid_on_default": "2025-03-10", "rest_paid_in_full": "on"}
    response = client.post(url(w), data)
    assert response.status_code == 302
    assert response.url.endswith("?year=2025")
    assert payments(w) == {
        ("张书记", "2025-02"): (Decimal("12.50"), Decimal("12.50"), D(2025, 2, 10)),
        ("张书记", "2025-03"): (Decimal("12.50"), Decimal("12.50"), D(2025, 3, 10)),
        ("李党员", "2025-03"): (Decimal("8"), Decimal("5"), D(2025, 3, 20)),
    }
    recorded = DuesPayment.objects.get(member=w.a1_member)
    assert recorded.organization == w.branch_a1 and recorded.entered_by == w.secretary_a1


def test_a_row_left_empty_is_not_recorded(client, world: World):
    client.force_login(world.secretary_a1)
    data = fields(world, sec=("10", "10", "2025-03-05"))
    assert client.post(url(world), data).status_code == 302
    assert list(payments(world)) == [("张书记", "2025-03")]


def test_a_bad_row_names_the_member_and_nothing_is_written(client, world: World):
    client.force_login(world.secretary_a1)
    # The secretary's row is good; the member paid with no date and none at the top.
    data = fields(world, sec=("10", "10", "2025-03-05"), mem=("8", "8", ""))
    response = client.post(url(world), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "未保存任何内容" in page
    assert "李党员 · 缴纳日期：请填写缴纳日期。" in page
    assert DuesPayment.objects.count() == 0


def test_a_changed_month_is_updated_and_a_recorded_month_cannot_be_blanked(client, world: World):
    client.force_login(world.secretary_a1)
    client.post(url(world), fields(world, sec=("10", "0", ""), mem=("8", "8", "2025-03-02")))
    changed = fields(world, sec=("10", "10", "2025-03-25"), mem=("8", "8", "2025-03-02"))
    response = client.post(url(world), changed, follow=True)
    assert "新增或修改 1 条记录" in response.content.decode()  # the member's row was unchanged
    assert payments(world)[("张书记", "2025-03")] == (Decimal(10), Decimal(10), D(2025, 3, 25))
    blanked = client.post(url(world), fields(world, sec=("", "", ""), mem=("8", "8", "2025-03-02")))
    assert blanked.status_code == 400
    assert "张书记 · 应缴金额（元）：已登记的月份须保留应缴金额（元）" in blanked.content.decode()
    assert DuesPayment.objects.count() == 2


def test_the_tick_needs_the_date(client, world: World):
    client.force_login(world.secretary_a1)
    data = fields(world, sec=("10", "", "")) | {"rest_paid_in_full": "on"}
    response = client.post(url(world), data)
    assert response.status_code == 400
    assert "请填写缴纳日期,或取消勾选下方选项。" in response.content.decode()
    assert DuesPayment.objects.count() == 0


def test_who_may_enter_and_which_months(client, world: World):
    client.force_login(world.evaluator)
    assert client.get(url(world)).status_code == 403
    assert client.post(url(world), fields(world, sec=("1", "", ""))).status_code == 403
    client.force_login(world.outsider)
    assert client.get(url(world)).status_code == 404
    client.force_login(world.admin_a)
    assert client.get(url(world)).status_code == 200
    next_month = (datetime.date.today().replace(day=28) + datetime.timedelta(days=4)).strftime(
        "%Y-%m"
    )
    for month in (next_month, "2025-13", "march"):
        assert client.get(url(world, month)).status_code == 404
    group = reverse("records:month_sheet", args=[world.group_a1.pk, "dues", "2025-03"])
    assert client.get(group).status_code == 404
    unknown = reverse("records:month_sheet", args=[world.branch_a1.pk, "tests", "2025-03"])
    assert client.get(unknown).status_code == 404
    assert DuesPayment.objects.count() == 0


def test_the_service_refuses_a_member_of_another_branch_and_writes_nothing(world: World):
    from django.core.exceptions import ValidationError

    from kaohe.records.monthly import DUES
    from kaohe.records.services import month_records_save

    rows = [
        (world.a1_secretary.pk, {"amount_due": Decimal(10), "amount_paid": Decimal(10),
                                 "paid_on": D(2025, 3, 5)}),
        (world.b1_member.pk, {"amount_due": Decimal(9), "amount_paid": None, "paid_on": None}),
    ]  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        month_records_save(
            sheet=DUES, organization=world.branch_a1, month=D(2025, 3, 1), rows=rows,
            entered_by=world.secretary_a1,
        )  # fmt: skip
    assert caught.value.messages == ["赵党员 · 党员：该党员不属于第一支部。"]
    assert DuesPayment.objects.count() == 0
