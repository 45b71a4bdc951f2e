from decimal import Decimal

from kaohe.assessments import selectors
from kaohe.assessments.models import SubjectResult
from kaohe.assessments.services import assessment_open, assessment_run, scheme_version_store
from kaohe.scoring import Period, load_scheme
from tests.schemes import SMALL_SCHEME


def test_ranking_and_grade_chart_data(world, scored):
    scheme, assessment, _, _ = scored
    results = selectors.ranked_results(world.site_admin, assessment)
    ranking = selectors.ranking_chart(results, scheme)
    assert ranking["names"] == ["第一支部", "第二支部", "第三支部"]
    assert ranking["totals"] == [10, 9, 3] and ranking["awarded"] == [True, False, False]
    grades = selectors.grade_chart(results, scheme)["grades"]
    assert grades == [{"name": "优秀", "count": 2}, {"name": "一般", "count": 1}]


def test_trend_follows_the_monthly_runs_of_one_subject(world):
    scheme = load_scheme(SMALL_SCHEME.replace("period: year", "period: month"))
    version = scheme_version_store(scheme=scheme, source=SMALL_SCHEME)
    key = f"O{world.branch_a1.pk}"
    for month, held in ((3, 1), (6, 2), (9, 3)):
        assessment = assessment_open(
            scheme_version=version,
            organization=world.gb_a,
            period=Period("month", 2025, month),
            by=None,
        )
        facts = {
            "period": {"kind": "month", "year": 2025, "index": month},
            "subjects": [
                {
                    "id": key,
                    "name": "第一支部",
                    "metrics": {"party_congress_meetings": held, "dues_paid_in_full": 1},
                }
            ],
        }
        assessment_run(assessment=assessment, scheme=scheme, facts_json=facts, by=None)
    latest = SubjectResult.objects.filter(subject_key=key).latest("run__assessment__period_index")
    trend = selectors.trend_chart(world.secretary_a1, latest, scheme)
    assert trend["labels"] == ["3月", "6月", "9月"]
    assert len(trend["totals"]) == 3
    assert selectors.trend_chart(world.outsider, latest, scheme) is None  # not theirs


def test_radar_needs_three_categories(world, scored):
    scheme, _, run, _ = scored
    result = run.results.get(organization=world.branch_a1)
    assert selectors.radar_chart(result, scheme, selectors.result_sheet(result)) is None
    assert Decimal(result.total) == 10
