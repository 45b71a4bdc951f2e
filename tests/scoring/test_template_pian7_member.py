"""Golden cases for pian7-member (篇七 公司党建工作考核办法,对党员), and the linked deductions
it shares with pian7-branch: one member record deducts from both."""

from template_cases import D, score_template, subject

from kaohe.scoring import get_template, parse_facts, rollup

T = "pian7-member"
OK = {"dues_arrears": 0, "tests_failed": 0, "admin_appraisal_below_competent": 0}


def member(member_id, branch="B1", rating=65, **metrics):
    manual = {"M1": {"points": rating, "comment": "支部评定"}}
    return subject(member_id, OK, manual=manual, groups={"branch": branch}, **metrics)


def run(events=(), **metrics):
    return score_template(T, [member("M", **metrics)], events, "2024").subject("M")


def members(totals, branch="B1"):
    """Members whose total is 35 + the branch's rating (M1), i.e. 100 − (65 − rating)."""
    subjects = [member(f"M{i:02}", branch, rating=D(str(t)) - 35) for i, t in enumerate(totals)]
    return score_template(T, subjects, (), "2024")


def test_everything_in_order_is_100():
    assert run().total == D(100)


def test_one_record_deducts_from_the_member_and_from_the_branch():
    # 六(二)3(2) 无故缺席者,每人次扣支部0.5分,扣当事人1分;1(3) 每少一人扣支部和当事人1分
    events = [
        {"id": "T1", "subject": "M", "branch": "B1", "type": "training_absence"},
        {"id": "T2", "subject": "M", "branch": "B1", "type": "training_absence"},
        {"id": "A1", "subject": "M", "branch": "B1", "type": "collective_activity_absence"},
    ]
    m = run(events)
    assert m.item("L2").points == D(8)  # 10 − 2 × 1
    assert m.item("L1").points == D(9)  # 10 − 1
    assert m.total == D(97)
    from test_template_pian7_branch import OK as BRANCH_OK

    b = score_template("pian7-branch", [subject("B1", BRANCH_OK)], events, "2024").subject("B1")
    assert b.item("L2").points == D(9)  # 10 − 2 × 0.5
    assert b.item("L1").points == D(3)  # 4 − 1
    # 两个方案中是同一条规则文本
    assert get_template(T).item("L2").rule == get_template("pian7-branch").item("L2").rule


def test_individual_penalty_fifteen_once():
    # 五(二)2 以下情况之一者,罚减当事人个人15分:违纪违法 + 基本称职以下,只罚一次
    events = [{"id": "V1", "subject": "M", "type": "violation"}]
    m = run(events, admin_appraisal_below_competent=1)
    assert m.item("Y1").points == D(-15) and m.total == D(85)


def test_dues_and_tests():
    # 党费有欠缴 → 党费项0分;3(2) 测验不及格者扣个人1分:2次 → 5 − 2 = 3
    m = run(dues_arrears=1, tests_failed=2)
    assert m.item("M5").points == D(0) and m.item("M4").points == D(3)
    assert m.total == D(88)


def test_personal_award_bonus_capped_at_five():
    # 五(一) 给予获奖个人适当加分(读作2/1.5/1);加分不超过5:2 + 2 + 1.5 + 1 = 6.5 → 5
    levels = ["first", "first", "second", "third"]
    events = [
        {"id": f"W{i}", "subject": "M", "type": "competition_award", "level": lv}
        for i, lv in enumerate(levels)
    ]
    m = run(events)
    assert m.item("X1").points == D(5) and m.total == D(105)


def test_total_never_below_zero():
    # 考核实行百分制:支部评0分、其余各项扣满(0)、再罚15 → −15,总分取0
    events = [{"id": "V1", "subject": "M", "type": "dereliction"}] + [
        {"id": f"{kind[0]}{i}", "subject": "M", "type": kind}
        for kind in ("training_absence", "collective_activity_absence")
        for i in range(10)
    ]
    subjects = [
        subject(
            "M",
            OK,
            manual={"M1": {"points": 0, "comment": "差"}},
            groups={"branch": "B1"},
            dues_arrears=2,
            tests_failed=5,
        )
    ]
    m = score_template(T, subjects, events, "2024").subject("M")
    assert m.base == D(0) and m.penalty == D(-15)
    assert m.total == D(0)


def test_excellent_member_at_most_twenty_percent_of_the_branch():
    # 四(二) 不足90分不能评优秀党员;按支部党员数的20%推荐:10人 → 2个名额
    result = members([100, 98, 95, 92, 91, 89, 80, 80, 70, 60])
    assert [s.subject for s in result.subjects if s.awards] == ["M00", "M01"]


def test_fewer_than_twenty_percent_above_90():
    # 10人只有1人达到90分(恰好90):只推荐1人
    result = members([90, "89.5", 85, 80, 80, 80, 80, 70, 70, 60])
    assert [s.subject for s in result.subjects if s.awards] == ["M00"]


def test_small_branch_has_no_place_and_quota_is_per_branch():
    # 4人的支部:4 × 20% = 0.8 → 0个名额;另一个5人支部:1个名额
    small = [member(f"S{i}", "B2", rating=65) for i in range(4)]
    big = [member(f"M{i}", "B1", rating=65 - i) for i in range(5)]
    result = score_template(T, small + big, (), "2024")
    assert [s.subject for s in result.subjects if s.awards] == ["M0"]


def test_tie_across_the_quota_line_is_not_recommended_automatically():
    # 10人2个名额:99、95、95 —— 并列的两个95跨过名额线,整组交支部研究确定
    result = members([99, 95, 95, 80, 80, 80, 80, 80, 80, 80])
    assert [s.subject for s in result.subjects if s.awards] == ["M00"]


def test_half_years_roll_into_the_year():
    # 三(二)3 党支部每半年上报一次:两个半年取平均(评优按年度结果;2人支部没有名额)
    scheme = get_template(T)
    h1 = score_template(T, [member("M", rating=65), member("N", rating=50)], (), "2024-H1")
    h2 = score_template(T, [member("M", rating=50), member("N", rating=50)], (), "2024-H2")
    population = parse_facts({"subjects": [member("M"), member("N")]})
    out = {r.subject: r for r in rollup(scheme, {"daily": [h1, h2]}, population)}
    assert out["M"].total == D("92.5")  # (100 + 85) / 2
    assert out["N"].total == D(85)
    assert out["M"].awards == ()
