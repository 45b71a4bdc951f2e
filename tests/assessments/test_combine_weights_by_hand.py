"""汇总考核 through the service: the year equals a hand computation, in exact Decimals."""

from decimal import Decimal

from kaohe.assessments.models import AssessmentKind, CombinedSource, Stage
from kaohe.assessments.selectors import current_run
from kaohe.assessments.serialization import explanation_from_json
from kaohe.assessments.services import assessment_combine
from kaohe.scoring import render_explanation
from tests.assessments.combining import YEAR


def combine(world, year):
    return assessment_combine(
        scheme_version=year.version, year=YEAR, parts=year.parts, by=world.site_admin
    )


def totals(assessment) -> dict:
    run = current_run(assessment)
    return {r.organization.name: r for r in run.results.select_related("organization")}


def test_the_year_is_the_weighted_mean_of_its_parts_rounded_half_up(world, year):
    combined = combine(world, year)
    results = totals(combined)
    assert {name: r.total for name, r in results.items()} == year.expected
    for result in results.values():
        assert isinstance(result.total, Decimal)
    # 89.405 rounds half up to 89.41 (to even it would be 89.40).
    assert results["第一支部"].total == Decimal("89.41")
    assert [results[n].rank for n in ("第三支部", "第一支部", "第二支部")] == [1, 2, 3]
    assert results["第一支部"].grade == "良好"
    assert results["第二支部"].grade == "良好"


def test_the_combined_assessment_is_a_year_of_the_same_scheme_and_organization(world, year):
    combined = combine(world, year)
    assert combined.kind == AssessmentKind.COMBINED
    assert (combined.period_kind, combined.period_year, combined.period_index) == ("year", YEAR, 0)
    assert combined.scheme_version == year.version and combined.organization == world.root
    # The year-end source has the same scheme version and period: the kind tells them apart.
    assert combined.pk != year.central.pk
    assert combined.stage == Stage.REVIEW
    sources = CombinedSource.objects.filter(combined=combined)
    assert sorted((s.part, s.source_id) for s in sources) == sorted(
        [("daily", m.pk) for m in year.months] + [("central", year.central.pk)]
    )


def test_each_result_explains_the_combination(world, year):
    results = totals(combine(world, year))
    records = [explanation_from_json(e) for e in results["第一支部"].explanations]
    sentence = render_explanation(records[0])
    assert sentence == "日常考核(3个月平均)89.15分 × 0.7 + 集中考核 90分 × 0.3 = 89.41分"
    assert render_explanation(records[0], "en") == (
        "daily assessment (mean of 3 months) 89.15 × 0.7 + central assessment 90 × 0.3 = 89.41"
    )
    second = render_explanation(explanation_from_json(results["第二支部"].explanations[0]))
    assert second == "日常考核(3个月平均)85.17分 × 0.7 + 集中考核 95分 × 0.3 = 88.12分"


def test_combining_again_with_the_same_sources_gives_the_same_results(world, year):
    first = combine(world, year)
    before = {n: r.total for n, r in totals(first).items()}
    again = combine(world, year)
    assert again.pk == first.pk
    assert {n: r.total for n, r in totals(again).items()} == before
