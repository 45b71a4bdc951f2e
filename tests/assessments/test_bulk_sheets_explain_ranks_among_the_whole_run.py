"""A bulk run's score sheet, explained on first view from the pinned facts, says what a
scalar run stores: a rank item still places the subject among the whole run (or its group),
though only that subject is scored."""

from kaohe.assessments import selectors, services
from kaohe.assessments.models import SubjectResult
from kaohe.assessments.services import (
    assessment_open,
    assessment_run,
    scheme_version_store,
    subject_key_for_org,
)
from kaohe.scoring import Period, load_scheme

RANKED = """
id: ranked
title: 排名测试方案
version: "1"
subject: branch
period: year
total: 20
grades: [{name: 优秀, min: 18}, {name: 一般}]
categories:
  - id: A
    name: 学习
    points: 20
    items:
      - id: A1
        name: 学习积分(全委)
        max: 10
        rule:
          kind: rank
          metric: app_points
          label: 党建APP学习积分
          missing: zero
          tiers: [{ranks: [1, 1], points: 10}, {ranks: [2, null], points: 5}]
      - id: A2
        name: 学习积分(片区内)
        max: 6
        rule:
          kind: rank
          metric: app_points
          group: area
          label: 党建APP学习积分
          missing: zero
          tiers: [{ranks: [1, 1], points: 6}, {ranks: [2, null], points: 2}]
      - id: A3
        name: 缺席
        max: 4
        rule: {kind: linked, events: training_absence, label: 缺席集中学习, branch: 1, member: 1}
"""


def _run(world, period):
    scheme = load_scheme(RANKED)
    version = scheme_version_store(scheme=scheme, source=RANKED)
    assessment = assessment_open(
        scheme_version=version, organization=world.root, period=period, by=world.site_admin
    )
    branches = {world.branch_a1: ("north", 30), world.branch_a2: ("north", 20)}
    branches[world.branch_b1] = ("south", 10)
    a2 = subject_key_for_org(world.branch_a2.pk)
    facts = {
        "period": {"kind": "year", "year": period.year},
        "subjects": [
            {
                "id": subject_key_for_org(b.pk),
                "name": b.name,
                "groups": {"area": area},
                "metrics": {"app_points": points},
            }
            for b, (area, points) in branches.items()
        ],
        # A member's absence counts against their branch.
        "events": [
            {"id": "meeting:7#1", "subject": "M999", "branch": a2, "type": "training_absence"}
        ],
    }
    run = assessment_run(assessment=assessment, scheme=scheme, facts_json=facts, by=None)
    return {r.organization_id: r for r in SubjectResult.objects.filter(run=run)}


def _explained(result) -> dict:
    return {
        item.id: (item.points, [e.inputs for e in item.explanations])
        for category in selectors.result_sheet(result)
        for item in category.items
    }


def test_bulk_sheets_explain_ranks_and_events_as_the_scalar_run_stores_them(world, monkeypatch):
    scalar = _run(world, Period("year", 2024))
    monkeypatch.setattr(services, "SCALAR_RUN_LIMIT", 0)  # store without explanations
    bulk = _run(world, Period("year", 2025))
    for branch, stored in scalar.items():
        assert not any(item.explanations for item in bulk[branch].items.all())
        assert _explained(bulk[branch]) == _explained(stored)
    a2 = _explained(bulk[world.branch_a2.pk])
    # Second of three in the whole run, second of two in its area, one absence.
    assert a2["A1"][1][0]["rank"] == 2 and a2["A1"][1][0]["population"] == 3
    assert a2["A2"][1][0]["rank"] == 2 and a2["A2"][1][0]["population"] == 2
    assert a2["A3"][0] == 3
    b1 = _explained(bulk[world.branch_b1.pk])
    assert b1["A2"][1][0]["rank"] == 1 and b1["A2"][1][0]["population"] == 1
