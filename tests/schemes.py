def yearly(
    scheme_id: str,
    title: str,
    categories: str,
    *,
    subject: str = "branch",
    total: int = 10,
    grades: str = "[{name: 合格}]",
) -> str:
    """A scheme for a year: the header small test schemes share, around `categories`
    (their YAML, as it stands under `categories:`)."""
    header = f'id: {scheme_id}\ntitle: {title}\nversion: "1"\nsubject: {subject}\nperiod: year\n'
    return f"{header}total: {total}\ngrades: {grades}\ncategories:\n{categories}"


MEMBER_GRADES = "[{name: 优秀, min: 9}, {name: 合格}]"


SMALL_SCHEME = """
id: small
title: 小型测试方案
version: "1"
subject: branch
period: year
total: 10
grades:
  - {name: 优秀, min: 9}
  - {name: 一般}
awards:
  - {id: advanced, name: 先进党支部, min_total: 8, quota: 50%, rounding: floor, ties: include}
categories:
  - id: A
    name: 组织生活
    points: 10
    items:
      - id: A1
        name: 三会一课
        max: 6
        note: 篇四 细则二 四.9
        rule:
          kind: deduction
          missing: error
          clauses:
            - shortfall: party_congress_meetings
              required: {frequency: quarterly}
              points: 1
              label: 支部党员大会
              verb: 开
      - id: A2
        name: 党费
        max: 4
        note: 篇四 细则一 三(一)2
        rule: {kind: completion, metric: dues_paid_in_full, label: 党费足额按时收缴, missing: zero}
"""

# A branch scheme with one computed and one manual item, for the assessment cycle.
CYCLE_SCHEME = """
id: cycle
title: 考核流程测试方案
version: "1"
subject: branch
period: year
total: 10
grades: [{name: 优秀, min: 9}, {name: 合格, min: 6}, {name: 不合格}]
awards:
  - {id: advanced, name: 先进党支部, min_total: 8, quota: 50%, rounding: floor, ties: include}
categories:
  - id: A
    name: 组织生活
    points: 10
    items:
      - id: A1
        name: 支部党员大会
        max: 4
        rule:
          kind: deduction
          missing: zero
          clauses:
            - shortfall: party_congress_meetings
              required: {frequency: quarterly}
              points: 1
              label: 支部党员大会
              verb: 开
      - id: A2
        name: 实地查看
        max: 6
        rule: {kind: manual, missing: zero, levels: {优: 1, 良: 0.8, 中: 0.5, 差: 0}}
"""

# A branch scheme whose year combines daily (monthly) and central (year-end) assessments,
# 0.7 : 0.3 as 篇四 细则一; one manual item so a test sets each total exactly.
ROLLUP_SCHEME = """
id: rollup-test
title: 汇总测试方案
version: "1"
subject: branch
period: month
total: 100
grades: [{name: 优秀, min: 90}, {name: 良好, min: 80}, {name: 一般, min: 60}, {name: 较差}]
awards:
  - {id: advanced, name: 先进党支部, min_total: 85, quota: 50%, rounding: floor, ties: include}
vetoes:
  - {id: accident, name: 较大安全责任事故, when_any: [{events: accident}], effect: {grade: lowest}}
rollup:
  periods: mean
  weights: {daily: 0.7, central: 0.3}
categories:
  - id: A
    name: 党建工作
    points: 100
    items:
      - id: A1
        name: 综合评价
        max: 100
        rule: {kind: manual, missing: zero}
"""

# Members of gb_a scored from one number each (the member_run fixture in tests/conftest.py).
MEMBER_SCHEME = yearly(
    "member-results",
    "党员积分测试方案",
    """\
  - id: M
    name: 党员考核
    points: 10
    items:
      - id: M1
        name: 政治理论测验
        max: 10
        rule:
          kind: deduction
          missing: zero
          clauses:
            - {count: tests_failed, points: 2, label: 政治理论测验不及格}
""",
    subject="member",
    grades=MEMBER_GRADES,
)
