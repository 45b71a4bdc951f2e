"""Spreadsheet exports of results (.xlsx), safe to open in Excel or WPS.

Text that begins like a formula (=, +, -, @, tab, CR) is stored as a plain string cell, so
a name or comment typed as "=HYPERLINK(…)" stays text instead of running as a formula.
"""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Font

from kaohe.scoring import render_explanation

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _put(sheet, row: int, column: int, value) -> None:
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = TYPE_STRING  # openpyxl would otherwise store it as a formula


def _append(sheet, values) -> None:
    row = sheet.max_row + 1 if sheet.max_row > 1 or sheet.cell(1, 1).value is not None else 1
    for column, value in enumerate(values, start=1):
        _put(sheet, row, column, value)


def _header(sheet, values) -> None:
    _append(sheet, values)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def _bytes(book: Workbook) -> bytes:
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def ranking_workbook(assessment, results, scheme, award_names) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "排名"
    _append(sheet, [f"{assessment.scheme_version.title} · {assessment.period_label}"])
    _append(sheet, [f"{assessment.organization.name}"])
    items = list(scheme.items)
    _header(
        sheet,
        ["名次", "名称", "所在支部", "总分", "等次", "基础分", "加分", "扣分", "一票否决", "评优"]
        + [f"{item.id} {item.name}" for item in items],
    )
    scores = _item_points(results)
    for r in results:
        _append(
            sheet,
            [
                r.rank,
                r.member.name if r.member_id else r.organization.name,
                r.organization.name if r.member_id else "",
                r.total,
                "" if r.vetoes else r.grade,
                r.base,
                r.bonus,
                r.penalty,
                "是" if r.vetoes else "",
                "、".join(award_names.get(a, a) for a in r.awards),
            ]
            + [scores.get((r.pk, item.id)) for item in items],
        )
    sheet.freeze_panes = "C4"
    return _bytes(book)


def _item_points(results) -> dict:
    from kaohe.assessments.models import ItemScore

    rows = ItemScore.objects.filter(result__in=[r.pk for r in results]).values_list(
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
            _append(
                sheet,
                [category.name, item.id, item.name, item.max, item.points, reasons],
            )
            sheet.cell(sheet.max_row, 6).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["C"].width = 24
    sheet.column_dimensions["F"].width = 80
    return _bytes(book)
