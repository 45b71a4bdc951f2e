import datetime

from django.urls import reverse

from kaohe.assessments.services import (
    assessment_compute,
    assessment_open,
    scheme_version_store,
)
from kaohe.records.models import DisciplineCase, Punishment
from kaohe.records.services import record_create
from kaohe.scoring import Period, load_scheme

SCHEME = """
id: penalty-test
title: 处分测试
version: "1"
subject: branch
period: year
total: 10
grades: [{name: 合格}]
categories:
  - id: A
    name: 基础
    points: 10
    items:
      - id: A1
        name: 党费
        max: 10
        rule:
          kind: deduction
          missing: zero
          clauses: [{count: dues_arrears, points: 1, label: 欠缴党费, unit: 人次}]
  - id: P
    name: 减分
    items:
      - id: P1
        name: 违纪处分
        rule:
          kind: penalty
          table:
            - {type: discipline, level: warning, points: 5, label: 警告或记过}
            - {type: discipline, level: expulsion, points: 20, label: 开除}
"""


def test_a_deduction_links_to_the_discipline_case_behind_it(client, world):
    case = record_create(
        model=DisciplineCase,
        organization=world.branch_a1,
        entered_by=world.site_admin,
        member=world.a1_member,
        case_ref="K9",
        event="违规",
        punishment=Punishment.WARNING,
        decided_on=datetime.date(2025, 6, 1),
    )
    scheme = load_scheme(SCHEME)
    version = scheme_version_store(scheme=scheme, source=SCHEME)
    assessment = assessment_open(
        scheme_version=version, organization=world.gb_a, period=Period("year", 2025), by=None
    )
    run, _ = assessment_compute(assessment=assessment, by=None)
    result = run.results.get(organization=world.branch_a1)
    assert result.penalty == -5
    client.force_login(world.secretary_a1)
    page = client.get(reverse("assessments:result", args=[result.pk])).content.decode()
    link = reverse("records:detail", kwargs={"kind": "discipline_case", "pk": case.pk})
    assert f'href="{link}"' in page
    assert client.get(link).status_code == 200  # the secretary may follow it
