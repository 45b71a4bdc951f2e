import pytest

from kaohe.scoring import SchemeError, get_template, list_templates
from kaohe.scoring.registry import TEMPLATES_DIR
from kaohe.scoring.scheme import RULE_KINDS


def test_registry_lists_every_yaml_file_with_its_chinese_title():
    templates = list_templates()
    assert [t.id for t in templates] == sorted(p.stem for p in TEMPLATES_DIR.glob("*.yaml"))
    example = next(t for t in templates if t.id == "example")
    assert example.title == "党支部年度考核示例方案"


def test_every_shipped_template_is_valid():
    for template in list_templates():
        scheme = get_template(template.id)
        assert scheme.id == template.id


def test_example_template_exercises_every_rule_kind():
    scheme = get_template("example")
    kinds = {item.rule.kind for item in scheme.items}
    assert kinds == set(RULE_KINDS)
    assert any(item.zero_if for item in scheme.items)
    assert scheme.vetoes and scheme.awards and scheme.rollup and scheme.bonus_cap is not None
    assert all(item.note for item in scheme.items)


def test_unknown_template():
    with pytest.raises(SchemeError, match="example"):
        get_template("../example")
