import json
from decimal import Decimal

import openpyxl
import pytest

from kaohe.scoring import FactsError, Period, load_facts, parse_facts, parse_period


def _errors(data):
    with pytest.raises(FactsError) as caught:
        parse_facts(data, source="facts.json")
    return [str(i) for i in caught.value.issues]


def test_json_facts_read_metrics_events_groups_and_manual(tmp_path):
    path = tmp_path / "f.json"
    path.write_text(
        json.dumps(
            {
                "period": "2024-Q2",
                "subjects": [
                    {
                        "id": "B1",
                        "name": "一支部",
                        "groups": {"committee": "C"},
                        "metrics": {"x": 1.5, "flag": True, "gone": None},
                        "manual": {"C2": {"level": "良", "comment": "好"}},
                    }
                ],
                "events": [{"id": "E1", "subject": "M1", "branch": "B1", "type": "absence"}],
            }
        ),
        encoding="utf-8",
    )
    facts = load_facts(path)
    assert facts.period == Period("quarter", 2024, 2)
    subject = facts.subjects[0]
    assert subject.metrics == {"x": Decimal("1.5"), "flag": Decimal(1)}
    assert subject.manual["C2"].level == "良"
    assert facts.events[0].branch == "B1"


def test_bad_json_rows_name_the_row_and_field():
    errors = _errors({"subjects": [{"id": "B1", "metrics": {"x": -1}}, {"metrics": {}}]})
    assert any("subjects[0](B1) 字段 metrics.x" in e and "negative" in e for e in errors)
    assert any("subjects[1] 字段 id" in e for e in errors)


def test_events_must_reference_the_population():
    errors = _errors(
        {"subjects": [{"id": "B1"}], "events": [{"id": "E1", "subject": "B9", "type": "x"}]}
    )
    assert any("events[0]" in e and "B9" in e for e in errors)


def test_duplicate_ids_are_errors():
    errors = _errors({"subjects": [{"id": "B1"}, {"id": "B1"}]})
    assert any("duplicate subject id B1" in e for e in errors)


def test_unknown_fields_are_errors():
    errors = _errors({"subjects": [{"id": "B1", "metric": {}}]})
    assert any("字段 metric" in e for e in errors)


def test_json_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "f.json"
    path.write_text('{"subjects": [\n  {"id": }\n]}', encoding="utf-8")
    with pytest.raises(FactsError, match="第 2 行"):
        load_facts(path)


def test_csv_flat_metrics(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text(
        "subject,name,group.committee,hours,manual.C2,manual.C2.comment,manual.C4\n"
        "B1,一支部,C1,12.5,良,资料不全,4.5\nB2,二支部,C1,,优,,\n",
        encoding="utf-8",
    )
    facts = load_facts(path, period=parse_period("2024"))
    first, second = facts.subjects
    assert first.groups == {"committee": "C1"}
    assert first.metrics == {"hours": Decimal("12.5")}
    assert first.manual["C2"].level == "良" and first.manual["C2"].comment == "资料不全"
    assert first.manual["C4"].points == Decimal("4.5")
    assert "hours" not in second.metrics  # an empty cell is missing, not zero


def test_csv_errors_name_the_row(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("subject,hours\nB1,1\nB2,1.234\n", encoding="utf-8")
    with pytest.raises(FactsError, match="第 3 行 字段 hours"):
        load_facts(path)
    path.write_text("name,hours\nB1,1\n", encoding="utf-8")
    with pytest.raises(FactsError, match="subject"):
        load_facts(path)


def test_xlsx_flat_metrics(tmp_path):
    path = tmp_path / "f.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["subject", "name", "hours", "flag"])
    workbook.active.append(["B1", "一支部", 52.5, True])
    workbook.active.append(["B2", "二支部", "x", None])
    workbook.save(path)
    with pytest.raises(FactsError, match="第 3 行 字段 hours"):
        load_facts(path)
    workbook.active.delete_rows(3)
    workbook.save(path)
    facts = load_facts(path)
    assert facts.subjects[0].metrics == {"hours": Decimal("52.5"), "flag": Decimal(1)}


def test_unsupported_suffix(tmp_path):
    path = tmp_path / "f.txt"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(FactsError, match=r"\.json"):
        load_facts(path)


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2024", Period("year", 2024)),
        ("2024-03", Period("month", 2024, 3)),
        ("2024-Q4", Period("quarter", 2024, 4)),
        ("2024-H2", Period("half_year", 2024, 2)),
    ],
)
def test_period_shorthands(text, period):
    assert parse_period(text) == period


@pytest.mark.parametrize("bad", ["2024-13", "24", "2024-Q5", {"kind": "week"}])
def test_bad_periods(bad):
    with pytest.raises(ValueError):
        parse_period(bad)
