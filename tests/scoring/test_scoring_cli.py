import json
import subprocess
import sys
from pathlib import Path

import openpyxl

from kaohe.scoring.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_FACTS = ROOT / "docs" / "examples" / "example-facts.json"
EXAMPLE_CSV = ROOT / "docs" / "examples" / "example-facts.csv"
TEMPLATE = ROOT / "src" / "kaohe" / "scoring" / "templates" / "example.yaml"


def test_scheme_check_passes_the_example_template(capsys):
    assert main(["scheme", "check", str(TEMPLATE)]) == 0
    assert "OK" in capsys.readouterr().out


def test_scheme_check_reports_a_bad_file_with_indicator_and_field(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "title: 坏方案\ntotal: 10\ncategories:\n  - id: A\n    name: 类别\n    items:\n"
        "      - id: A1\n        name: 项\n        max: 10\n        rule: {kind: magic}\n",
        encoding="utf-8",
    )
    assert main(["scheme", "check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.yaml: 指标 A1 字段 rule.kind: 未知规则类型" in err
    assert "unknown rule kind 'magic'" in err


def test_scheme_check_of_a_missing_file(capsys):
    assert main(["scheme", "check", "/nonexistent/x.yaml"]) == 1
    assert "x.yaml" in capsys.readouterr().err


def test_scheme_list_and_show(capsys):
    assert main(["scheme", "list"]) == 0
    assert "example\t党支部年度考核示例方案" in capsys.readouterr().out
    assert main(["scheme", "show", "example"]) == 0
    out = capsys.readouterr().out
    assert "A2 三会一课" in out and "party_congress_meetings" in out
    assert main(["scheme", "show", "no_such_template"]) == 1
    assert "no_such_template" in capsys.readouterr().err


def test_score_table_with_explanation(capsys):
    assert (
        main(["score", "--scheme", "example", "--facts", str(EXAMPLE_FACTS), "--explain", "B01"])
        == 0
    )
    out = capsys.readouterr().out
    assert "B01" in out and "第一党支部" in out
    assert "支部党员大会应开4次,实开3次,少1次扣1分" in out


def test_score_json_has_exact_points_and_fingerprints(capsys):
    assert (
        main(
            ["score", "--scheme", str(TEMPLATE), "--facts", str(EXAMPLE_FACTS), "--format", "json"]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert len(data["scheme"]["fingerprint"]) == 64
    assert len(data["facts_fingerprint"]) == 64
    first = data["subjects"][0]
    assert first["subject"] == "B01"
    assert first["items"]["A4"]["points"] == "2.50"
    assert isinstance(first["total"], str)


def test_score_xlsx_writes_scores_and_explanations(tmp_path, capsys):
    out = tmp_path / "out.xlsx"
    assert (
        main(
            [
                "score",
                "--scheme",
                "example",
                "--facts",
                str(EXAMPLE_FACTS),
                "--format",
                "xlsx",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == ["得分", "说明", "方案"]
    assert workbook["得分"].cell(2, 1).value == "B01"
    assert workbook["说明"].max_row > 10


def test_score_columnar_engine_prints_the_same_table(capsys):
    main(["score", "--scheme", "example", "--facts", str(EXAMPLE_FACTS)])
    scalar = capsys.readouterr().out
    main(["score", "--scheme", "example", "--facts", str(EXAMPLE_FACTS), "--engine", "columnar"])
    assert capsys.readouterr().out == scalar


def test_score_flat_csv_metrics(capsys):
    assert (
        main(["score", "--scheme", "example", "--facts", str(EXAMPLE_CSV), "--period", "2024"]) == 0
    )
    assert "B01" in capsys.readouterr().out


def test_score_bad_facts_names_row_and_field(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "subject,name,volunteer_hours\nB01,一支部,12\nB02,二支部,abc\n", encoding="utf-8"
    )
    assert main(["score", "--scheme", "example", "--facts", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.csv: 第 3 行 字段 volunteer_hours" in err
    assert "row 3 field volunteer_hours" in err


def test_score_unknown_subject_to_explain(capsys):
    assert (
        main(["score", "--scheme", "example", "--facts", str(EXAMPLE_FACTS), "--explain", "B99"])
        == 1
    )
    assert "B99" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys):
    assert main(["score", "--scheme", "example"]) == 2
    assert (
        main(["score", "--scheme", "example", "--facts", str(EXAMPLE_FACTS), "--format", "xlsx"])
        == 2
    )


def test_installed_console_script_scores_without_a_database(tmp_path):
    kaohe = Path(sys.executable).with_name("kaohe")
    command = [str(kaohe)] if kaohe.exists() else [sys.executable, "-m", "kaohe"]
    run = subprocess.run(
        [
            *command,
            "score",
            "--scheme",
            "example",
            "--facts",
            str(EXAMPLE_FACTS),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,  # no database file or settings around
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": "postgres://nowhere.invalid/none"},
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["subjects"][2]["vetoes"] == ["mass_incident"]
