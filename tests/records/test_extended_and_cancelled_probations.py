"""延长预备期 and 取消预备党员资格: an extension (after the year, a year at most in all) moves the
day 转正 may come and a probation counts as over, on the ledger, the branch page and the
dashboard alike; a cancellation ends the way. Steps that break these rules are irregular,
as the development_steps_irregular metric counts them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from kaohe.assessments.metrics import CATALOGUE, Scope, org_key
from kaohe.dates import add_months
from kaohe.records.development import development_ledger, irregular_steps, probations_over
from kaohe.records.models import DevelopmentStep
from kaohe.scoring import Period
from tests.conftest import World
from tests.records.helpers import enter

D = datetime.date
TODAY = D(2025, 9, 1)


def test_months_are_added_within_the_month_they_land_in():
    assert add_months(D(2024, 8, 31), 6) == D(2025, 2, 28)
    assert add_months(D(2023, 8, 31), 6) == D(2024, 2, 29)
    assert add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert add_months(D(2024, 11, 15), 14) == D(2026, 1, 15)


def test_an_extension_at_the_years_end_and_full_membership_after_it_are_regular():
    chain = [
        ("probationary", "张三", D(2023, 7, 1)),
        ("extended", "张三", D(2024, 7, 2), 6),
        ("full", "张三", D(2025, 1, 1)),  # the year and six months are over
    ]
    assert irregular_steps(chain) == set()


def test_full_membership_waits_for_the_extension():
    chain = [
        ("probationary", "张三", D(2023, 7, 1)),
        ("extended", "张三", D(2024, 7, 2), 6),
        ("full", "张三", D(2024, 12, 31)),  # a day short of the extended probation
    ]
    assert irregular_steps(chain) == {2}


def test_an_extension_before_the_year_is_over_or_beyond_a_year_in_all():
    early = [("probationary", "张三", D(2023, 7, 1)), ("extended", "张三", D(2024, 6, 1), 6)]
    assert irregular_steps(early) == {1}
    too_long = [
        ("probationary", "张三", D(2023, 7, 1)),
        ("extended", "张三", D(2024, 7, 1), 6),
        ("extended", "张三", D(2025, 1, 1), 7),  # thirteen months in all
    ]
    assert irregular_steps(too_long) == {2}


def test_a_probation_ends_once():
    after_full = [
        ("probationary", "张三", D(2023, 7, 1)),
        ("full", "张三", D(2024, 7, 1)),
        ("extended", "张三", D(2024, 8, 1), 6),
        ("cancelled", "张三", D(2024, 9, 1)),
    ]
    assert irregular_steps(after_full) == {2, 3}
    # A cancellation needs no waiting: it may come any time in the probation.
    after_cancelled = [
        ("probationary", "李四", D(2023, 7, 1)),
        ("cancelled", "李四", D(2023, 12, 1)),
        ("full", "李四", D(2024, 7, 1)),
    ]
    assert irregular_steps(after_cancelled) == {2}


@pytest.fixture
def steps(world: World):
    def step(name, stage, day, months=None, branch=None):
        enter(world, DevelopmentStep, organization=branch, person_name=name, step=stage,
              step_on=day, extended_months=months)  # fmt: skip

    step("吴延长", "probationary", D(2024, 3, 1))
    step("吴延长", "extended", D(2025, 3, 3), 6)  # over on 2025-09-01
    step("郑取消", "probationary", D(2024, 1, 5))
    step("郑取消", "cancelled", D(2024, 11, 20))
    step("冯早延", "probationary", D(2024, 9, 1))
    step("冯早延", "extended", D(2025, 5, 1), 3)  # before the year is over: irregular
    step("陈记录前", "extended", D(2025, 4, 1), 12)  # admitted before the records
    return world


def test_the_ledger_reads_extensions_and_cancellations(steps):
    w = steps
    rows = {row.person: row for row in development_ledger(w.site_admin, w.branch_a1, TODAY)}
    wu = rows["吴延长"]
    assert (wu.next_stage, wu.next_from, wu.extended_months, wu.overdue) == (
        "full", D(2025, 9, 1), 6, True,
    )  # fmt: skip
    earlier = development_ledger(w.site_admin, w.branch_a1, D(2025, 8, 31))
    assert not next(row for row in earlier if row.person == "吴延长").overdue
    zheng = rows["郑取消"]
    assert (zheng.cancelled, zheng.in_progress, zheng.reached) == (True, False, "probationary")
    assert zheng.cells[-1].instead and zheng.cells[-1].step.step == "cancelled"
    feng = rows["冯早延"]
    assert [bad for _, bad in feng.cells[3].extensions] == [True] and feng.irregular == 1
    assert (feng.next_from, feng.overdue) == (D(2025, 12, 1), False)
    with translation.override("zh-hans"):
        assert str(wu.cells[3].extensions[0][0]) == "吴延长 · 延长预备期 6 个月"
    chen = rows["陈记录前"]
    assert (chen.reached, chen.next_stage, chen.next_from, chen.overdue) == (
        "probationary", "full", None, False,
    )  # fmt: skip
    metric = CATALOGUE["development_steps_irregular"].compute(
        Scope.of(w.root, Period("year", 2025), with_members=False), "branch"
    )
    assert metric[org_key(w.branch_a1.pk)] == 1


def test_probations_over_count_the_extension_and_not_a_cancellation(steps):
    w = steps
    over = probations_over(w.site_admin, TODAY)
    assert [(p.person, p.ended, p.extended_months) for p in over] == [("吴延长", D(2025, 9, 1), 6)]
    assert probations_over(w.site_admin, D(2025, 8, 31)) == []


def test_the_pages_show_the_extension_and_the_cancellation(client, steps, monkeypatch):
    w = steps
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: TODAY)
    client.force_login(w.secretary_a1)
    page = client.get(reverse("records:development", args=[w.branch_a1.pk])).content.decode()
    assert "延长预备期 6 个月" in page and "延长预备期 3 个月 !" in page
    assert 'id="development-cancelled"' in page and "取消预备党员资格 2024-11-20" in page
    for url in (reverse("home"), reverse("orgs:detail", args=[w.branch_a1.pk])):
        page = client.get(url).content.decode()
        assert "吴延长" in page and "预备期已于 2025-09-01 满" in page
        assert "延长预备期 6 个月" in page and "郑取消" not in page
