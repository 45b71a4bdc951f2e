"""Spreadsheet exports of results (.xlsx), safe to open in Excel or WPS.

Text that begins like a formula (=, +, -, @, tab, CR) is stored as a plain string cell, so
a name or comment typed as "=HYPERLINK(…)" stays text instead of running as a formula.
"""

from io import BytesIO

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING, Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font

from kaohe.assessments.combined import part_terms
from kaohe.assessments.serialization import explanation_from_json
from kaohe.scoring import render_explanation
from kaohe.scoring.numbers import fmt

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _put(sheet, row: int, column: int, value) -> None:
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = TYPE_STRING  # openpyxl would otherwise store it as a formula


def _cell(sheet, value, **style):
    """`value` as `_append` takes it: as it is, unless it needs a cell of its own (styled,
    or text that begins like a formula, kept as text). Plain values are what openpyxl
    writes fastest."""
    formula_like = isinstance(value, str) and value.startswith(FORMULA_START)
    if not (style or formula_like or isinstance(value, Cell)):
        return value
    cell = value if isinstance(value, Cell) else WriteOnlyCell(sheet, value)
    if formula_like:
        cell.data_type = TYPE_STRING
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _append(sheet, values, **style) -> None:
    # openpyxl's append keeps count of the rows. Asking sheet.max_row for the next one
    # scans every cell: exporting a 100,000-member ranking took more than ten minutes.
    sheet.append([_cell(sheet, value, **style) for value in values])


def _header(sheet, values) -> None:
    _append(sheet, values, font=Font(bold=True))


def _bytes(book: Workbook) -> bytes:
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _ranking_book():
    """A workbook streamed row by row (openpyxl's write-only mode): a ranking can have
    100,000s of rows, which an ordinary workbook holds as a million cell objects first. Its
    first sheet, 排名, keeps the name columns and the three title rows in view."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("排名")
    sheet.freeze_panes = "C4"  # before any row: a streamed sheet writes its view first
    return book, sheet


def ranking_workbook(assessment, results, scheme, award_names) -> bytes:
    book, sheet = _ranking_book()
    _append(sheet, [f"{assessment.scheme_version.title} · {assessment.period_label}"])
    _append(sheet, [f"{assessment.organization.name}"])
    items = list(scheme.items)
    _header(
        sheet,
        ["名次", "名称", "所在支部", "总分", "等次", "基础分", "加分", "扣分", "一票否决", "评优"]
        + [f"{item.id} {item.name}" for item in items],
    )
    scores = _item_points(results)
    # Rows, not model instances: building 100,000 results with their branch and member was
    # a third of a committee's export.
    rows = results.values_list(*RANKING_COLUMNS, named=True)
    for r in rows:
        _append(
            sheet,
            [
                *_leading_cells(r),
                r.base,
                r.bonus,
                r.penalty,
                "是" if r.vetoes else "",
                "、".join(award_names.get(a, a) for a in r.awards),
            ]
            + [scores.get((r.pk, item.id)) for item in items],
        )
    return _bytes(book)


# What _leading_cells and a ranking row read, by the names a result has.
RANKING_COLUMNS = (
    "pk", "rank", "member_id", "total", "grade", "base", "bonus", "penalty", "vetoes", "awards",
    "member__name", "organization__name",
)  # fmt: skip


def _item_points(results: QuerySet) -> dict:
    """(result id, item id) → points, for the results (a queryset: read as a subquery, as a
    ranking can hold more results than one query takes parameters)."""
    from kaohe.assessments.models import ItemScore

    rows = ItemScore.objects.filter(result__in=results.values("pk")).values_list(
        "result_id", "item_id", "points"
    )
    return {(result_id, item_id): points for result_id, item_id, points in rows}


def score_sheet_workbook(result, assessment, sheet_data, lang: str = "zh") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "得分明细"
    name = result.member.name if result.member_id else result.organization.name
    _append(sheet, [f"{name} · {assessment.scheme_version.title} · {assessment.period_label}"])
    _append(sheet, ["总分", result.total, "等次", "" if result.vetoes else result.grade,
                    "名次", result.rank])  # fmt: skip
    _header(sheet, ["类别", "编号", "项目", "满分", "得分", "说明"])
    for category in sheet_data:
        for item in category.items:
            reasons = "\n".join(render_explanation(e, lang) for e in item.explanations)
            wrapped = _cell(sheet, reasons, alignment=Alignment(wrap_text=True, vertical="top"))
            _append(sheet, [category.name, item.id, item.name, item.max, item.points, wrapped])
    sheet.column_dimensions["C"].width = 24
    sheet.column_dimensions["F"].width = 80
    return _bytes(book)


# --- 汇总考核: a combined assessment has no items; its columns are the rollup's parts ----------


def _part_header(weight: dict) -> str:
    return f"{weight['label']} × {fmt(weight['weight'])}"


def combined_ranking_workbook(assessment, results, weights, sources, award_names) -> bytes:
    """The ranking of a combined assessment as its page shows it: each part's reduced points
    (e.g. 日常考核 × 0.7, 集中考核 × 0.3) where a single run has base, bonus and deductions;
    a second sheet names the source assessments of each part."""
    book, sheet = _ranking_book()
    _append(sheet, [f"{assessment.scheme_version.title} · {assessment.period_label} · 汇总考核"])
    _append(sheet, [f"{assessment.organization.name}"])
    _header(
        sheet,
        ["名次", "名称", "所在支部", "总分", "等次"]
        + [_part_header(w) for w in weights]
        + ["一票否决", "评优"],
    )
    for r in results.values_list(*RANKING_COLUMNS, "explanations", named=True):
        values = {t["part"]: t["value"] for t in part_terms(r.explanations)}
        _append(
            sheet,
            _leading_cells(r)
            + [values.get(w["part"]) for w in weights]
            + ["是" if r.vetoes else "", "、".join(award_names.get(a, a) for a in r.awards)],
        )
    listing = book.create_sheet("来源")
    _header(listing, ["部分", "权重", "来源考核", "编号"])
    for part in sources:
        for source in part["sources"]:
            _append(listing, [part["label"], part["weight"], source.period_label, source.pk])
    return _bytes(book)


def combined_sheet_workbook(result, assessment, parts, lang: str = "zh") -> bytes:
    """A combined result's score sheet: per part, its weight and reduced points, and the
    subject's total in each source period (as combined); then the explanation sentences."""
    book = Workbook()
    sheet = book.active
    sheet.title = "汇总得分"
    name = result.member.name if result.member_id else result.organization.name
    title = f"{name} · {assessment.scheme_version.title} · {assessment.period_label} · 汇总考核"
    _append(sheet, [title])
    _append(sheet, ["总分", result.total, "等次", "" if result.vetoes else result.grade,
                    "名次", result.rank])  # fmt: skip
    _header(sheet, ["部分", "权重", "部分得分", "期间", "期间得分", "一票否决"])
    for part in parts:
        for source in part["sources"]:
            _append(
                sheet,
                [
                    part["label"],
                    part["weight"],
                    part["value"],
                    source["label"],
                    source["total"],
                    "是" if source["vetoed"] else "",
                ],
            )
    # The sentences below the table, one a row in column A (Excel lets the text run on).
    row = sheet.max_row + 2
    _put(sheet, row, 1, "说明")
    sheet.cell(row, 1).font = Font(bold=True)
    for record in result.explanations:
        row += 1
        _put(sheet, row, 1, render_explanation(explanation_from_json(record), lang))
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["D"].width = 14
    return _bytes(book)


def _leading_cells(r) -> list:
    """名次, 名称, 所在支部, 总分, 等次: the first columns of every ranking export, from a
    row of RANKING_COLUMNS."""
    return [
        r.rank,
        r.member__name if r.member_id else r.organization__name,
        r.organization__name if r.member_id else "",
        r.total,
        "" if r.vetoes else r.grade,
    ]
