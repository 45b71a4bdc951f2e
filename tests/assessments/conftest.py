import datetime

import pytest
from django.utils import timezone

from kaohe.assessments.services import (
    assessment_open,
    assessment_publish,
    assessment_run,
    assessment_start_review,
    assessment_start_self_assessment,
    scheme_version_store,
    subject_key_for_org,
)
from kaohe.organizations.models import OrgKind
from kaohe.organizations.services import organization_create
from kaohe.records.models import MeetingKind
from kaohe.records.services import meeting_create
from kaohe.scoring import Period, load_scheme
from tests.assessments.combining import build_year


@pytest.fixture
def evidence_root(settings, tmp_path):
    """Evidence of claims, objections and appeals in the test's own empty folder."""
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    return settings.EVIDENCE_ROOT


@pytest.fixture
def ended(world, cycle):
    """The cycle fixture's assessment published, its publication window over (定档 may come)."""
    meeting_create(
        organization=world.branch_a1,
        entered_by=world.site_admin,
        kind=MeetingKind.PARTY_CONGRESS,
        held_on=datetime.date(2025, 3, 1),
        topic="大会",
    )
    assessment_start_self_assessment(assessment=cycle, by=world.site_admin)
    assessment_start_review(assessment=cycle, by=world.site_admin)
    now, day = timezone.now(), datetime.timedelta(days=1)
    assessment_publish(assessment=cycle, start=now - 3 * day, end=now - day, by=world.site_admin)
    return cycle


@pytest.fixture
def opened(world, cycle):
    """The cycle fixture's assessment in 自评 (self-assessment)."""
    assessment_start_self_assessment(assessment=cycle, by=world.admin_a)
    return cycle


@pytest.fixture
def year(world):
    """ROLLUP_SCHEME 2025 over the root's branches: three finalized months, a finalized year-end."""
    return build_year(world)


# Five branches rated by hand; one vetoed. 先进 takes 50% (quota 2 of 5, ties share a rank);
# 标兵 takes 20% (quota 1) and admits a tied group only if all of it fits.
AWARD_SCHEME = """
id: awards
title: 评优测试方案
version: "1"
subject: branch
period: year
total: 10
grades: [{name: 优秀, min: 9}, {name: 合格, min: 6}, {name: 不合格}]
vetoes:
  - {id: accident, name: 较大安全责任事故, when_any: [{metric: accident, label: 发生事故}],
     missing: zero, effect: {grade: lowest}}
awards:
  - {id: advanced, name: 先进党支部, min_total: 5, quota: 50%, rounding: floor, ties: include}
  - {id: model, name: 标兵党支部, min_total: 5, quota: 20%, rounding: floor, ties: exclude}
categories:
  - id: A
    name: 工作
    points: 10
    items:
      - {id: A1, name: 综合评价, max: 10, rule: {kind: manual, missing: zero}}
"""


@pytest.fixture
def ranked(world):
    scheme = load_scheme(AWARD_SCHEME)
    version = scheme_version_store(scheme=scheme, source=AWARD_SCHEME)
    extra = [
        organization_create(name=name, kind=OrgKind.BRANCH, parent=world.gb_b)
        for name in ("第四支部", "第五支部")
    ]
    branches = [world.branch_a1, world.branch_a2, world.branch_b1, *extra]
    points = {"第一支部": 9, "第二支部": 8, "第三支部": 8, "第四支部": 7, "第五支部": 3}
    facts = {
        "period": {"kind": "year", "year": 2025},
        "subjects": [
            {
                "id": subject_key_for_org(b.pk),
                "name": b.name,
                "metrics": {"accident": 1 if b.name == "第一支部" else 0},
                "manual": {"A1": {"points": points[b.name], "comment": "评"}},
            }
            for b in branches
        ],
        "events": [],
    }
    assessment = assessment_open(
        scheme_version=version, organization=world.root, period=Period("year", 2025), by=None
    )
    assessment_run(assessment=assessment, scheme=scheme, facts_json=facts, by=None)
    return scheme, assessment
