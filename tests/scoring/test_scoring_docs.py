"""docs/scheme-language.md stays true: one example per rule kind, and its API snippet runs."""

import subprocess
import sys
from pathlib import Path

import pytest

from kaohe.scoring.scheme import RULE_KINDS

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "scheme-language.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", RULE_KINDS)
def test_every_rule_kind_has_a_section_with_an_example(kind):
    section = DOC.split(f"### {kind} ")[1].split("\n### ")[0]
    assert f"kind: {kind}" in section


def test_the_python_api_snippet_runs(tmp_path):
    """Run as a reader would: the snippet saved as a script, in a fresh interpreter."""
    snippet = DOC.split("## Python API")[1].split("```python")[1].split("```")[0]
    script = tmp_path / "snippet.py"
    script.write_text("from decimal import Decimal\n" + snippet, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    assert "支部党员大会应开4次,实开3次,少1次扣1分" in run.stdout


def test_facts_doc_names_every_event_field():
    facts_doc = (ROOT / "docs" / "facts-format.md").read_text(encoding="utf-8")
    for field in ("id", "subject", "type", "level", "case", "similar", "branch"):
        assert f"`events[].{field}" in facts_doc
