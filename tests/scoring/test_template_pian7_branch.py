"""Golden cases for pian7-branch (篇七 公司党建工作考核办法,对党支部), computed by hand."""

import pytest
from template_cases import D, score_template, subject

T = "pian7-branch"
OK = {
    "ideological_meetings": 4,
    "ideological_meetings_unrecorded": 0,
    "ideological_reports": 2,
    "important_situations_unreported": 0,
    "mass_org_activity_blocked": 0,
    "competitions_skipped": 0,
    "tasks_not_done": 0,
    "committee_meetings": 12,
    "party_congress_meetings": 4,
    "group_meetings": 12,
    "party_lectures": 4,
    "meeting_minutes_incomplete": 0,
    "democratic_life_meetings": 4,
    "leaders_not_notified": 0,
    "work_reports": 2,
    "has_development_plan": 1,
    "development_forms_careless": 0,
    "development_papers_incomplete": 0,
    "development_vetting_errors": 0,
    "dues_arrears": 0,
    "dues_handover_late": 0,
    "secretary_meeting_absences": 0,
    "secretary_attendance_unrecorded": 0,
    "study_sessions": 52,
    "study_records_incomplete": 0,
}


def run(events=(), **metrics):
    return score_template(T, [subject("B", OK, **metrics)], events, "2024").subject("B")


def lose(points):
    """Metrics that lose exactly ``points`` (a multiple of 0.5, at most 50): a missed
    ideological meeting (−15, 1(1)), missed weekly study (−1 each, 3(1)), missed committee
    meetings (−1 each, 2(2)) and dues arrears (−0.5 per 人次, 2(6))."""
    k = D(points)
    metrics = {}
    if k >= 15:
        metrics["ideological_meetings"] = 3
        k -= 15
    whole = int(k)
    study = min(whole, 15)
    metrics["study_sessions"] = 52 - study
    metrics["committee_meetings"] = 12 - (whole - study)
    metrics["dues_arrears"] = int((k - whole) * 2)
    return metrics


def branches(totals, events=()):
    """Branches with the given totals (100 − the points they lose)."""
    subjects = [subject(f"B{i:02}", OK, **lose(100 - D(str(t)))) for i, t in enumerate(totals)]
    result = score_template(T, subjects, events, "2024")
    assert [s.total for s in result.subjects] == [D(str(t)) for t in totals]
    return result


def test_everything_in_order_is_100():
    assert run().total == D(100)


def test_ideological_meeting_fifteen_per_miss_floored_at_the_item():
    # 六(二)1(1) 季度不召开例会或没有记录或不按时汇报的,每次扣15分:少开1次 → 0
    assert run(ideological_meetings=3).item("A1").points == D(0)
    # 少开2次、1次无记录:扣45分,但本项只有15分 → 0,总分 85(不是55)
    b = run(ideological_meetings=2, ideological_meetings_unrecorded=1)
    assert b.item("A1").points == D(0) and b.total == D(85)


def test_linked_deductions_on_the_branch_side():
    # 六(二)1(3) 每少一人扣支部1分;3(2) 无故缺席每人次扣支部0.5分
    events = [
        {"id": f"A{i}", "subject": f"M{i}", "branch": "B", "type": "collective_activity_absence"}
        for i in range(3)
    ] + [
        {"id": f"T{i}", "subject": "M0", "branch": "B", "type": "training_absence"}
        for i in range(3)
    ]
    b = run(events)
    assert b.item("L1").points == D(1)  # 4 − 3
    assert b.item("L2").points == D("8.5")  # 10 − 3 × 0.5


def test_life_meetings_and_dues():
    # 2(3) 每季度一次,每少一次扣2分,不通知领导干部每次扣1分:开3次、1次未通知 → 8 − 3 = 5
    assert run(democratic_life_meetings=3, leaders_not_notified=1).item("B3").points == D(5)
    # 2(6) 低于规定比例每人次扣0.5分,迟交党委每次扣1分:3人次、1次 → 8 − 2.5 = 5.5
    assert run(dues_arrears=3, dues_handover_late=1).item("B6").points == D("5.5")


def test_weekly_study_and_development():
    # 3(1) 每周半天集中学习(全年52次),每少一次扣1分,记录不全扣1分:50次 → 15 − 2 − 1 = 12
    assert run(study_sessions=50, study_records_incomplete=1).item("C1").points == D(12)
    # 2(5) 年初无计划扣2,考察表不认真扣1,手续不完备扣1,考察政审失误扣2 → 6 − 6 = 0
    b = run(
        has_development_plan=0,
        development_forms_careless=1,
        development_papers_incomplete=1,
        development_vetting_errors=1,
    )
    assert b.item("B5").points == D(0)


def test_branch_penalty_twenty_once_for_several_conditions():
    # 五(二)1 有以下情况之一者,罚减该支部20分:两种情况同时发生也只罚一次
    events = [
        {"id": "P1", "subject": "B", "type": "serious_violation"},
        {"id": "P2", "subject": "B", "type": "severe_disunity"},
    ]
    b = run(events)
    assert b.item("Y1").points == D(-20) and b.total == D(80)


def test_award_bonus_capped_at_five():
    # 一 表彰奖励为加分项,分值为5分:第一名3 + 第二名2 + 第三名1 = 6 → 5
    events = [
        {"id": f"W{i}", "subject": "B", "type": "competition_award", "level": level}
        for i, level in enumerate(["first", "second", "third"])
    ]
    b = run(events)
    assert b.bonus == D(5) and b.total == D(105)


@pytest.mark.parametrize(
    ("event", "vetoed"),
    [
        ({"type": "safety_accident", "level": "larger"}, True),  # 较大安全责任事故
        ({"type": "safety_accident", "level": "general"}, False),  # 一般事故不否决
        ({"type": "major_violation_case"}, True),
        ({"type": "mass_incident"}, True),
        ({"type": "stability_incident", "level": "major"}, True),  # 重大恶性事件
    ],
)
def test_veto_forces_the_lowest_grade_but_keeps_the_total(event, vetoed):
    # 一 (二)(三)(四) 一票否决(效果读作:不得评先、等次最低,总分照常)
    b = run([{"id": "V1", "subject": "B", **event}])
    assert b.vetoed is vetoed
    assert b.total == D(100)
    assert b.grade == ("较差" if vetoed else "优秀")


def test_advanced_branch_quota_skips_a_vetoed_branch():
    # 四(一) 不足85分不能评先进,按支部数的30%确定:10个支部 → 3个名额
    # B00 得99分但被否决,不占名额 → B01(98)、B02(96)、B03(95) 入选,B04(94)不入选
    result = branches(
        [99, 98, 96, 95, 94, 90, 88, 86, 80, 70],
        [{"id": "V1", "subject": "B00", "type": "mass_incident"}],
    )
    winners = [s.subject for s in result.subjects if s.awards]
    assert winners == ["B01", "B02", "B03"]


def test_fewer_than_thirty_percent_above_85():
    # 10个支部只有2个达到85分(85分恰好达到):名额3个,只评出2个,不向下补
    result = branches([92, 85, "84.5", 80, 80, 80, 70, 70, 60, 60])
    assert [s.subject for s in result.subjects if s.awards] == ["B00", "B01"]


def test_tie_across_the_quota_line_is_left_to_the_committee():
    # 10个支部名额3个:98、96、95、95 —— 并列的两个95跨过名额线,整组不自动入选(机关党委研究确定)
    result = branches([98, 96, 95, 95, 90, 90, 80, 80, 80, 80])
    assert [s.subject for s in result.subjects if s.awards] == ["B00", "B01"]


def test_quota_rounds_down():
    # 7个支部 × 30% = 2.1 → 2个名额
    result = branches([99, 98, 97, 96, 95, 94, 93])
    assert [s.subject for s in result.subjects if s.awards] == ["B00", "B01"]
