"""A combination that cannot be made is refused with every problem named, and writes nothing."""

import pytest
from django.core.exceptions import ValidationError

from kaohe.assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentRun,
    CombinedSource,
    ScoreAudit,
    Stage,
)
from kaohe.assessments.services import assessment_combine
from kaohe.scoring import Period
from tests.assessments.combining import YEAR, make_source, rollup_version
from tests.schemes import ROLLUP_SCHEME


def snapshot():
    return (
        Assessment.objects.filter(kind=AssessmentKind.COMBINED).count(),
        CombinedSource.objects.count(),
        AssessmentRun.objects.count(),
        ScoreAudit.objects.count(),
    )


def refused(world, year, parts, match, *, version=None, in_year=YEAR):
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        assessment_combine(
            scheme_version=version or year.version, year=in_year, parts=parts, by=world.site_admin
        )
    assert snapshot() == before
    text = " ".join(caught.value.messages)
    assert match in text, text
    return caught.value.messages


def branches(world, points):
    return {world.branch_a1: points, world.branch_a2: points, world.branch_b1: points}


def test_a_source_not_yet_finalized_is_refused(world, year):
    Assessment.objects.filter(pk=year.months[1].pk).update(stage=Stage.PUBLISHED)
    year.months[1].refresh_from_db()
    refused(world, year, year.parts, f"#{year.months[1].pk}(2025年2月)尚未定档")


def test_a_source_of_another_scheme_version_is_refused(world, year):
    version2, scheme2 = rollup_version(ROLLUP_SCHEME.replace('version: "1"', 'version: "2"'))
    other = make_source(world, version2, scheme2, Period("month", YEAR, 4), branches(world, 90))
    parts = year.parts | {"daily": [*year.months, other]}
    refused(world, year, parts, f"考核 #{other.pk}(2025年4月)使用方案 汇总测试方案 v2,不是")


def test_a_source_of_another_organization_is_refused(world, year):
    other = make_source(
        world,
        year.version,
        year.scheme,
        Period("month", YEAR, 4),
        {world.branch_a1: 90, world.branch_a2: 90},
        organization=world.gb_a,
    )
    parts = year.parts | {"daily": [*year.months, other]}
    refused(world, year, parts, "属于第一党总支,其他来源属于机关党委")


def test_a_period_outside_the_year_is_refused(world, year):
    last_year = make_source(
        world, year.version, year.scheme, Period("month", YEAR - 1, 12), branches(world, 90)
    )
    parts = year.parts | {"daily": [last_year, *year.months]}
    refused(world, year, parts, f"#{last_year.pk}(2024年12月)的期间不在 2025 年内")


def test_a_missing_or_unknown_part_is_refused(world, year):
    refused(world, year, {"daily": year.months}, "缺少「集中考核」(central)的来源考核")
    refused(world, year, year.parts | {"bonus": [year.central]}, "没有汇总部分 bonus")


def test_the_same_source_in_two_parts_is_refused(world, year):
    parts = {"daily": [*year.months, year.central], "central": [year.central]}
    messages = refused(world, year, parts, "被重复选用")
    # Every problem at once: the duplicate also mixes months with a year in one part.
    assert any("同一种期间" in m for m in messages)


def test_a_branch_missing_from_a_month_is_named(world, year):
    thin = make_source(
        world,
        year.version,
        year.scheme,
        Period("month", YEAR, 4),
        {world.branch_a1: 90, world.branch_a2: 90},
    )
    parts = year.parts | {"daily": [*year.months, thin]}
    refused(world, year, parts, f"第三支部 不在「日常考核」2025年4月(考核 #{thin.pk})的结果中")


def test_a_scheme_without_rollup_weights_is_refused(world, year, scored):
    _, assessment, _, _ = scored
    Assessment.objects.filter(pk=assessment.pk).update(stage=Stage.FINALIZED)
    assessment.refresh_from_db()
    refused(
        world,
        year,
        {"daily": [assessment]},
        "未配置汇总(rollup)",
        version=assessment.scheme_version,
    )


def test_a_combined_assessment_is_not_a_source_and_a_finalized_one_stays(world, year):
    combined = assessment_combine(
        scheme_version=year.version, year=YEAR, parts=year.parts, by=world.site_admin
    )
    refused(world, year, year.parts | {"central": [combined]}, "本身是汇总考核")
    Assessment.objects.filter(pk=combined.pk).update(stage=Stage.FINALIZED)
    refused(world, year, year.parts, "2025年度汇总考核已定档")
