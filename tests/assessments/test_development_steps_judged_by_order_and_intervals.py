"""发展党员 steps are irregular when they break the stages' order, or come less than a year
after 积极分子 (发展对象) or after admission (转正); an unrecorded earlier stage is not judged."""

import datetime

import pytest

from kaohe.assessments.metrics import CATALOGUE, Scope, org_key
from kaohe.records.development import irregular_steps
from kaohe.records.models import DevelopmentStep
from kaohe.records.services import record_create
from kaohe.scoring import Period
from tests.conftest import World

D = datetime.date


def test_a_regular_chain_has_no_irregular_step():
    chain = [
        ("application", "张三", D(2022, 1, 5)),
        ("activist", "张三", D(2022, 3, 1)),
        ("candidate", "张三", D(2023, 3, 1)),  # a year of training: enough
        ("probationary", "张三", D(2023, 7, 1)),
        ("full", "张三", D(2024, 7, 1)),
    ]
    assert irregular_steps(chain) == set()


def test_too_soon_after_the_previous_stage():
    chain = [
        ("activist", "张三", D(2022, 3, 1)),
        ("candidate", "张三", D(2023, 2, 28)),  # a day short of a year
        ("probationary", "张三", D(2023, 7, 1)),
        ("full", "张三", D(2024, 6, 30)),  # 预备期 a day short
    ]
    assert irregular_steps(chain) == {1, 3}


def test_a_stage_after_a_later_one_breaks_the_order():
    chain = [("probationary", "李四", D(2023, 7, 1)), ("candidate", "李四", D(2023, 9, 1))]
    assert irregular_steps(chain) == {1}


def test_people_are_judged_apart_and_unrecorded_stages_are_not_judged():
    chain = [
        ("activist", "张三", D(2023, 1, 1)),
        ("candidate", "李四", D(2023, 2, 1)),  # 李四's 积极分子 step predates the records
        ("full", "王五", D(2023, 3, 1)),
    ]
    assert irregular_steps(chain) == set()


@pytest.mark.django_db
def test_the_metric_counts_the_periods_irregular_steps_per_branch(world: World):
    def step(branch, name, stage, day):
        record_create(
            model=DevelopmentStep, organization=branch, entered_by=world.site_admin,
            person_name=name, step=stage, step_on=day,
        )  # fmt: skip

    a1, a2 = world.branch_a1, world.branch_a2
    step(a1, "张三", "activist", D(2023, 3, 1))
    step(a1, "张三", "candidate", D(2024, 1, 10))  # too soon, in 2024
    step(a1, "张三", "probationary", D(2024, 6, 1))
    step(a1, "张三", "full", D(2025, 3, 1))  # too soon, in 2025
    step(a2, "张三", "activist", D(2024, 5, 1))  # another branch's 张三: another person
    step(a2, "张三", "candidate", D(2025, 6, 1))

    def irregular(year):
        scope = Scope.of(world.root, Period("year", year), with_members=False)
        return CATALOGUE["development_steps_irregular"].compute(scope, "branch")

    assert irregular(2024) == {org_key(a1.pk): 1, org_key(a2.pk): 0}
    assert irregular(2025) == {org_key(a1.pk): 1, org_key(a2.pk): 0}
