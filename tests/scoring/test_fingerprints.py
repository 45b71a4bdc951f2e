from pathlib import Path

from kaohe.scoring import evaluate, get_template, load_facts, load_scheme, parse_facts

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "src" / "kaohe" / "scoring" / "templates" / "example.yaml"


def test_scheme_fingerprint_ignores_formatting_and_comments_but_not_content():
    text = TEMPLATE.read_text(encoding="utf-8")
    original = load_scheme(text)
    reformatted = load_scheme("# a comment\n" + text.replace("total: 100", "total:    100.00"))
    assert original.fingerprint == reformatted.fingerprint
    changed = load_scheme(text.replace("min_total: 85", "min_total: 86"))
    assert changed.fingerprint != original.fingerprint


def test_facts_fingerprint_ignores_order_but_not_values():
    a = {"subjects": [{"id": "B1", "metrics": {"x": 1}}, {"id": "B2", "metrics": {"x": 2}}]}
    b = {"subjects": [{"id": "B2", "metrics": {"x": 2.0}}, {"id": "B1", "metrics": {"x": 1}}]}
    c = {"subjects": [{"id": "B2", "metrics": {"x": 3}}, {"id": "B1", "metrics": {"x": 1}}]}
    assert parse_facts(a).fingerprint() == parse_facts(b).fingerprint()
    assert parse_facts(a).fingerprint() != parse_facts(c).fingerprint()


def test_results_carry_both_fingerprints_and_recompute_identically():
    scheme = get_template("example")
    facts = load_facts(ROOT / "docs" / "examples" / "example-facts.json")
    first, second = evaluate(scheme, facts), evaluate(scheme, facts)
    assert first.scheme_fingerprint == scheme.fingerprint
    assert first.facts_fingerprint == facts.fingerprint()
    assert first == second
