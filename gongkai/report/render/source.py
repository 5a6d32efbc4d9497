"""Render where a report's numbers came from, beside the tables read from it.

The auditor records, for every cell it read, where the cell is printed (``Report.provenance``,
docs/domain/PROVENANCE.md): a line and character span of the text, a table/row/column of an
HTML or Word table, or a page and box of a PDF. This module prints that source — the text's
lines or the document's tables — with every located number marked ``data-src="<cell path>"``,
so that clicking a cell of the report (``data-cell``) or a finding (``data-cells``) highlights
the source (static/gongkai/provenance.js; no inline script, so a strict CSP holds).

Everything printed is escaped. Pure: imports nothing from Django.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from ..findings import Finding
from ..model import Report
from .html import render_article

SCRIPT = "gongkai/provenance.js"  # under the static files (gongkai/static)

_LEVELS = {"error": "错误", "warning": "警告", "info": "提示"}


def render_source(provenance: Mapping[str, Mapping[str, Any]], lines: Sequence[str], tables: Sequence) -> str:
    """Return the source as HTML: the text lines, or the tables, with located numbers marked."""
    if lines:
        return _text(provenance, lines)
    if tables:
        return _tables(provenance, tables)
    return '<p class="gk-source__none">没有可显示的原文。</p>\n'


def _text(provenance: Mapping[str, Mapping[str, Any]], lines: Sequence[str]) -> str:
    spans: dict[int, list[tuple[int, int, str, Mapping[str, Any]]]] = {}
    for path, where in provenance.items():
        if "line" in where:
            spans.setdefault(int(where["line"]), []).append(
                (int(where["start"]), int(where["end"]), path, where)
            )
    out = ['<ol class="gk-source gk-source--text">\n']
    for number, line in enumerate(lines, start=1):
        parts = []
        at = 0
        for start, end, path, where in sorted(spans.get(number, [])):
            if start < at or end > len(line):
                continue
            parts.append(escape(line[at:start]))
            title = _where(where)
            parts.append(
                f'<span class="gk-src" data-src="{escape(path)}" title="{escape(title)}">'
                f"{escape(line[start:end])}</span>"
            )
            at = end
        parts.append(escape(line[at:]))
        out.append(f'<li id="src-line-{number}" value="{number}">{"".join(parts) or "&#8203;"}</li>\n')
    out.append("</ol>\n")
    return "".join(out)


def _tables(provenance: Mapping[str, Mapping[str, Any]], tables: Sequence) -> str:
    at: dict[tuple[int, int, int], str] = {}
    for path, where in provenance.items():
        if where.get("kind") == "table":
            at[(int(where["table"]), int(where["row"]), int(where["column"]))] = path
    out = []
    for t, rows in enumerate(tables, start=1):
        out.append(
            f'<table class="gk-source gk-source--table" data-table="{t}"><caption>原文表格 {t}</caption>\n'
        )
        for r, row in enumerate(rows, start=1):
            cells = []
            for c, text in enumerate(row, start=1):
                path = at.get((t, r, c))
                mark = f' class="gk-src" data-src="{escape(path)}"' if path else ""
                cells.append(f"<td{mark}>{escape(str(text))}</td>")
            out.append(f"<tr>{''.join(cells)}</tr>\n")
        out.append("</table>\n")
    return "".join(out)


def _where(where: Mapping[str, Any]) -> str:
    """Say in words where a number is printed (the tooltip of a marked number)."""
    if where.get("kind") in ("pdf", "ocr"):
        box = ", ".join(str(v) for v in where.get("box", []))
        how = "OCR 识别，" if where.get("kind") == "ocr" else ""
        return f"{how}第 {where.get('page')} 页，位置 ({box})；文字第 {where.get('line')} 行"
    if where.get("kind") == "table":
        return f"表格 {where.get('table')} 第 {where.get('row')} 行第 {where.get('column')} 列"
    return f"第 {where.get('line')} 行第 {int(where.get('start', 0)) + 1}–{where.get('end')} 字"


def finding_cells(finding: Finding | Mapping[str, Any]) -> list[str]:
    """Return the cell paths a finding is about (its own list, else its location if a cell)."""
    if isinstance(finding, Finding):
        data = finding.to_dict()
    else:
        data = dict(finding)
    cells = data.get("cells") or []
    if not cells and str(data.get("location", "")).count(".") >= 2:
        cells = [data["location"]]
    return [str(c) for c in cells]


def render_findings(findings: Sequence[Finding | Mapping[str, Any]]) -> str:
    """Return the findings as a table; a finding about cells highlights them when clicked."""
    rows = []
    for f in findings:
        data = f.to_dict() if isinstance(f, Finding) else dict(f)
        cells = finding_cells(data)
        attrs = f' class="gk-finding" data-cells="{escape(" ".join(cells))}" tabindex="0"' if cells else ""
        level = str(data.get("level", ""))
        rows.append(
            f"<tr{attrs}><td><code>{escape(str(data.get('id', '')))}</code></td>"
            f'<td><span class="badge {escape(level)}">{_LEVELS.get(level, escape(level))}</span></td>'
            f"<td><code>{escape(str(data.get('location', '')))}</code></td>"
            f"<td>{escape(str(data.get('message', '')))}</td></tr>\n"
        )
    if not rows:
        rows.append('<tr><td colspan="4" class="ok">未发现问题。</td></tr>\n')
    return (
        '<table class="grid gk-findings"><thead><tr><th scope="col">编号</th><th scope="col">级别</th>'
        '<th scope="col">位置</th><th scope="col">说明</th></tr></thead><tbody>\n'
        + "".join(rows)
        + "</tbody></table>\n"
    )


def render_side_by_side(report: Report, *, highlight: Sequence[tuple[str, str, str]] = ()) -> str:
    """Return the tables read and their source side by side (the upload page and audit --html)."""
    return (
        '<div class="gk-provenance">\n<div class="gk-provenance__report">\n'
        + render_article(report, highlight=highlight)
        + '</div>\n<div class="gk-provenance__source"><h2>原文（点击左侧单元格或上方问题，标出其出处）</h2>\n'
        + render_source(report.provenance, report.source_lines, report.source_tables)
        + "</div>\n</div>\n"
    )


def source_data(report: Report) -> dict[str, Any]:
    """Return what the source view needs, to keep beside the CODES.md JSON of a stored report."""
    return {
        "provenance": report.provenance,
        "source_lines": report.source_lines,
        "source_tables": report.source_tables,
    }


def report_with_source(data: Mapping[str, Any]) -> Report:
    """Rebuild a stored report (CODES.md JSON plus ``source_data``) with its source."""
    report = Report.from_dict({k: v for k, v in data.items() if k not in _SOURCE_KEYS})
    report.provenance = dict(data.get("provenance") or {})
    report.source_lines = [str(line) for line in data.get("source_lines") or []]
    report.source_tables = list(data.get("source_tables") or [])
    return report


_SOURCE_KEYS = frozenset({"provenance", "source_lines", "source_tables"})
