"""党费未按时上缴: a hand-in is late after the 10th of the month after its period (季末次月10日),
counted in the period it was handed in; the 10th itself is on time."""

import datetime
from decimal import Decimal

from kaohe.assessments.metrics import CATALOGUE, Scope, org_key
from kaohe.records.models import DuesHandIn
from kaohe.records.services import record_create
from kaohe.scoring import Period
from tests.conftest import World

D = datetime.date


def hand_in(world: World, branch, start, end, on):
    record_create(
        model=DuesHandIn, organization=branch, entered_by=world.site_admin, period_start=start,
        period_end=end, amount=Decimal(100), handed_in_on=on,
    )  # fmt: skip


def test_late_hand_ins_per_branch(world: World):
    w = world
    hand_in(w, w.branch_a1, D(2025, 1, 1), D(2025, 3, 1), D(2025, 4, 10))  # the 10th: on time
    hand_in(w, w.branch_a1, D(2025, 4, 1), D(2025, 6, 1), D(2025, 7, 11))  # late
    hand_in(w, w.branch_a2, D(2024, 10, 1), D(2024, 12, 1), D(2025, 1, 15))  # late, in 2025
    hand_in(w, w.branch_a2, D(2025, 10, 1), D(2025, 12, 1), D(2026, 1, 5))  # in 2026: not here
    scope = Scope.of(w.root, Period("year", 2025), with_members=False)
    late = CATALOGUE["dues_handover_late"].compute(scope, "branch")
    assert {k: v for k, v in late.items() if v} == {
        org_key(w.branch_a1.pk): 1,
        org_key(w.branch_a2.pk): 1,
    }
    assert late.get(org_key(w.branch_b1.pk), 0) == 0
