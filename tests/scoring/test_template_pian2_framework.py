"""Golden cases for pian2-framework (篇二 党支部工作量化考核办法): the framework's parts work as
written; its demonstration values are the ones an admin replaces when copying it."""

import pytest
import yaml
from template_cases import D, score_template, subject

from kaohe.scoring import FactsError, parse_scheme
from kaohe.scoring.registry import TEMPLATES_DIR

T = "pian2-framework"
OK = {
    "tasks_completed": 10,
    "tasks_assigned": 10,
    "party_congress_meetings": 4,
    "committee_meetings": 12,
    "group_meetings": 12,
    "party_lectures": 4,
    "study_sessions": 12,
    "info_reports": 4,
    "development_steps_irregular": 0,
    "member_review_favorable": 9,
    "member_review_responses": 10,
    "public_satisfaction_favorable": 45,
    "public_satisfaction_responses": 50,
}
RATED = {"D1": {"level": "优"}, "D2": {"level": "优"}}


def run(manual=RATED, **metrics):
    return score_template(T, [subject("B", OK, manual=manual, **metrics)], (), "2024").subject("B")


def test_quantitative_qualitative_and_surveys_add_to_100():
    # 篇二 三 定量和定性相结合;七 党员评议和社会评估:50 + 30 + 20
    assert run().total == D(100)


@pytest.mark.parametrize(
    ("done", "assigned", "points"), [(10, 10, 15), (9, 10, 12), (8, 10, 9), (79, 100, 5)]
)
def test_task_completion_rate_tiers(done, assigned, points):
    # 篇二 二 任务完成情况(示范分档:100%→15,90%起→12,80%起→9,其下→5;恰好90%、80%属于较高一档)
    assert run(tasks_completed=done, tasks_assigned=assigned).item("Q1").points == D(points)


def test_no_tasks_assigned_excludes_the_item_and_rescales():
    # 无任务:Q1 不计入,85满分的其余各项折算为100;少开1次支委会 → 84/85 × 100 = 98.82
    b = run(tasks_completed=0, tasks_assigned=0, committee_meetings=11)
    assert b.item("Q1").excluded
    assert b.total == D("98.82")


@pytest.mark.parametrize(
    ("favorable", "responses", "points"), [(9, 10, 10), (89, 100, 8), (6, 10, 6), (59, 100, 3)]
)
def test_member_review_tiers(favorable, responses, points):
    # 篇二 七 开展党员评议(示范:满意率 ≥90% 10分,≥80% 8分,≥60% 6分,其下3分)
    b = run(member_review_favorable=favorable, member_review_responses=responses)
    assert b.item("E1").points == D(points)


def test_missing_surveys_are_excluded_not_zero():
    # 未开展社会评估(无数据):不计入而不是0分;其余90分满分 → 100
    b = run(public_satisfaction_favorable=None, public_satisfaction_responses=None)
    assert b.item("E2").excluded and b.total == D(100)


def test_qualitative_levels_share_of_max():
    # 篇二 三 评估小组综合评估:优100%、良80%、中60%、差40% × 15分
    b = run(
        manual={
            "D1": {"level": "良", "comment": "学习不够深入"},
            "D2": {"level": "差", "comment": "x"},
        }
    )
    assert b.item("D1").points == D(12) and b.item("D2").points == D(6)
    assert b.total == D(88)


def test_a_level_below_the_best_needs_a_comment():
    with pytest.raises(FactsError, match="D1"):
        run(manual={"D1": {"level": "中"}, "D2": {"level": "优"}})


def test_organizational_life_shortfall_floors_at_zero():
    # 示范:三会一课每少一次扣1分;全年未开任何会(32次)→ 0,不倒扣
    b = run(party_congress_meetings=0, committee_meetings=0, group_meetings=0, party_lectures=0)
    assert b.item("Q2").points == D(0)


NONE_HELD = {
    "party_congress_meetings": 0,
    "committee_meetings": 0,
    "group_meetings": 0,
    "party_lectures": 0,
    "study_sessions": 0,
    "development_steps_irregular": 5,
}
POOR = {"D1": {"level": "差", "comment": "未开展"}, "D2": {"level": "优"}}


@pytest.mark.parametrize(
    ("manual", "metrics", "total", "grade"),
    [
        (RATED, {}, 100, "优秀"),
        (RATED, {"study_sessions": 2}, 90, "优秀"),  # 恰好90
        (RATED, {"study_sessions": 2, "info_reports": 3}, 89, "良好"),
        (POOR, {**NONE_HELD, "info_reports": 3}, 60, "达标"),  # 100 − 15 − 10 − 5 − 9 − 1
        (POOR, {**NONE_HELD, "info_reports": 2}, 59, "不达标"),
    ],
)
def test_grades_include_not_up_to_standard(manual, metrics, total, grade):
    # 篇二 四 对于工作不达标、问题突出的党支部,追究责任并整改:≥60 达标,<60 不达标
    b = run(manual=manual, **metrics)
    assert b.total == D(total) and b.grade == grade


def test_admins_copy_and_fill_in_their_own_weights():
    # 篇二 三.1 根据党支部的实际情况……评定相应的指标体系,并明确考核标准和权重
    data = yaml.safe_load((TEMPLATES_DIR / f"{T}.yaml").read_text(encoding="utf-8"))
    data["categories"][0]["items"][2]["rule"]["clauses"][0]["points"] = 2  # 每少学一次扣2分
    scheme = parse_scheme(data, source="本单位方案.yaml")
    result = score_template(scheme, [subject("B", OK, manual=RATED, study_sessions=9)], (), "2024")
    assert result.subject("B").item("Q3").points == D(4)  # 10 − 3 × 2
