"""Every validation error names the file, the indicator and the field, in Chinese and English."""

import copy

import pytest
from scoring_helpers import FILLER

from kaohe.scoring import SchemeError, load_scheme, parse_scheme


def _scheme(**overrides):
    data = {
        "title": "测试",
        "total": 10,
        "categories": [{"id": "A", "name": "类别", "points": 10, "items": [copy.deepcopy(FILLER)]}],
    }
    data.update(overrides)
    return data


def _item(**fields):
    item = copy.deepcopy(FILLER)
    item.update(fields)
    return item


def _errors(data) -> list[str]:
    with pytest.raises(SchemeError) as caught:
        parse_scheme(data, source="scheme.yaml")
    return [str(issue) for issue in caught.value.issues]


def _one(data, *needles):
    errors = _errors(data)
    assert any(all(n in e for n in needles) for e in errors), errors
    for e in errors:
        assert e.startswith("scheme.yaml: ")
        assert " / " in e  # Chinese / English


def test_a_valid_scheme_parses():
    assert parse_scheme(_scheme(), source="scheme.yaml").items[0].id == "Z"


def test_unknown_rule_kind():
    data = _scheme()
    data["categories"][0]["items"][0]["rule"] = {"kind": "magic"}
    _one(data, "指标 Z", "字段 rule.kind", "未知规则类型", "unknown rule kind 'magic'")


def test_missing_fields():
    data = _scheme()
    del data["categories"][0]["items"][0]["max"]
    _one(data, "指标 Z", "字段 max", "缺少必填字段", "required field is missing")
    _one(_scheme(title=None), "方案 字段 title", "required field")


def test_missing_policy_is_required_for_items_reading_metrics():
    data = _scheme()
    del data["categories"][0]["items"][0]["rule"]["missing"]
    _one(data, "指标 Z", "rule.missing", "error, zero or exclude")


def test_unknown_fields_are_rejected():
    data = _scheme()
    data["categories"][0]["items"][0]["maxx"] = 3
    _one(data, "指标 Z", "字段 maxx", "unknown field")


def test_categories_not_adding_up_to_the_total():
    _one(_scheme(total=12), "字段 total", "总分 12", "differs from the sum")


def test_category_points_not_matching_its_items():
    data = _scheme()
    data["categories"][0]["points"] = 8
    _one(data, "指标 A", "字段 points", "类别分值 8")


def _tiers_item(*ranges, integer=False):
    rule = {
        "kind": "tiers",
        "metric": "m",
        "missing": "zero",
        "tiers": [{"range": r, "points": 1} for r in ranges],
    }
    if integer:
        rule["domain"] = "integer"
    return _item(id="B3", rule=rule)


def test_tier_list_with_overlaps():
    data = _scheme()
    data["categories"][0]["items"] = [_tiers_item("[0, 80)", [80, 89], [85, 100], "(100, ∞)")]
    data["categories"][0]["items"][0]["max"] = 10
    _one(
        data, "指标 B3 字段 rule.tiers", "区间 [80, 89] 与 [85, 100] 重叠", "and [85, 100] overlap"
    )


def test_tier_list_with_gaps():
    data = _scheme()
    data["categories"][0]["items"] = [_tiers_item("[0, 80)", "[90, ∞)")]
    _one(data, "指标 B3 字段 rule.tiers", "空缺 [80, 90)", "gap")


def test_integer_tiers_are_contiguous_but_real_ones_are_not():
    data = _scheme()
    data["categories"][0]["items"] = [_tiers_item([0, 0], [1, 2], [3, None], integer=True)]
    parse_scheme(data, source="scheme.yaml")
    data["categories"][0]["items"] = [_tiers_item([0, 0], [1, 2], [3, None])]
    _one(data, "rule.tiers", "空缺")


def test_tiers_must_start_at_zero_and_reach_infinity():
    data = _scheme()
    data["categories"][0]["items"] = [_tiers_item("[10, 20)")]
    errors = _errors(data)
    assert any("未从 0 开始" in e for e in errors)
    assert any("未覆盖到 ∞" in e for e in errors)


def test_tier_points_above_max():
    data = _scheme()
    item = _tiers_item("[0, ∞)")
    item["rule"]["tiers"][0]["points"] = 11
    data["categories"][0]["items"] = [item]
    _one(data, "rule.tiers[0].points", "超过本项满分")


def test_rank_tiers_must_start_at_one():
    data = _scheme()
    data["categories"][0]["items"] = [
        _item(
            id="C1",
            rule={
                "kind": "rank",
                "metric": "m",
                "missing": "zero",
                "tiers": [{"ranks": [2, None], "points": 1}],
            },
        )
    ]
    _one(data, "指标 C1", "未从 1 开始")


def test_bonus_with_no_cap_where_the_scheme_has_one():
    data = _scheme(bonus_cap=5)
    data["categories"].append(
        {
            "id": "D",
            "name": "加分",
            "items": [
                {
                    "id": "D1",
                    "name": "加分",
                    "rule": {"kind": "bonus", "clauses": [{"events": "honor", "points": 1}]},
                }
            ],
        }
    )
    _one(data, "指标 D1 字段 max", "加分上限", "needs its own cap")


def test_penalty_items_take_no_max():
    data = _scheme()
    data["categories"].append(
        {
            "id": "E",
            "name": "扣分",
            "items": [
                {
                    "id": "E1",
                    "name": "处分",
                    "max": 5,
                    "rule": {"kind": "penalty", "table": [{"type": "x", "points": 5}]},
                }
            ],
        }
    )
    _one(data, "指标 E1 字段 max", "uncapped")


def test_points_need_at_most_two_decimals():
    data = _scheme()
    data["categories"][0]["items"][0]["max"] = 10.005
    _one(data, "指标 Z 字段 max", "两位小数")


def test_duplicate_ids():
    data = _scheme(total=20)
    data["categories"][0]["items"].append(copy.deepcopy(FILLER))
    data["categories"][0]["points"] = 20
    _one(data, "指标 Z 字段 id", "duplicate id")


def test_grade_bands_must_decrease_and_end_with_a_catch_all():
    _one(
        _scheme(grades=[{"name": "好", "min": 80}, {"name": "更好", "min": 90}, {"name": "差"}]),
        "grades",
        "strictly decrease",
    )
    _one(_scheme(grades=[{"name": "好", "min": 80}]), "grades[0].min", "lowest band")


def test_award_and_veto_fields():
    _one(
        _scheme(awards=[{"id": "a", "name": "先进", "min_total": 85, "quota": "130%"}]),
        "awards[0].quota",
        "100%",
    )
    _one(
        _scheme(
            vetoes=[
                {
                    "id": "v",
                    "name": "否决",
                    "when_any": [{"events": "x"}],
                    "effect": {"grade": "特差"},
                }
            ]
        ),
        "vetoes[0].effect.grade",
        "no grade band",
    )


def test_rollup_weights_must_add_up_to_one():
    _one(
        _scheme(rollup={"weights": {"daily": 0.6, "central": 0.3}}), "rollup.weights", "add up to 1"
    )


def test_overlapping_penalty_rows():
    data = _scheme()
    data["categories"].append(
        {
            "id": "E",
            "name": "扣分",
            "items": [
                {
                    "id": "E1",
                    "name": "处分",
                    "rule": {
                        "kind": "penalty",
                        "table": [
                            {"type": "x", "points": 5},
                            {"type": "x", "level": "a", "points": 6},
                        ],
                    },
                }
            ],
        }
    )
    _one(data, "指标 E1 字段 rule.table", "overlap")


def test_all_problems_are_reported_at_once():
    data = _scheme(total=-1, bonus_cap="lots")
    data["categories"][0]["items"][0]["rule"]["kind"] = "nope"
    assert len(_errors(data)) >= 3


def test_yaml_syntax_errors_name_the_file_and_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("title: x\ncategories: [\n", encoding="utf-8")
    with pytest.raises(SchemeError) as caught:
        load_scheme(path)
    assert str(caught.value).startswith("broken.yaml: ")
    assert "YAML" in str(caught.value)


def test_unquoted_interval_is_explained():
    data = _scheme()
    data["categories"][0]["items"] = [_tiers_item("80-90")]
    _one(data, "rule.tiers[0].range", "无法识别的区间")
