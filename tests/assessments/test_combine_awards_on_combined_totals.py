"""Awards and grades of a combined year are decided on the combined totals, and a veto in
any period carries over: no award, and the veto's grade effect."""

from django.urls import reverse

from kaohe.assessments import awards as award_logic
from kaohe.assessments import selectors
from kaohe.assessments.serialization import explanation_from_json
from kaohe.assessments.services import assessment_combine
from kaohe.scoring import render_explanation
from tests.assessments.combining import YEAR


def results_by_name(assessment) -> dict:
    run = selectors.current_run(assessment)
    return {r.organization.name: r for r in run.results.select_related("organization")}


def test_the_award_goes_to_the_best_combined_total_not_the_best_year_end(world, year):
    central = results_by_name(year.central)
    # At year-end alone 第三支部 (100) would take the one place (50% of 3, rounded down).
    assert central["第三支部"].awards == ["advanced"]
    combined = assessment_combine(
        scheme_version=year.version, year=YEAR, parts=year.parts, by=world.site_admin
    )
    results = results_by_name(combined)
    # Combined: 第三支部 97.2 is vetoed (month 2), so 第一支部 89.41 takes the place from
    # 第二支部 88.12.
    assert results["第一支部"].awards == ["advanced"]
    assert results["第二支部"].awards == []
    assert results["第三支部"].awards == []


def test_a_veto_in_one_month_carries_over_to_the_year(world, year):
    combined = assessment_combine(
        scheme_version=year.version, year=YEAR, parts=year.parts, by=world.site_admin
    )
    vetoed = results_by_name(combined)["第三支部"]
    assert vetoed.vetoes == ["accident"]
    assert vetoed.grade == "较差"  # effect: {grade: lowest}, whatever the total (97.2)
    sentences = [render_explanation(explanation_from_json(e)) for e in vetoed.explanations]
    assert "2025年2月的考核中被一票否决,汇总结果不得评优,等次定为较差" in sentences
    assert any(s.startswith("先进党支部:已被一票否决") for s in sentences)


def test_the_awards_page_explains_the_combined_standing(client, world, year):
    combined = assessment_combine(
        scheme_version=year.version, year=YEAR, parts=year.parts, by=world.site_admin
    )
    run = selectors.current_run(combined)
    visible = list(selectors.ranked_results(world.site_admin, combined))
    standings = award_logic.award_standings(year.scheme, run, visible)
    by_name = {s.result.organization.name: s.status for s in standings[0].populations[0].standings}
    assert by_name == {"第三支部": "veto", "第一支部": "yes", "第二支部": "quota"}
    client.force_login(world.site_admin)
    page = client.get(reverse("assessments:awards", args=[combined.pk]))
    assert page.status_code == 200
    assert "89.41" in page.content.decode()
