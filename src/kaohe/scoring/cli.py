"""`kaohe scheme …` and `kaohe score …`: offline scoring, no database, no Django.

Exit status: 0 success, 1 an invalid scheme or facts file (the problems go to stderr),
2 a usage error.
"""

import argparse
import json
import sys
import unicodedata
from pathlib import Path
from typing import Any, TextIO

from kaohe.scoring.columnar import evaluate_columnar
from kaohe.scoring.errors import FactsError, SchemeError
from kaohe.scoring.explain import render_explanation
from kaohe.scoring.facts import load_facts, parse_period
from kaohe.scoring.numbers import fmt
from kaohe.scoring.periods import Period
from kaohe.scoring.registry import get_template, list_templates
from kaohe.scoring.results import Result
from kaohe.scoring.scalar import evaluate
from kaohe.scoring.scheme import RULE_NAMES_ZH, Scheme, load_scheme


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kaohe", description="党建工作考核 — offline scoring")
    commands = parser.add_subparsers(dest="command", required=True)

    scheme = commands.add_parser(
        "scheme", help="检查、列出、查看考核方案 / check, list, show schemes"
    )
    actions = scheme.add_subparsers(dest="action", required=True)
    check = actions.add_parser(
        "check", help="校验方案文件或模板 / validate scheme files or templates"
    )
    check.add_argument("files", nargs="+", metavar="FILE_OR_TEMPLATE")
    actions.add_parser("list", help="列出内置方案模板 / list the shipped templates")
    show = actions.add_parser("show", help="显示方案的指标树 / show a scheme's indicator tree")
    show.add_argument("scheme", metavar="ID_OR_FILE")

    score = commands.add_parser("score", help="按方案计算得分 / score facts under a scheme")
    score.add_argument("--scheme", required=True, metavar="FILE_OR_TEMPLATE")
    score.add_argument("--facts", required=True, metavar="FILE", help=".json, .csv or .xlsx")
    score.add_argument("--format", choices=("table", "json", "xlsx"), default="table")
    score.add_argument("--output", "-o", metavar="PATH", help="write here (required for xlsx)")
    score.add_argument("--explain", metavar="SUBJECT", help="explain one subject's points")
    score.add_argument("--period", metavar="PERIOD", help="2024, 2024-03, 2024-Q1 or 2024-H1")
    score.add_argument("--engine", choices=("scalar", "columnar"), default="scalar")
    score.add_argument("--lang", choices=("zh", "en"), default="zh")
    return parser


def main(argv: list[str]) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        if args.command == "scheme":
            if args.action == "check":
                return _check(args.files)
            if args.action == "list":
                return _list()
            return _show(_resolve_scheme(args.scheme))
        return _score(args)
    except (SchemeError, FactsError) as exc:
        for issue in exc.issues:
            print(issue, file=sys.stderr)
        return 1


def _resolve_scheme(name: str) -> Scheme:
    path = Path(name)
    if path.suffix in {".yaml", ".yml"} or path.is_file():
        return load_scheme(path)
    return get_template(name)


def _check(files: list[str]) -> int:
    status = 0
    for name in files:
        try:
            scheme = _resolve_scheme(name)
        except SchemeError as exc:
            for issue in exc.issues:
                print(issue, file=sys.stderr)
            status = 1
            continue
        kind = "加减分模块 / module" if scheme.module else f"总分 / total {fmt(scheme.total)}"
        print(
            f"{name}: 通过 / OK — {scheme.title}, {len(scheme.items)} 项指标 / items, "
            f"{kind}, sha256 {scheme.fingerprint[:12]}"
        )
    return status


def _list() -> int:
    for template in list_templates():
        print(f"{template.id}\t{template.title}")
    return 0


def _show(scheme: Scheme) -> int:
    print(f"{scheme.title}  ({scheme.id} v{scheme.version}, sha256 {scheme.fingerprint[:12]})")
    cap = "不封顶 / none" if scheme.bonus_cap is None else fmt(scheme.bonus_cap)
    print(
        f"总分 total {fmt(scheme.total)}; 加分上限 bonus cap {cap}; 对象 subject {scheme.subject}"
    )
    if scheme.module:
        print("加减分模块 module: 可单独计分,或在其他方案中写 modules: [ID] 引入")
    if scheme.modules:
        print(f"引入模块 modules: {', '.join(scheme.modules)}")
    bands = ", ".join(
        f"{g.name} ≥ {fmt(g.min)}" if g.min is not None else g.name for g in scheme.grades
    )
    print(f"等次 grades: {bands}")
    for category in scheme.categories:
        points = "" if category.points is None else f" ({fmt(category.points)}分)"
        print(f"\n{category.id} {category.name}{points}")
        for item in category.items:
            top = "上不封顶" if item.max is None else f"{fmt(item.max)}分"
            reads = ", ".join([*item.metrics, *(f"事件:{e}" for e in item.event_types)])
            if item.reads_manual:
                reads = ", ".join(filter(None, [reads, "人工评分"]))
            print(
                f"  {item.id} {item.name} [{RULE_NAMES_ZH[item.rule.kind]} {item.rule.kind}] {top}"
            )
            if reads:
                print(f"      读取 reads: {reads}")
            if item.missing:
                print(f"      缺数 missing: {item.missing}")
            if item.note:
                print(f"      依据 note: {item.note}")
    for veto in scheme.vetoes:
        print(f"\n一票否决 veto {veto.id}: {veto.name}")
    for award in scheme.awards:
        group = f" 按 {award.group} 分组" if award.group else ""
        print(
            f"评优 award {award.id}: {award.name} ≥ {fmt(award.min_total)}, "
            f"名额 {fmt(award.share)}%{group}"
        )
    return 0


def _score(args: argparse.Namespace) -> int:
    scheme = _resolve_scheme(args.scheme)
    period: Period | None = None
    if args.period:
        try:
            period = parse_period(args.period)
        except ValueError as exc:
            print(f"--period: {exc}", file=sys.stderr)
            return 2
    facts = load_facts(args.facts, period=period)
    if args.explain and args.explain not in {s.id for s in facts.subjects}:
        print(
            f"{Path(args.facts).name}: 名单中没有对象 {args.explain} / "
            f"no subject {args.explain} in the facts",
            file=sys.stderr,
        )
        return 1
    if args.format == "xlsx" and not args.output:
        print(
            "--format xlsx 需要 --output 路径 / --format xlsx needs --output PATH", file=sys.stderr
        )
        return 2
    if args.engine == "columnar" and args.format == "table" and not args.explain:
        rows = evaluate_columnar(scheme, facts).to_points()
        names = {s.id: s.name for s in facts.subjects}
        with _open(args.output) as out:
            _table(out, scheme, [(sid, names[sid], p) for sid, p in rows.items()])
        return 0
    result = evaluate(scheme, facts)
    if args.format == "json":
        with _open(args.output) as out:
            json.dump(_json(result, scheme, args.lang), out, ensure_ascii=False, indent=2)
            out.write("\n")
    elif args.format == "xlsx":
        _xlsx(Path(args.output), result, scheme, args.lang)
        print(f"已写入 / written: {args.output}")
    else:
        with _open(args.output) as out:
            points = result.to_points()
            _table(out, scheme, [(s.subject, s.name, points[s.subject]) for s in result.subjects])
            if args.explain:
                _explain(out, result, args.explain, args.lang)
    return 0


class _open:
    def __init__(self, path: str | None) -> None:
        self.path = path
        self.handle: TextIO | None = None

    def __enter__(self) -> TextIO:
        if self.path is None:
            return sys.stdout
        self.handle = open(self.path, "w", encoding="utf-8")
        return self.handle

    def __exit__(self, *exc: object) -> None:
        if self.handle is not None:
            self.handle.close()


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _table(out: TextIO, scheme: Scheme, rows: list[tuple[str, str, dict[str, Any]]]) -> None:
    items = [i.id for i in scheme.items]
    header = ["编号", "名称", *items, "基础分", "加分", "扣分", "总分", "等次", "否决", "评优"]
    lines = [header]
    for subject, name, p in rows:
        cells = [subject, name]
        cells += ["—" if i in p["excluded"] else fmt(p["items"][i]) for i in items]
        cells += [fmt(p["base"]), fmt(p["bonus"]), fmt(p["penalty"]), fmt(p["total"]), p["grade"]]
        cells += ["是" if p["vetoed"] else "", ",".join(p["awards"])]
        lines.append(cells)
    widths = [max(_width(line[c]) for line in lines) for c in range(len(header))]
    for line in lines:
        out.write("  ".join(_pad(cell, widths[c]) for c, cell in enumerate(line)).rstrip() + "\n")


def _explain(out: TextIO, result: Result, subject_id: str, lang: str) -> None:
    subject = result.subject(subject_id)
    out.write(
        f"\n{subject.subject} {subject.name}: 总分 {fmt(subject.total)},等次 {subject.grade}\n"
    )
    for item in subject.items:
        top = "" if item.max is None else f"/{fmt(item.max)}"
        status = "不计入" if item.excluded else f"{fmt(item.points)}{top}"
        out.write(f"  {item.id} {item.name} {status}\n")
        for record in item.explanations:
            out.write(f"    - {render_explanation(record, lang)}\n")
    for record in subject.explanations:
        out.write(f"  * {render_explanation(record, lang)}\n")


def _json(result: Result, scheme: Scheme, lang: str) -> dict[str, Any]:
    # Points are strings ("91.50") so that JSON readers never turn them into binary floats.
    return {
        "scheme": {"id": scheme.id, "version": scheme.version, "fingerprint": scheme.fingerprint},
        "facts_fingerprint": result.facts_fingerprint,
        "period": {
            "kind": result.period.kind,
            "year": result.period.year,
            "index": result.period.index,
        },
        "subjects": [
            {
                "subject": s.subject,
                "name": s.name,
                "items": {
                    i.id: {
                        "points": str(i.points),
                        "excluded": i.excluded,
                        "explanations": [
                            {
                                "kind": e.kind,
                                "points": str(e.points),
                                "records": list(e.records),
                                "text": render_explanation(e, lang),
                            }
                            for e in i.explanations
                        ],
                    }
                    for i in s.items
                },
                "base": str(s.base),
                "bonus": str(s.bonus),
                "penalty": str(s.penalty),
                "total": str(s.total),
                "grade": s.grade,
                "vetoes": list(s.vetoes),
                "awards": list(s.awards),
                "notes": [render_explanation(e, lang) for e in s.explanations],
            }
            for s in result.subjects
        ],
    }


def _xlsx(path: Path, result: Result, scheme: Scheme, lang: str) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "得分"
    items = list(scheme.items)
    sheet.append(
        [
            "编号",
            "名称",
            *(f"{i.id} {i.name}" for i in items),
            "基础分",
            "加分",
            "扣分",
            "总分",
            "等次",
            "否决",
            "评优",
        ]
    )
    for s in result.subjects:
        row: list[Any] = [s.subject, s.name]
        row += [None if s.item(i.id).excluded else s.item(i.id).points for i in items]
        row += [
            s.base,
            s.bonus,
            s.penalty,
            s.total,
            s.grade,
            ",".join(s.vetoes),
            ",".join(s.awards),
        ]
        sheet.append(row)
    explain = workbook.create_sheet("说明")
    explain.append(["编号", "指标", "分值", "说明", "记录"])
    for s in result.subjects:
        for i in s.items:
            for e in i.explanations:
                explain.append(
                    [s.subject, i.id, e.points, render_explanation(e, lang), ",".join(e.records)]
                )
        for e in s.explanations:
            explain.append(
                [s.subject, "", e.points, render_explanation(e, lang), ",".join(e.records)]
            )
    meta = workbook.create_sheet("方案")
    meta.append(["scheme", scheme.id])
    meta.append(["version", scheme.version])
    meta.append(["scheme_fingerprint", scheme.fingerprint])
    meta.append(["facts_fingerprint", result.facts_fingerprint])
    workbook.save(path)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
