"""Facts: the population of subjects with their metrics, events, manual scores and groups.

The file formats are documented in docs/facts-format.md. Everything here is independent of
a scheme; checks that need one (a manual score above the item's max, an unknown level) are
made when evaluating.
"""

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from kaohe.scoring.errors import FactsError, FactsIssue
from kaohe.scoring.numbers import NumberFormatError, parse_number
from kaohe.scoring.periods import INDEX_RANGE, PERIOD_KINDS, Period


@dataclass(frozen=True)
class ManualScore:
    """An evaluator's rating of a manual item: points, or a level such as 良."""

    points: Decimal | None = None
    level: str | None = None
    comment: str = ""


@dataclass(frozen=True)
class Event:
    """One record behind points: a penalty, an honour, an absence…

    ``case`` groups records of one incident (a party and an administrative punishment for the
    same thing), ``similar`` groups cases of the same kind for repeat surcharges, and
    ``branch`` names the member's branch so a linked rule can charge the branch too.
    """

    id: str
    subject: str
    type: str
    level: str | None = None
    case: str | None = None
    similar: str | None = None
    branch: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Subject:
    id: str
    name: str = ""
    groups: Mapping[str, str] = field(default_factory=dict)
    metrics: Mapping[str, Decimal] = field(default_factory=dict)
    manual: Mapping[str, ManualScore] = field(default_factory=dict)


@dataclass(frozen=True)
class Facts:
    subjects: tuple[Subject, ...]
    events: tuple[Event, ...] = ()
    period: Period | None = None
    source: str = "<facts>"

    def fingerprint(self) -> str:
        """sha256 of the canonical JSON of the facts (order of subjects/events ignored).

        Computed once per instance (a run asks for it several times; it costs about a
        second for 100,000 subjects). Facts are not meant to change after parsing."""
        cached = self.__dict__.get("_fingerprint")
        if cached is None:
            cached = self._compute_fingerprint()
            object.__setattr__(self, "_fingerprint", cached)
        return cached

    def _compute_fingerprint(self) -> str:
        data = {
            "period": None
            if self.period is None
            else [self.period.kind, self.period.year, self.period.index],
            "subjects": [
                # Key order is json.dumps(sort_keys=True)'s job, at every level.
                {
                    "id": s.id,
                    "name": s.name,
                    "groups": dict(s.groups),
                    "metrics": {k: str(v) for k, v in s.metrics.items()},
                    "manual": {
                        k: [None if m.points is None else str(m.points), m.level, m.comment]
                        for k, m in s.manual.items()
                    },
                }
                for s in sorted(self.subjects, key=lambda s: s.id)
            ],
            "events": [
                [e.id, e.subject, e.type, e.level, e.case, e.similar, e.branch, e.date]
                for e in sorted(self.events, key=lambda e: e.id)
            ],
        }
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()


def make_facts(
    subjects: Iterable[Subject],
    events: Iterable[Event] = (),
    period: Period | None = None,
    *,
    source: str = "<facts>",
) -> Facts:
    """Check the population and fill each event's branch from its subject's ``branch`` group."""
    subjects = tuple(subjects)
    issues: list[FactsIssue] = []
    by_id: dict[str, Subject] = {}
    for i, subject in enumerate(subjects):
        if subject.id in by_id:
            issues.append(
                FactsIssue(
                    source,
                    f"subjects[{i}]",
                    f"subjects[{i}]",
                    "id",
                    f"对象编号 {subject.id} 重复",
                    f"duplicate subject id {subject.id}",
                )
            )
        by_id[subject.id] = subject
    resolved = []
    seen: set[str] = set()
    for i, event in enumerate(events):
        row = f"events[{i}]"
        if event.id in seen:
            issues.append(
                FactsIssue(
                    source,
                    row,
                    row,
                    "id",
                    f"事件编号 {event.id} 重复",
                    f"duplicate event id {event.id}",
                )
            )
        seen.add(event.id)
        branch = event.branch
        owner = by_id.get(event.subject)
        if branch is None and owner is not None:
            branch = owner.groups.get("branch")
        if owner is None and branch not in by_id:
            issues.append(
                FactsIssue(
                    source,
                    row,
                    row,
                    "subject",
                    f"事件 {event.id} 的对象 {event.subject} 不在名单中(也未写所属支部 branch)",
                    f"event {event.id}: subject {event.subject} is not in the population "
                    "(and no branch given)",
                )
            )
        resolved.append(event if branch == event.branch else _replace_branch(event, branch))
    if issues:
        raise FactsError(issues)
    return Facts(subjects, tuple(resolved), period, source)


def _replace_branch(event: Event, branch: str | None) -> Event:
    return Event(
        event.id,
        event.subject,
        event.type,
        event.level,
        event.case,
        event.similar,
        branch,
        event.date,
    )


# ---------------------------------------------------------------------------------------------
# Periods

_PERIOD_RE = re.compile(r"^(\d{4})(?:-(?:(\d{1,2})|[Qq]([1-4])|[Hh]([12])))?$")


def parse_period(value: Any) -> Period:
    """Read a period: "2024", "2024-03", "2024-Q1", "2024-H2", or a mapping kind/year/index."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        match = _PERIOD_RE.match(value.strip())
        if not match:
            raise ValueError(
                f"无法识别的期间 {value!r}(例: 2024、2024-03、2024-Q1、2024-H1) / "
                f"unrecognised period {value!r} (e.g. 2024, 2024-03, 2024-Q1, 2024-H1)"
            )
        year = int(match.group(1))
        if match.group(2):
            month = int(match.group(2))
            if not 1 <= month <= 12:
                raise ValueError(f"月份应为 1–12: {value!r} / month must be 1–12: {value!r}")
            return Period("month", year, month)
        if match.group(3):
            return Period("quarter", year, int(match.group(3)))
        if match.group(4):
            return Period("half_year", year, int(match.group(4)))
        return Period("year", year)
    if isinstance(value, dict):
        kind = value.get("kind", "year")
        if kind not in PERIOD_KINDS:
            raise ValueError(
                f"期间类型 {kind!r} 无效,可选: {', '.join(PERIOD_KINDS)} / "
                f"invalid period kind {kind!r}"
            )
        year, index = value.get("year"), value.get("index")
        for name, number in (("year", year), ("index", index)):
            if number is not None and (isinstance(number, bool) or not isinstance(number, int)):
                raise ValueError(f"期间 {name} 应为整数 / period {name} must be a whole number")
        if index is not None and not 1 <= index <= INDEX_RANGE[kind]:
            raise ValueError(
                f"期间序号应为 1–{INDEX_RANGE[kind]} / period index must be 1–{INDEX_RANGE[kind]}"
            )
        return Period(kind, year, None if kind == "year" else index)
    raise ValueError(f"无法识别的期间 {value!r} / unrecognised period {value!r}")


# ---------------------------------------------------------------------------------------------
# Reading files


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.issues: list[FactsIssue] = []

    def error(self, row_zh: str, row_en: str, field: str, zh: str, en: str) -> None:
        self.issues.append(FactsIssue(self.source, row_zh, row_en, field, zh, en))

    def metric(self, value: Any, row: tuple[str, str], field: str) -> Decimal | None:
        try:
            number = parse_number(value, allow_bool=True)
        except NumberFormatError as exc:
            self.error(*row, field, exc.zh, exc.en)
            return None
        if number < 0:
            self.error(*row, field, "指标值不能为负数", "a metric value must not be negative")
            return None
        return number

    def text(self, value: Any, row: tuple[str, str], field: str, *, required: bool) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(*row, field, "缺少必填字段", "required field is missing")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.error(*row, field, f"应为文本,实为 {value!r}", f"expected text, got {value!r}")
            return None
        return str(value).strip()

    def manual(self, value: Any, row: tuple[str, str], field: str) -> ManualScore | None:
        if isinstance(value, dict):
            unknown = set(value) - {"points", "level", "comment"}
            if unknown:
                self.error(
                    *row, field, f"未知字段 {sorted(unknown)}", f"unknown fields {sorted(unknown)}"
                )
                return None
            comment = value.get("comment") or ""
            if not isinstance(comment, str):
                self.error(*row, f"{field}.comment", "评语应为文本", "the comment must be text")
                return None
            if ("points" in value) == ("level" in value):
                self.error(
                    *row,
                    field,
                    "须且只能写 points 或 level 之一",
                    "needs exactly one of points or level",
                )
                return None
            if "points" in value:
                points = self.metric(value["points"], row, f"{field}.points")
                return (
                    None if points is None else ManualScore(points=points, comment=comment.strip())
                )
            level = self.text(value["level"], row, f"{field}.level", required=True)
            return None if level is None else ManualScore(level=level, comment=comment.strip())
        self.error(
            *row,
            field,
            "人工评分应写作 {points|level, comment}",
            "a manual score is {points|level, comment}",
        )
        return None


def parse_facts(data: Any, *, source: str = "<facts>", period: Period | None = None) -> Facts:
    """Build Facts from a decoded JSON document (see docs/facts-format.md)."""
    reader = _Reader(source)
    if not isinstance(data, dict):
        raise FactsError(
            [
                FactsIssue(
                    source,
                    "(根)",
                    "(root)",
                    "",
                    "事实文件应为 JSON 对象",
                    "a facts file is a JSON object",
                )
            ]
        )
    for key in data:
        if key not in {"period", "subjects", "events", "scheme", "note"}:
            reader.error("(根)", "(root)", key, "未知字段", "unknown field")
    if period is None and data.get("period") is not None:
        try:
            period = parse_period(data["period"])
        except ValueError as exc:
            zh, _, en = str(exc).partition(" / ")
            reader.error("(根)", "(root)", "period", zh, en or zh)
    raw_subjects = data.get("subjects")
    if not isinstance(raw_subjects, list):
        reader.error("(根)", "(root)", "subjects", "应为对象列表", "expected a list of subjects")
        raw_subjects = []
    subjects = []
    for i, raw in enumerate(raw_subjects):
        row = (f"subjects[{i}]", f"subjects[{i}]")
        if not isinstance(raw, dict):
            reader.error(*row, "", "应为 JSON 对象", "expected a JSON object")
            continue
        for key in raw:
            if key not in {"id", "name", "groups", "metrics", "manual"}:
                reader.error(*row, key, "未知字段", "unknown field")
        subject_id = reader.text(raw.get("id"), row, "id", required=True)
        if subject_id is None:
            continue
        row = (f"subjects[{i}]({subject_id})", f"subjects[{i}] ({subject_id})")
        name = reader.text(raw.get("name"), row, "name", required=False) or ""
        groups: dict[str, str] = {}
        raw_groups = raw.get("groups") or {}
        if not isinstance(raw_groups, dict):
            reader.error(*row, "groups", "应为 {分组: 值}", "expected {group: value}")
            raw_groups = {}
        for key, value in raw_groups.items():
            text = reader.text(value, row, f"groups.{key}", required=True)
            if text is not None:
                groups[str(key)] = text
        metrics: dict[str, Decimal] = {}
        raw_metrics = raw.get("metrics") or {}
        if not isinstance(raw_metrics, dict):
            reader.error(*row, "metrics", "应为 {指标: 数值}", "expected {metric: number}")
            raw_metrics = {}
        for key, value in raw_metrics.items():
            if value is None:
                continue  # null means missing, which the rule's missing policy decides
            number = reader.metric(value, row, f"metrics.{key}")
            if number is not None:
                metrics[str(key)] = number
        manual: dict[str, ManualScore] = {}
        raw_manual = raw.get("manual") or {}
        if not isinstance(raw_manual, dict):
            reader.error(*row, "manual", "应为 {指标编号: 评分}", "expected {item id: score}")
            raw_manual = {}
        for key, value in raw_manual.items():
            score = reader.manual(value, row, f"manual.{key}")
            if score is not None:
                manual[str(key)] = score
        subjects.append(Subject(subject_id, name, groups, metrics, manual))
    raw_events = data.get("events") or []
    if not isinstance(raw_events, list):
        reader.error("(根)", "(root)", "events", "应为事件列表", "expected a list of events")
        raw_events = []
    events = []
    for i, raw in enumerate(raw_events):
        row = (f"events[{i}]", f"events[{i}]")
        if not isinstance(raw, dict):
            reader.error(*row, "", "应为 JSON 对象", "expected a JSON object")
            continue
        for key in raw:
            if key not in {
                "id",
                "subject",
                "type",
                "level",
                "case",
                "similar",
                "branch",
                "date",
                "note",
            }:
                reader.error(*row, key, "未知字段", "unknown field")
        values = {
            key: reader.text(raw.get(key), row, key, required=key in {"id", "subject", "type"})
            for key in ("id", "subject", "type", "level", "case", "similar", "branch", "date")
        }
        if values["id"] and values["subject"] and values["type"]:
            events.append(Event(**values))  # type: ignore[arg-type]
    if reader.issues:
        raise FactsError(reader.issues)
    return make_facts(subjects, events, period, source=source)


def _table_facts(
    rows: list[tuple[int, dict[str, Any]]], source: str, period: Period | None
) -> Facts:
    """Flat metrics, one row per subject.

    Columns: subject, name, group.<key>, manual.<item>[.comment]; every other column is a metric.
    """
    reader = _Reader(source)
    subjects = []
    for line, record in rows:
        row = (f"第 {line} 行", f"row {line}")
        subject_id = reader.text(record.get("subject"), row, "subject", required=True)
        if subject_id is None:
            continue
        name = reader.text(record.get("name"), row, "name", required=False) or ""
        groups: dict[str, str] = {}
        metrics: dict[str, Decimal] = {}
        manual_points: dict[str, Any] = {}
        comments: dict[str, str] = {}
        for column, value in record.items():
            if (
                column in {"subject", "name"}
                or value is None
                or (isinstance(value, str) and not value.strip())
            ):
                continue
            if column.startswith("group."):
                text = reader.text(value, row, column, required=True)
                if text is not None:
                    groups[column[6:]] = text
            elif column.startswith("manual.") and column.endswith(".comment"):
                comments[column[7:-8]] = str(value).strip()
            elif column.startswith("manual."):
                manual_points[column[7:]] = value
            else:
                number = reader.metric(value, row, column)
                if number is not None:
                    metrics[column] = number
        manual = {}
        for item_id, value in manual_points.items():
            try:
                manual[item_id] = ManualScore(
                    points=parse_number(value), comment=comments.get(item_id, "")
                )
            except Exception:  # not a number: a level name such as 良
                manual[item_id] = ManualScore(
                    level=str(value).strip(), comment=comments.get(item_id, "")
                )
        subjects.append(Subject(subject_id, name, groups, metrics, manual))
    if reader.issues:
        raise FactsError(reader.issues)
    return make_facts(subjects, (), period, source=source)


def _check_header(header: list[Any], source: str) -> list[str]:
    names = [str(h).strip() if h is not None else "" for h in header]
    if "subject" not in names:
        raise FactsError(
            [
                FactsIssue(
                    source,
                    "第 1 行",
                    "row 1",
                    "subject",
                    "表头缺少 subject 列",
                    "the header has no subject column",
                )
            ]
        )
    seen = set()
    for name in names:
        if not name:
            raise FactsError(
                [
                    FactsIssue(
                        source,
                        "第 1 行",
                        "row 1",
                        "",
                        "表头有空列名",
                        "the header has an empty column name",
                    )
                ]
            )
        if name in seen:
            raise FactsError(
                [FactsIssue(source, "第 1 行", "row 1", name, "列名重复", "duplicate column")]
            )
        seen.add(name)
    return names


def read_csv_facts(text: str, *, source: str = "<csv>", period: Period | None = None) -> Facts:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    lines = list(reader)
    if not lines:
        raise FactsError(
            [FactsIssue(source, "第 1 行", "row 1", "", "文件为空", "the file is empty")]
        )
    names = _check_header(lines[0], source)
    rows = []
    for number, cells in enumerate(lines[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(names):
            raise FactsError(
                [
                    FactsIssue(
                        source,
                        f"第 {number} 行",
                        f"row {number}",
                        "",
                        f"应有 {len(names)} 列,实有 {len(cells)} 列",
                        f"expected {len(names)} columns, got {len(cells)}",
                    )
                ]
            )
        rows.append((number, dict(zip(names, cells, strict=True))))
    return _table_facts(rows, source, period)


def read_xlsx_facts(
    path: Path, *, source: str | None = None, period: Period | None = None
) -> Facts:
    import openpyxl

    label = source or path.name
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        lines = list(sheet.iter_rows(values_only=True))
    finally:
        workbook.close()
    if not lines:
        raise FactsError(
            [FactsIssue(label, "第 1 行", "row 1", "", "工作表为空", "the sheet is empty")]
        )
    names = _check_header(list(lines[0]), label)
    rows = []
    for number, cells in enumerate(lines[1:], start=2):
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        rows.append((number, dict(zip(names, cells, strict=False))))
    return _table_facts(rows, label, period)


def load_facts(path: str | Path, *, period: Period | None = None) -> Facts:
    """Read a facts file by its suffix: .json, .csv or .xlsx (``period`` overrides the file's)."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except json.JSONDecodeError as exc:
                raise FactsError(
                    [
                        FactsIssue(
                            path.name,
                            f"第 {exc.lineno} 行",
                            f"line {exc.lineno}",
                            "",
                            f"JSON 语法错误: {exc.msg}",
                            f"JSON syntax error: {exc.msg}",
                        )
                    ]
                ) from None
            return parse_facts(data, source=path.name, period=period)
        if suffix == ".csv":
            return read_csv_facts(path.read_text(encoding="utf-8"), source=path.name, period=period)
        if suffix == ".xlsx":
            return read_xlsx_facts(path, period=period)
    except OSError as exc:
        raise FactsError(
            [
                FactsIssue(
                    path.name,
                    "(文件)",
                    "(file)",
                    "",
                    f"无法读取: {exc.strerror}",
                    f"cannot read: {exc.strerror}",
                )
            ]
        ) from None
    raise FactsError(
        [
            FactsIssue(
                path.name,
                "(文件)",
                "(file)",
                "",
                "只支持 .json、.csv、.xlsx",
                "only .json, .csv and .xlsx are supported",
            )
        ]
    )
