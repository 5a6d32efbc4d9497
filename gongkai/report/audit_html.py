"""``gongkai audit --html DIR``: the upload page's view as static pages a researcher can share.

One page per report — the findings, the tables read and their source side by side; clicking a
cell or a finding marks where it was read — and an index of all reports. The pages need no
server: the style sheets and the script are copied next to them (no inline script).

Pure: imports nothing from Django.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from pathlib import Path

from . import format as fmt
from .audit import KIND_NAMES, AuditResult
from .render.html import stylesheet
from .render.source import render_findings, render_side_by_side

__all__ = ["write_html"]

STATIC = Path(__file__).resolve().parent.parent / "static" / "gongkai"
ASSETS = ("provenance.js", "provenance.css")
_UNSAFE = re.compile(r"[^\w\u4e00-\u9fff.-]+")


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        '<link rel="stylesheet" href="report.css">\n<link rel="stylesheet" href="provenance.css">\n'
        '<script src="provenance.js" defer></script>\n</head>\n<body>\n'
        f"{body}</body>\n</html>\n"
    )


def _name(index: int, source: str) -> str:
    stem = _UNSAFE.sub("_", Path(source).name)[:60] or "report"
    return f"{index:04d}-{stem}.html"


def report_page(result: AuditResult) -> str:
    """Return the static page of one report."""
    report = result.report
    head = f'<h1>{escape(result.source)}</h1>\n<p><a href="index.html">← 全部报告</a></p>\n'
    if report is None:
        return _page(result.source, head + "<p>无法读取。</p>\n" + render_findings(result.findings))
    year = f"{report.year} 年度" if report.year is not None else "年度未知"
    facts = (
        f"<p>机关：{escape(report.agency or '未识别')} · {year} · "
        f"{escape(KIND_NAMES.get(result.kind, result.kind))} · "
        f"{escape(fmt.FORMAT_NAMES.get(report.format, report.format))} · "
        f"错误 {result.count('error')} 项 · 警告 {result.count('warning')} 项</p>\n"
    )
    highlight = sorted(
        {
            tuple(cell.split(".", 2))
            for f in result.findings
            if f.is_error
            for cell in (f.cells or ((str(f.location),) if f.location.column else ()))
        }
    )
    body = head + facts + "<h2>发现的问题</h2>\n" + render_findings(result.findings)
    if report.format == fmt.FORMAT_2021:
        body += "<h2>读取的报告与原文</h2>\n" + render_side_by_side(report, highlight=highlight)  # type: ignore[arg-type]
    return _page(result.source, body)


def write_html(results: Sequence[AuditResult], out: Path) -> list[Path]:
    """Write one page per report, an index and the assets into ``out``; return the pages."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.css").write_text(stylesheet(), encoding="utf-8")
    for asset in ASSETS:
        (out / asset).write_text((STATIC / asset).read_text(encoding="utf-8"), encoding="utf-8")
    pages = []
    rows = []
    for index, result in enumerate(results, start=1):
        name = _name(index, result.source)
        (out / name).write_text(report_page(result), encoding="utf-8")
        pages.append(out / name)
        report = result.report
        rows.append(
            f'<tr><td><a href="{escape(name)}">{escape(result.source)}</a></td>'
            f"<td>{escape(report.agency if report else '')}</td>"
            f"<td>{report.year if report and report.year is not None else ''}</td>"
            f"<td>{'可读' if result.readable else '无法读取'}</td>"
            f"<td>{result.count('error')}</td><td>{result.count('warning')}</td></tr>\n"
        )
    index_body = (
        f"<h1>年度报告审读结果（{len(results)} 份）</h1>\n"
        '<table class="grid"><thead><tr><th scope="col">文件</th><th scope="col">机关</th>'
        '<th scope="col">年度</th><th scope="col">读取</th><th scope="col">错误</th>'
        '<th scope="col">警告</th></tr></thead><tbody>\n' + "".join(rows) + "</tbody></table>\n"
    )
    (out / "index.html").write_text(_page("年度报告审读结果", index_body), encoding="utf-8")
    return pages
