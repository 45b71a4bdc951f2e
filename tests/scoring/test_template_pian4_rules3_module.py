"""Golden cases for pian4-rules3 (篇四 党建工作考核细则三), a 加减分 module, alone and merged into
another scheme (``modules: [pian4-rules3]``)."""

from pathlib import Path

import pytest
import yaml
from template_cases import D, score_template

from kaohe.scoring import SchemeError, get_template, parse_scheme
from kaohe.scoring.registry import TEMPLATES_DIR

T = "pian4-rules3"


def ev(event_id, kind, level=None, **extra):
    data = {"id": event_id, "subject": "B", "type": kind, **extra}
    if level is not None:
        data["level"] = level
    return data


def alone(*events):
    return score_template(T, [{"id": "B"}], list(events), "2024").subject("B")


def host(**extra):
    """pian4-rules2 with the module added, as an admin would write it."""
    data = yaml.safe_load((TEMPLATES_DIR / "pian4-rules2.yaml").read_text(encoding="utf-8"))
    data["modules"] = ["pian4-rules3"]
    data.update(extra)
    return parse_scheme(data, source="host.yaml", default_id="host")


def test_module_alone_gives_the_adjustment_only():
    # 一.1 省部级荣誉加2分、集团公司级加1分(原文不设上限):1 + 2 项 → 2 + 1×2 = 4
    # 一.2 创新成果被采纳"视情况加1分":两项也只加1
    b = alone(
        ev("H1", "honor", "provincial"),
        ev("H2", "honor", "group"),
        ev("H3", "honor", "group"),
        ev("N1", "innovation_adopted"),
        ev("N2", "innovation_adopted"),
    )
    assert b.item("R3A1").points == D(4)
    assert b.item("R3A2").points == D(1)
    assert b.total == D(5) and b.base == D(0)


def test_criticism_three_points_each_uncapped_and_total_may_be_negative():
    # 二.1(1) 被通报批评、提醒谈话或约谈的,每发生1次扣3分,上不封顶:7次 → −21
    kinds = ["circulated_criticism", "reminder_talk", "interview_talk"] * 2 + ["reminder_talk"]
    b = alone(*[ev(f"C{i}", k) for i, k in enumerate(kinds)])
    assert b.item("R3B1").points == D(-21)
    assert b.total == D(-21)  # 模块单独计分时允许为负(只是加减分)


def test_party_and_administrative_punishment_of_one_case_count_once_at_the_highest():
    # 二.1(2) 同时处以党纪和行政处分的,按就高原则:同一案件 警告(5)+降职(10) → 只扣10
    b = alone(
        ev("D1", "discipline", "warning", case="K1"), ev("D2", "discipline", "dismissal", case="K1")
    )
    assert b.item("R3B2").points == D(-10)


def test_separate_cases_add_up():
    # 两件不同案件:警告5 + 留党察看15 = 20(无类似案件,不加扣)
    b = alone(
        ev("D1", "discipline", "warning", case="K1"), ev("D2", "discipline", "probation", case="K2")
    )
    assert b.item("R3B2").points == D(-20)


def test_repeated_similar_cases_add_two_points_each_after_the_first():
    # 二.1(3) 类似案件每新增加一件扣2分:三件类似(各为警告5) → 15 + 2×2 = 19
    b = alone(
        *[ev(f"D{i}", "discipline", "warning", case=f"K{i}", similar="公车私用") for i in range(3)]
    )
    assert b.item("R3B2").points == D(-19)


def test_staff_sanction_and_leader_punishment_of_the_same_matter_count_once():
    # 二.1(4) 受纪委党纪处分或判刑每次扣20分;同一事件同时是(2)的警告 → 就高只扣20,不是25
    b = alone(ev("D1", "discipline", "warning", case="K1"), ev("S1", "staff_sanction", case="K1"))
    assert b.item("R3B2").points == D(-20)
    # 一名员工被判刑、另一事件开除党籍:20 + 20 = 40,上不封顶
    b = alone(ev("S1", "staff_sanction", case="K1"), ev("D2", "discipline", "expulsion", case="K2"))
    assert b.item("R3B2").points == D(-40)


@pytest.mark.parametrize(
    ("event", "vetoed"),
    [
        (("safety_accident", "major"), True),
        (("environmental_accident", "especially_major"), True),
        (("stability_incident", "serious"), True),
        (("other_major_problem", None), True),
        (("safety_accident", "larger"), False),  # 较大事故不属于"重大"
        (("stability_incident", "general"), False),
    ],
)
def test_serious_incidents_are_vetoes(event, vetoed):
    # 二.2 重大安全环保事故或严重稳定事件;二.3 上级认定的其他重大问题(原文无分值,读作一票否决)
    b = alone(ev("X1", *event))
    assert b.vetoed is vetoed


def test_module_merged_into_another_scheme():
    scheme = host()
    assert scheme.modules == ("pian4-rules3",)
    assert scheme.total == D(100)
    assert {"R3A1", "R3B2"} <= {i.id for i in scheme.items}
    # 细则二 满分 + 荣誉加2 − 警告5 = 97
    from test_template_pian4_rules2 import OK, RATED

    result = score_template(
        scheme,
        [{"id": "B", "metrics": OK, "manual": RATED}],
        [ev("H1", "honor", "provincial"), ev("D1", "discipline", "warning")],
        "2024",
    )
    assert result.subject("B").total == D(97)


def test_module_veto_forces_the_hosts_lowest_grade_and_blocks_awards():
    from test_template_pian4_rules2 import OK, RATED

    scheme = host(awards=[{"id": "adv", "name": "先进党支部", "min_total": 85, "quota": "100%"}])
    result = score_template(
        scheme,
        [{"id": "B", "metrics": OK, "manual": RATED}],
        [ev("X1", "other_major_problem")],
        "2024",
    )
    b = result.subject("B")
    assert b.total == D(100) and b.grade == "较差" and b.awards == ()


def test_host_bonus_cap_also_caps_module_bonuses():
    from test_template_pian4_rules2 import OK, RATED

    # 细则三 荣誉不设上限,但引用它的方案设 bonus_cap: 3 → 省部级2项(4分)只加3
    scheme = host(bonus_cap=3)
    result = score_template(
        scheme,
        [{"id": "B", "metrics": OK, "manual": RATED}],
        [ev("H1", "honor", "provincial"), ev("H2", "honor", "provincial")],
        "2024",
    )
    assert result.subject("B").bonus == D(3)


def test_module_rules_are_checked():
    with pytest.raises(SchemeError, match="no module template 'nope'"):
        host(modules=["nope"])
    with pytest.raises(SchemeError, match="is not a module"):
        host(modules=["pian4-rules1"])
    with pytest.raises(SchemeError, match="duplicate id"):
        parse_scheme(
            {
                "title": "冲突",
                "total": 1,
                "modules": [T],
                "categories": [
                    {
                        "id": "R3A",
                        "name": "同名类别",
                        "items": [
                            {
                                "id": "a",
                                "name": "a",
                                "max": 1,
                                "rule": {"kind": "manual", "missing": "zero"},
                            }
                        ],
                    }
                ],
            }
        )
    with pytest.raises(SchemeError, match="module holds only bonus and penalty"):
        parse_scheme(
            {
                "title": "坏模块",
                "module": True,
                "categories": [
                    {
                        "id": "A",
                        "name": "a",
                        "items": [
                            {
                                "id": "a",
                                "name": "a",
                                "max": 1,
                                "rule": {"kind": "manual", "missing": "zero"},
                            }
                        ],
                    }
                ],
            }
        )
    with pytest.raises(SchemeError, match="module cannot set"):
        parse_scheme({**yaml.safe_load(Path(TEMPLATES_DIR / f"{T}.yaml").read_text()), "total": 5})


def test_module_changes_reach_the_host_fingerprint():
    # 钉住结果:模块内容属于引用方案的指纹
    assert host().fingerprint != get_template("pian4-rules2").fingerprint


def test_merging_a_module_equals_writing_its_items_inline():
    # 模块只在读方案时合并,两个计分器看到的是同样的指标(它们的一致性由性质测试保证)
    module = yaml.safe_load((TEMPLATES_DIR / f"{T}.yaml").read_text(encoding="utf-8"))
    data = yaml.safe_load((TEMPLATES_DIR / "pian4-rules2.yaml").read_text(encoding="utf-8"))
    inline = dict(data, categories=data["categories"] + module["categories"])
    inline["vetoes"] = [{**v, "effect": {"grade": "较差"}} for v in module["vetoes"]]
    assert parse_scheme(inline).categories == host().categories
    assert parse_scheme(inline).vetoes == host().vetoes
