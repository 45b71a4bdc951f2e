"""Golden cases for pian3-bureau (篇三 局党建工作考核评分细则), computed by hand from the seed."""

import pytest
from template_cases import D, score_template, subject

from kaohe.scoring import FactsError

T = "pian3-bureau"
OK = {  # a branch with every requirement met (篇三 1–9, 二.5–6)
    "has_target_responsibility": 1,
    "has_sync_deployment": 1,
    "party_work_reports_heard": 2,
    "in_year_end_review": 1,
    "has_annual_plan": 1,
    "has_annual_summary": 1,
    "has_permanent_slogan": 1,
    "info_reports": 12,
    "research_articles": 2,
    "unset_organizations": 0,
    "unset_two_new_organizations": 0,
    "has_full_party_staff": 1,
    "education_facilities_missing": 0,
    "dues_arrears": 0,
    "has_dues_ledger": 1,
    "member_group_activities": 3,
    "study_sessions": 5,
    "has_study_notes": 1,
    "leader_research_articles": 1,
    "secretary_reports": 1,
    "secretary_report_hollow": 0,
    "has_commitment_plan": 1,
    "has_member_commitments": 1,
    "has_commitment_review": 1,
    "volunteer_hours": 100,
    "theme_party_days": 1,
}
RATED = {"S4": {"points": 5}, "S7": {"points": 5}}


def one(manual=RATED, **metrics):
    return score_template(T, [subject("B", OK, manual=manual, **metrics)], period="2024").subject(
        "B"
    )


def test_everything_met_scores_100_with_the_lost_part_excluded():
    # 可见各项满分 60;S0(原文缺失的40分)未评 → 不计入,60 × 100 / 60 = 100
    b = one()
    assert b.item("S0").excluded
    assert b.total == D(100)


def test_lost_part_rated_counts_as_written():
    # S0 评 30 分:60 + 30 = 90,不折算
    b = one(manual={**RATED, "S0": {"points": 30, "comment": "第二部分第1—3项部分完成"}})
    assert not b.item("S0").excluded
    assert b.base == D(90) and b.total == D(90)


def test_rescale_rounds_half_up_to_hundredths():
    # 篇三 1 听取汇报只有1次(不足2次)扣1分 → 59/60 × 100 = 98.333… → 98.33
    b = one(party_work_reports_heard=1)
    assert b.item("P1").points == D(3)
    assert b.total == D("98.33")


def test_reports_heard_exactly_two_is_enough():
    # 篇三 1 "每年听取党组织工作汇报2次以上":2次不扣分
    assert one(party_work_reports_heard=2).item("P1").points == D(4)


def test_publicity_item_stacks_and_floors_at_zero():
    # 篇三 3 上报信息每少报一次扣1分:应报12条(每月1条),实报0条 → 扣12;无标语扣1;调研文章不足2篇扣1
    # 合计扣14分 > 4分 → 本项为0,不倒扣
    b = one(info_reports=0, has_permanent_slogan=0, research_articles=1)
    assert b.item("P3").points == D(0)
    # 只少报2条:4 − 2 = 2
    assert one(info_reports=10).item("P3").points == D(2)


def test_organization_setup_sub_items_cap_their_deductions():
    # 篇三 4 应设未设3个 × 0.5 = 1.5,但分项只有1分 → 扣1;"两新"1个扣0.5;党务干部不齐扣1
    # 6 − 1 − 0.5 − 1 = 3.5
    b = one(unset_organizations=3, unset_two_new_organizations=1, has_full_party_staff=0)
    assert b.item("P4").points == D("3.5")


def test_facilities_each_missing_costs_half_a_point():
    # 篇三 5 每缺一项扣0.5分:六项全缺扣3 → 5 − 3 = 2
    assert one(education_facilities_missing=6).item("P5").points == D(2)
    assert one(education_facilities_missing=1).item("P5").points == D("4.5")


def test_dues_arrears_deduct_once_not_per_person():
    # 篇三 6 党员未及时足额交纳党费的扣2分(不论几人次);未建台帐扣1 → 3 − 2 − 1 = 0
    assert one(dues_arrears=3).item("P6").points == D(1)
    assert one(dues_arrears=3, has_dues_ledger=0).item("P6").points == D(0)


def test_member_education_per_activity_and_per_requirement():
    # 篇三 7 集中活动3次以上,缺少一次扣0.5:实有1次 → 扣1;学习只4次(<5)扣1 → 4 − 2 = 2
    assert one(member_group_activities=1, study_sessions=4).item("P7").points == D(2)
    # 再无笔记心得扣1、领导干部无调研文章扣1 → 扣4 → 0
    b = one(
        member_group_activities=1, study_sessions=4, has_study_notes=0, leader_research_articles=0
    )
    assert b.item("P7").points == D(0)


def test_secretary_report_missing_or_hollow():
    # 篇三 8 没有述职报告扣2分;述职报告空洞不实扣1分
    assert one(secretary_reports=0).item("P8").points == D(2)
    assert one(secretary_report_hollow=1).item("P8").points == D(3)


def test_commitment_item_keeps_ten_as_its_base():
    # 篇三 9 得分10分,缺少一项扣1分:三项全缺 → 10 − 3 = 7
    b = one(has_commitment_plan=0, has_member_commitments=0, has_commitment_review=0)
    assert b.item("P9").points == D(7)


@pytest.mark.parametrize(
    ("hours", "points"), [(0, 0), ("49.99", 0), (50, 3), ("99.99", 3), (100, 5), (300, 5)]
)
def test_volunteer_hours_tier_edges(hours, points):
    # 篇三 二.5 服务时间累计达到50小时得3分,100小时得5分
    assert one(volunteer_hours=hours).item("S5").points == D(points)


def test_theme_party_day_and_missing_volunteer_record():
    # 篇三 二.6 开展主题党日活动得3分;未开展 0。志愿服务无记录按0小时计 → 0分
    b = one(theme_party_days=0, volunteer_hours=None)
    assert b.item("S6").points == D(0)
    assert b.item("S5").points == D(0)


def test_an_unrated_judgement_item_stops_the_run():
    # 篇三 二.4 创新创优由考核组评定(missing: error):未评分不能出结果
    with pytest.raises(FactsError, match="S4"):
        one(manual={"S7": {"points": 5}})
