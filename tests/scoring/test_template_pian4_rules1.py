"""Golden cases for pian4-rules1 (篇四 党建工作考核细则一), computed by hand from the seed."""

import pytest
from template_cases import D, score_template, subject

from kaohe.scoring import FactsError, evaluate, get_template, rollup

T = "pian4-rules1"
OK = {
    "dues_arrears": 0,
    "integrity_info_reports": 6,
    "meeting_absences": 0,
    "meeting_discipline_violations": 0,
    "info_reports": 12,
    "news_leads": 8,
    "activity_absences": 0,
}
RATED = {
    item: {"points": points}
    for item, points in {
        "R1": 10,
        "R3": 5,
        "R4": 10,
        "R5": 10,
        "R6a": 7,
        "K1": 10,
        "K2": 10,
        "K3": 5,
        "K6": 5,
    }.items()
}


def run(events=(), period="2024", manual=RATED, **metrics):
    result = score_template(T, [subject("B", OK, manual=manual, **metrics)], events, period)
    return result.subject("B")


def test_one_point_items_read_as_ten_so_parts_add_to_55_and_45():
    # 篇四 细则一 三(一)常规工作(55分):10+5+5+10+10+(7+3)+5 = 55
    # 三(二)重点工作(45分):10+10+5+10+5+5 = 45
    scheme = get_template(T)
    assert {c.id: c.points for c in scheme.categories if c.points} == {"R": D(55), "K": D(45)}
    assert run().total == D(100)


def test_integrity_reports_half_point_each_short():
    # 三(一)6 每年不少于6篇,每少1篇扣.5分(读作0.5):报4篇 → 扣1 → 3 − 1 = 2
    assert run(integrity_info_reports=4).item("R6b").points == D(2)
    # 一篇未报:6 × 0.5 = 3 → 0
    assert run(integrity_info_reports=0).item("R6b").points == D(0)


def test_information_work_monthly_and_quarterly_shortfalls():
    # 三(二)4 每月至少1篇通讯信息(全年12)、每季度至少2篇新闻线索(全年8),每少1篇扣0.5
    # 信息10篇(少2 → 1分)、线索5篇(少3 → 1.5分) → 10 − 2.5 = 7.5
    assert run(info_reports=10, news_leads=5).item("K4").points == D("7.5")
    # 全缺:20 × 0.5 = 10 → 恰好为0
    assert run(info_reports=0, news_leads=0).item("K4").points == D(0)


def test_information_work_in_one_quarter():
    # 第一季度:应报信息3篇、线索2篇;报2篇信息、0篇线索 → 扣0.5 + 1 = 1.5 → 8.5
    b = run(period="2024-Q1", info_reports=2, news_leads=0)
    assert b.item("K4").points == D("8.5")


def test_dues_must_be_on_time_and_in_full():
    # 三(一)2 党费按标准收缴,及时、足额(5分):有1人次欠缴 → 0
    assert run(dues_arrears=1).item("R2").points == D(0)


def test_stability_incident_zeroes_the_item_over_the_rating():
    # 三(二)3 全年无影响社会治安和稳定的事件发生:考核组评5分,但发生事件 → 不得分
    b = run(events=[{"id": "S1", "subject": "B", "type": "stability_incident", "level": "general"}])
    assert b.item("K3").points == D(0)
    assert b.total == D(95)


def test_publication_bonus_by_level_is_uncapped():
    # 三(二)4 中央单独刊登6分/条、省级简讯2分/条、市级简讯0.5分/条:6 + 2×2 + 0.5 = 10.5;原文未设上限
    events = [
        {"id": "P1", "subject": "B", "type": "info_published", "level": "central_typical"},
        {"id": "P2", "subject": "B", "type": "info_published", "level": "province_brief"},
        {"id": "P3", "subject": "B", "type": "info_published", "level": "province_brief"},
        {"id": "P4", "subject": "B", "type": "info_published", "level": "city_brief"},
    ]
    b = run(events=events)
    assert b.item("B1").points == D("10.5")
    assert b.total == D("110.5")


def test_meetings_absence_and_discipline():
    # 三(一)7(借用细则二 十一.20 会议缺席一次扣1分):缺席2次、违纪1次 → 5 − 3 = 2
    assert run(meeting_absences=2, meeting_discipline_violations=1).item("R7").points == D(2)
    # 缺席9次 → 0,不倒扣
    assert run(meeting_absences=9).item("R7").points == D(0)


def test_activities_absence():
    # 三(二)5(借用细则二 十一.20 每少参加一次扣1分):少参加3次 → 2
    assert run(activity_absences=3).item("K5").points == D(2)


def test_rating_below_max_needs_a_comment():
    # 一、3 没有完成或不按要求完成扣除相应分数:评分低于满分须写明理由
    with pytest.raises(FactsError, match="R1"):
        run(manual={**RATED, "R1": {"points": 8}})
    b = run(manual={**RATED, "R1": {"points": 8, "comment": "材料不完整"}})
    assert b.item("R1").points == D(8) and b.total == D(98)


def test_daily_and_central_assessment_combine_with_daily_first():
    # 一、1 日常考核与集中考核相结合,以日常考核为主(0.7 : 0.3)
    # 日常:两次分别 100 与 95(维稳事件),平均 97.5;集中:90 → 97.5×0.7 + 90×0.3 = 68.25 + 27 = 95.25
    scheme = get_template(T)
    incident = [{"id": "S1", "subject": "B", "type": "stability_incident"}]
    daily = [
        score_template(T, [subject("B", OK, manual=RATED)], (), "2024"),
        score_template(T, [subject("B", OK, manual=RATED)], incident, "2024"),
    ]
    low = {**RATED, "R1": {"points": 0, "comment": "未发展"}}
    central = [evaluate(scheme, score_facts(low))]
    out = rollup(scheme, {"daily": daily, "central": central})
    assert out[0].parts == (("daily", D("97.5")), ("central", D(90)))
    assert out[0].total == D("95.25")


def score_facts(manual):
    from kaohe.scoring import parse_facts

    return parse_facts({"period": "2024", "subjects": [subject("B", OK, manual=manual)]})
