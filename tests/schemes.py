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
