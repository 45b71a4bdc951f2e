"""Golden cases for pian5-member-monthly (篇五 党建工作考核管理规定), computed by hand."""

import pytest
from template_cases import D, score_template, subject

from kaohe.scoring import get_template, rollup

T = "pian5-member-monthly"
OK = {
    "attendances": 10,
    "expected_attendances": 10,
    "articles_submitted": 4,
    "articles_published": 1,
    "app_points": 100,
    "notes_month_missing": 0,
    "sloppy_notes": 0,
    "branch_notes_all_late": 0,
}


def run(events=(), period="2024-03", **metrics):
    return score_template(T, [subject("M", OK, **metrics)], events, period).subject("M")


def test_everything_done_is_100():
    # 笔记35 + 出勤25 + 投稿10 + 上稿20 + APP10(唯一参评者排第1) = 100
    assert run().total == D(100)


@pytest.mark.parametrize(
    ("attended", "expected", "points"),
    [
        (10, 10, 25),  # 100% 得25分
        (199, 200, 20),  # 99.5%:属于"90%-99%"
        (9, 10, 20),  # 恰好90% 得20分
        (26, 29, 15),  # 89.66%:属于"80%-89%"
        (8, 10, 15),  # 恰好80% 得15分
        (79, 100, 10),  # 80%以下得10分
        (0, 10, 10),  # 全部缺席仍得10分(原文"80%以下得10分")
    ],
)
def test_attendance_tier_edges(attended, expected, points):
    # 篇五 二 参会出勤率100%得25分,90%-99%得20分,80%-89%得15分,80%以下得10分
    b = run(attendances=attended, expected_attendances=expected)
    assert b.item("A1").points == D(points)


def test_no_meeting_in_the_month_excludes_attendance_and_rescales():
    # 当月无应参加的会议:出勤项不计入;其余 35 + 10 + 20 + 10 = 75 满分 → 75 × 100 / 75 = 100
    b = run(attendances=0, expected_attendances=0)
    assert b.item("A1").excluded and b.total == D(100)
    # 笔记扣2 → 73 × 100 / 75 = 97.333… → 97.33
    late = [{"id": "N1", "subject": "M", "type": "late_study_notes"}]
    assert run(late, attendances=0, expected_attendances=0).total == D("97.33")


def test_notes_deductions_stack():
    # 未按时上交扣2分/人次、未记录到学习月份扣2分、潦草扣1分 → 35 − 5 = 30
    late = [{"id": "N1", "subject": "M", "type": "late_study_notes"}]
    b = run(late, notes_month_missing=1, sloppy_notes=1)
    assert b.item("N1").points == D(30)
    # 两人次未按时上交 → 35 − 4 = 31
    late2 = [*late, {"id": "N2", "subject": "M", "type": "late_study_notes"}]
    assert run(late2).item("N1").points == D(31)


def test_whole_branch_late_zeroes_notes_over_other_deductions():
    # 支部全体党员未及时上交学习笔记扣35分:本项为0(不是 35 − 35 − 2 − 1 的负数,也不再叠加)
    late = [{"id": "N1", "subject": "M", "type": "late_study_notes"}]
    b = run(late, branch_notes_all_late=1, sloppy_notes=1)
    assert b.item("N1").points == D(0)
    assert b.total == D(65)


@pytest.mark.parametrize(("count", "points"), [(0, 0), (1, 1), (2, 3), (3, 6), (4, 10), (7, 10)])
def test_submission_tiers(count, points):
    # 投稿4篇及以上得10分,3篇得6分,2篇得3分,1篇得1分
    assert run(articles_submitted=count).item("W1").points == D(points)


def test_published_submitted_or_nothing():
    # 投稿刊登厂报得20分,投稿未刊登厂报得10分,未投稿不得分
    assert run(articles_submitted=2, articles_published=1).item("W2").points == D(20)
    assert run(articles_submitted=2, articles_published=0).item("W2").points == D(10)
    assert run(articles_submitted=0, articles_published=0).item("W2").points == D(0)


def test_app_rank_tiers_with_ties_sharing_the_better_rank():
    # 前5名10分,6-10名8分,11-15名5分,16名及以下3分;同分取较好名次
    values = [100, 95, 90, 90, 85, 85, 85, 80, 70, 60, 50, 40, 30, 20, 10, 10, 5]
    members = [subject(f"M{i:02}", OK, app_points=v) for i, v in enumerate(values)]
    result = score_template(T, members, (), "2024-03")
    got = [result.subject(f"M{i:02}").item("P1").points for i in range(len(values))]
    # 名次: 1,2,3,3,5,5,5,8,9,10,11,12,13,14,15,15,17
    assert got == [D(p) for p in [10, 10, 10, 10, 10, 10, 10, 8, 8, 8, 5, 5, 5, 5, 5, 5, 3]]


def test_member_without_app_data_ranks_as_zero():
    # 无APP数据按0分参加排名:2人中排第2 → 属于前5名 → 10分(原文只按名次给分)
    members = [subject("A", OK, app_points=50), subject("B", OK, app_points=None)]
    result = score_template(T, members, (), "2024-03")
    assert result.subject("B").item("P1").points == D(10)


def test_activity_bonus_is_extra_and_capped():
    # 参与组织活动为额外加分(读作公司活动2分/次、车间活动1分/次,每月最多5分)
    acts = [
        {"id": "A1", "subject": "M", "type": "activity_participation", "level": "company"},
        {"id": "A2", "subject": "M", "type": "activity_participation", "level": "company"},
        {"id": "A3", "subject": "M", "type": "activity_participation", "level": "workshop"},
    ]
    assert run(acts[:1] + acts[2:]).total == D(103)  # 2 + 1
    b = run([*acts, {**acts[2], "id": "A4"}])  # 2 + 2 + 1 + 1 = 6 → 5
    assert b.item("X1").points == D(5) and b.total == D(105)


def test_monthly_results_roll_into_the_year_as_a_mean():
    # 每月月末考核……年末汇总纳入年度目标管理考核:12个月取平均
    scheme = get_template(T)
    months = []
    for month in range(1, 13):
        attended = 10 if month <= 6 else 9  # 上半年全勤25,下半年90% → 20
        months.append(
            score_template(T, [subject("M", OK, attendances=attended)], (), f"2024-{month:02}")
        )
    (year,) = rollup(scheme, {"daily": months})
    assert year.total == D("97.5")  # (6 × 100 + 6 × 95) / 12
