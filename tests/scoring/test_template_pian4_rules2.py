"""Golden cases for pian4-rules2 (篇四 党建工作考核细则二), computed by hand from the seed."""

import pytest
from template_cases import D, score_template, subject

from kaohe.scoring import get_template, render_explanation

T = "pian4-rules2"
OK = {
    "org_requirements_unmet": 0,
    "elections_overdue": 0,
    "committee_vacancies_unfilled": 0,
    "unapproved_committee_changes": 0,
    "election_procedure_irregular": 0,
    "secretary_qualified": 1,
    "in_annual_plan_and_targets": 1,
    "party_work_studies": 2,
    "has_party_work_staff": 1,
    "has_activity_funds": 1,
    "democratic_life_meetings": 2,
    "life_meeting_minutes_incomplete": 0,
    "team_disunity": 0,
    "study_sessions": 12,
    "study_records_missing": 0,
    "study_notes_not_uniform": 0,
    "party_staff_training_missed": 0,
    "member_management_items_missing": 0,
    "party_congress_meetings": 4,
    "committee_meetings": 12,
    "group_meetings": 12,
    "party_lectures": 4,
    "lecture_plans_missing": 0,
    "member_reviews_held": 1,
    "member_review_irregular": 0,
    "member_review_not_reported": 0,
    "development_steps_irregular": 0,
    "member_discipline_cases": 0,
    "serious_member_discipline_cases": 0,
    "issues_unreported": 0,
    "issues_not_addressed": 0,
    "service_complaints_verified": 0,
    "work_discipline_violations": 0,
    "military_tasks_unmet": 0,
    "dues_arrears": 0,
    "dues_handover_late": 0,
    "dues_publications": 4,
    "research_articles": 1,
    "info_reports": 4,
    "has_annual_plan": 1,
    "meeting_absences": 0,
    "activity_absences": 0,
    "innovation_activities": 1,
    "has_archive_cabinet": 1,
    "research_articles_adopted": 0,
}
RATED = {"I21": {"points": 4}, "I22": {"points": 9}}


def run(events=(), period="2024", manual=RATED, **metrics):
    result = score_template(T, [subject("B", OK, manual=manual, **metrics)], events, period)
    return result.subject("B")


def test_eleven_categories_add_up_to_100():
    # 篇四 细则二 一至十一:17+5+15+5+5+6+13+4+5+4+21 = 100
    points = [c.points for c in get_template(T).categories if c.points is not None]
    assert points == [D(p) for p in (17, 5, 15, 5, 5, 6, 13, 4, 5, 4, 21)]
    assert run().total == D(100)


def test_life_meeting_deductions_then_disunity_zero_out_beats_them():
    # 二 每半年一次,少召开一次扣2分,记录不详实扣2分:开1次、记录不详实 → 5 − 4 = 1
    assert run(democratic_life_meetings=1, life_meeting_minutes_incomplete=1).item(
        "I05"
    ).points == D(1)
    # 班子不团结不得分:即使无其他扣分也为0
    assert run(team_disunity=1).item("I05").points == D(0)


def test_life_meeting_in_the_first_half_year():
    # 上半年只应开1次:开了1次 → 满分
    assert run(
        period="2024-H1",
        democratic_life_meetings=1,
        party_work_studies=1,
        study_sessions=6,
        party_congress_meetings=2,
        committee_meetings=6,
        group_meetings=6,
        party_lectures=2,
        dues_publications=2,
    ).total == D(100)


def test_elections_each_clause_two_points_procedure_one():
    # 一.2 不按时换届、缺额不及时调整、未经批准调整各扣2分,不符合程序扣1分
    assert run(elections_overdue=1).item("I02").points == D(3)
    b = run(elections_overdue=1, committee_vacancies_unfilled=1, election_procedure_irregular=1)
    assert b.item("I02").points == D(0)  # 2 + 2 + 1 = 5


def test_a_secretary_not_so_appointed_loses_the_four_points_in_words():
    # 一.3 党支部书记由部门行政负责人兼任或同级干部专任(4分,不符合要求的不得分)
    item = run(secretary_qualified=0).item("I03")
    assert item.points == D(0)
    [why] = item.explanations
    assert render_explanation(why) == "支部书记未由部门行政负责人兼任或同级干部专任,扣4分"
    assert run().item("I03").points == D(4)


def test_leadership_attention_two_points_per_missing_item_floored():
    # 一.4 少一项扣2分:半年专题研究只1次(少1次)、无经费 → 5 − 4 = 1
    assert run(party_work_studies=1, has_activity_funds=0).item("I04").points == D(1)
    # 四项全缺:扣 2×2(研究0次)+2+2+2 = 10 → 0
    b = run(
        party_work_studies=0,
        in_annual_plan_and_targets=0,
        has_party_work_staff=0,
        has_activity_funds=0,
    )
    assert b.item("I04").points == D(0)


def test_three_meetings_one_lesson_one_point_each_floored():
    # 四 少一项扣1分:支委会11次(少1) → 4
    assert run(committee_meetings=11).item("I09").points == D(4)
    # 大会3(少1)、支委会10(少2)、党课2(少2)、教案缺1 → 扣6 → 0
    b = run(
        party_congress_meetings=3, committee_meetings=10, party_lectures=2, lecture_plans_missing=1
    )
    assert b.item("I09").points == D(0)


def test_member_review_not_held_scores_zero():
    # 五 评议不规范扣2、不按要求报送扣3、不组织评议不得分
    assert run(member_review_irregular=1).item("I10").points == D(3)
    assert run(member_review_irregular=1, member_review_not_reported=1).item("I10").points == 0
    assert run(member_reviews_held=0).item("I10").points == D(0)


def test_discipline_cases_and_serious_ones():
    # 七.12 有党员受党纪处分的扣2分(不论几件),情况严重的不得分
    assert run(member_discipline_cases=3).item("I12").points == D(1)
    b = run(member_discipline_cases=1, serious_member_discipline_cases=1)
    assert b.item("I12").points == D(0)


@pytest.mark.parametrize(
    ("event", "points"),
    [
        ({"type": "criminal_case"}, 0),
        ({"type": "public_order_case", "level": "major"}, 0),
        ({"type": "public_order_case", "level": "general"}, 3),
    ],
)
def test_major_public_order_or_criminal_case_zeroes_item_13(event, points):
    # 七.13 单位发生重大治安案件或刑事案件的不得分;一般治安案件不在此列
    b = run(events=[{"id": "E1", "subject": "B", **event}])
    assert b.item("I13").points == D(points)


def test_research_report_missing_costs_the_whole_item():
    # 十.18 不报调研报告或理论文章扣4分;党建信息少报1篇扣1分
    assert run(research_articles=0).item("I18").points == D(0)
    assert run(info_reports=3).item("I18").points == D(3)


def test_no_plan_zeroes_item_19_over_late_reports():
    # 十一.19 各种报告报送不及时一次扣1分;无计划制度的不得分
    late = [{"id": f"L{i}", "subject": "B", "type": "late_report"} for i in range(2)]
    assert run(events=late).item("I19").points == D(2)
    assert run(has_annual_plan=0).item("I19").points == D(0)


def test_archive_without_cabinet_scores_zero_whatever_the_rating():
    # 十一.22 (9分,没有不得分)
    assert run(has_archive_cabinet=0).item("I22").points == D(0)
    # 十一.21 活动不开展不得分
    assert run(innovation_activities=0).item("I21").points == D(0)


def test_dues_each_failure_separately():
    # 九.17 不按时、不按标准收缴分别扣分(读作各1分):欠缴(−1)、两次迟交(−2)、少公布1次(−1) → 1
    b = run(dues_arrears=2, dues_handover_late=2, dues_publications=3)
    assert b.item("I17").points == D(1)


def test_work_style_complaint_and_each_violation():
    # 七.15 服务质量差经查实扣2分;违反工作纪律每查实一例扣2分:1例 → 4 − 2 − 2 = 0
    assert run(service_complaints_verified=1).item("I15").points == D(2)
    assert run(service_complaints_verified=1, work_discipline_violations=1).item("I15").points == 0


def test_adopted_research_bonus_is_capped_at_four():
    # 十.18 上报1篇加分(读作被采用每篇加1分,最多4分):6篇 → 4,总分 104
    b = run(research_articles_adopted=6)
    assert b.item("X1").points == D(4)
    assert b.total == D(104)
