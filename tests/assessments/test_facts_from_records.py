from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from kaohe.assessments.facts import build_facts, scheme_reads
from kaohe.assessments.models import Assessment, SubjectResult
from kaohe.assessments.services import (
    assessment_compute,
    assessment_open,
    fact_establish,
    manual_rate,
    scheme_version_store,
    subject_key_for_org,
)
from kaohe.records.models import MeetingKind
from kaohe.records.services import meeting_create
from kaohe.scoring import Period, load_scheme
from tests.conftest import World

SCHEME = """
id: facts-test
title: 事实测试方案
version: "1"
subject: branch
period: year
total: 10
grades: [{name: 合格, min: 6}, {name: 不合格}]
vetoes:
  - id: mass
    name: 群体性事件
    when_any: [{events: mass_incident, label: 发生群体性事件}]
    effect: {grade: lowest}
categories:
  - id: A
    name: 组织生活
    points: 10
    items:
      - id: A1
        name: 支部党员大会
        max: 4
        rule:
          kind: deduction
          missing: error
          clauses:
            - shortfall: party_congress_meetings
              required: {frequency: quarterly}
              points: 1
              label: 支部党员大会
              verb: 开
      - id: A2
        name: 档案资料
        max: 3
        rule: {kind: completion, metric: has_archive_cabinet, label: 有档案专柜, missing: error}
      - id: A3
        name: 定性评价
        max: 3
        rule: {kind: manual, missing: error, levels: {优: 1, 良: 0.8, 中: 0.6, 差: 0}}
"""


@pytest.fixture
def assessment(world: World) -> Assessment:
    scheme = load_scheme(SCHEME)
    version = scheme_version_store(scheme=scheme, source=SCHEME)
    return assessment_open(
        scheme_version=version, organization=world.gb_a, period=Period("year", 2025), by=None
    )


def test_scheme_reads_includes_veto_conditions():
    metrics, events = scheme_reads(load_scheme(SCHEME))
    assert metrics == {"party_congress_meetings", "has_archive_cabinet"}
    assert events == {"mass_incident"}


def test_facts_cover_the_subtree_and_name_what_is_missing(world, assessment):
    built = build_facts(load_scheme(SCHEME), assessment)
    assert [s["name"] for s in built.data["subjects"]] == ["第一支部", "第二支部"]
    assert built.computed == ["party_congress_meetings"]
    assert built.unavailable == ["has_archive_cabinet"]
    assert all(s["metrics"]["party_congress_meetings"] == 0 for s in built.data["subjects"])


def test_established_facts_and_ratings_complete_the_facts(world, assessment):
    a1 = subject_key_for_org(world.branch_a1.pk)
    fact_establish(
        assessment=assessment,
        subject_key=a1,
        metric="has_archive_cabinet",
        value=1,
        by=world.evaluator,
    )
    manual_rate(
        assessment=assessment,
        subject_key=a1,
        item_id="A3",
        level="良",
        comment="记录偏简",
        by=world.evaluator,
    )
    subject = build_facts(load_scheme(SCHEME), assessment).data["subjects"][0]
    assert subject["metrics"]["has_archive_cabinet"] == 1
    assert subject["manual"]["A3"] == {"level": "良", "comment": "记录偏简"}


def test_a_computed_metric_cannot_be_entered_by_hand(world, assessment):
    with pytest.raises(ValidationError, match="computed from records"):
        fact_establish(
            assessment=assessment,
            subject_key=subject_key_for_org(world.branch_a1.pk),
            metric="party_congress_meetings",
            value=4,
            by=world.evaluator,
        )


def test_missing_fact_stops_the_run_with_a_message_naming_item_and_metric(world, assessment):
    from kaohe.scoring import FactsError

    with pytest.raises(FactsError, match="has_archive_cabinet"):
        assessment_compute(assessment=assessment, by=None)
    assert not SubjectResult.objects.exists()


def test_compute_scores_records_and_established_facts(world, assessment):
    a1, a2 = (subject_key_for_org(b.pk) for b in (world.branch_a1, world.branch_a2))
    for day in ("2025-03-01", "2025-06-01"):
        meeting_create(
            organization=world.branch_a1,
            entered_by=world.site_admin,
            kind=MeetingKind.PARTY_CONGRESS,
            held_on=day,
            topic="大会",
            attendance=[(world.a1_member.pk, "present")],
        )
    for key, cabinet, level in ((a1, 1, "优"), (a2, 0, "中")):
        fact_establish(
            assessment=assessment,
            subject_key=key,
            metric="has_archive_cabinet",
            value=cabinet,
            by=world.evaluator,
        )
        manual_rate(
            assessment=assessment,
            subject_key=key,
            item_id="A3",
            level=level,
            comment="" if level == "优" else "需改进",
            by=world.evaluator,
        )
    run, _ = assessment_compute(assessment=assessment, by=None)
    totals = dict(run.results.values_list("subject_key", "total"))
    # a1: 4 − 2 (held 2 of 4) + 3 + 3 = 8; a2: 4 − 4 + 0 + 1.8 = 1.8
    assert totals == {a1: Decimal("8.00"), a2: Decimal("1.80")}


def test_assess_run_command_scores_a_scheme_file(world, tmp_path):
    path = tmp_path / "meetings.yaml"
    path.write_text(
        SCHEME.split("      - id: A2")[0]
        .replace("points: 10", "points: 4")
        .replace("total: 10", "total: 4"),
        encoding="utf-8",
    )
    out = StringIO()
    call_command(
        "assess",
        "run",
        "--scheme",
        str(path),
        "--period",
        "2025",
        "--org",
        str(world.root.pk),
        stdout=out,
    )
    text = out.getvalue()
    assert "3 subjects scored" in text and "computed from records: party_congress_meetings" in text
    assert SubjectResult.objects.count() == 3


def test_assess_run_command_names_the_missing_metric(world):
    # The example scheme needs group_meetings; 第二支部 and 第三支部 have no 党小组.
    with pytest.raises(CommandError, match="group_meetings"):
        call_command("assess", "run", "--scheme", "example", "--period", "2025")
    assert not SubjectResult.objects.exists()


def test_assess_run_command_names_a_bad_period_and_scheme(world):
    with pytest.raises(CommandError, match="2025-13"):
        call_command("assess", "run", "--scheme", "example", "--period", "2025-13")
    with pytest.raises(CommandError, match="no-such-scheme"):
        call_command("assess", "run", "--scheme", "no-such-scheme", "--period", "2025")
