"""Render a report as semantic HTML5: the statutory tables with their merged cells.

Two entry points: ``render`` returns a standalone document (``lang="zh-CN"``, the print style
sheet inlined, also the input of the PDF renderer); ``render_article`` returns only the
``<article>`` so a Django page can embed it, optionally marking cells that a check found wrong
with the class ``cell-error``. Every text is escaped; no input reaches the page unescaped.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from functools import cache
from html import escape
from importlib import resources

from ..model import Report
from .grid import Grid, GridCell, Row, grids
from .layout import CellPath, cell_path_key, report_title, section_parts, title_lines

CellLink = Callable[[CellPath], "str | None"]

ERROR_CLASS = "cell-error"
STYLESHEET = "report.css"


@cache
def stylesheet() -> str:
    """Return the report style sheet (screen and print: A4, GB/T 9704 margins, page numbers)."""
    return resources.files(__package__).joinpath(STYLESHEET).read_text(encoding="utf-8")


def render(report: Report) -> str:
    """Return a complete HTML5 document for the report, style sheet included."""
    title = escape(report_title(report))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n"
        f"<style>\n{stylesheet()}</style>\n"
        "</head>\n"
        '<body class="gk-standalone">\n'
        f"{render_article(report)}"
        "</body>\n"
        "</html>\n"
    )


def render_article(
    report: Report, *, highlight: Collection[CellPath] = (), cell_link: CellLink | None = None
) -> str:
    """Return the report as one ``<article>`` element, without the document around it.

    ``highlight`` holds (section, row, cell) paths of CODES.md; those number cells get the class
    ``cell-error`` so that a supervisor sees at a glance which printed figures a finding is about.
    ``cell_link(path)`` may return a URL for a number cell (the records it counts); the number
    then links there.
    """
    marked = frozenset(highlight)
    tables = grids(report)
    title = "".join(f"<span>{escape(line)}</span>" for line in title_lines(report))
    parts = [f'<article class="gk-report" lang="zh-CN">\n<h1 class="gk-report__title">{title}</h1>\n']
    for part in section_parts(report):
        key = part.section.key
        parts.append(
            f'<section class="gk-section" data-section="{key}">\n<h2>{escape(part.section.heading)}</h2>\n'
        )
        parts.extend(f"<p>{escape(p)}</p>\n" for p in part.paragraphs)
        if part.has_table:
            parts.append(render_table(tables[key], highlight=marked, cell_link=cell_link))
        parts.append("</section>\n")
    parts.append("</article>\n")
    return "".join(parts)


def render_table(
    grid: Grid, *, highlight: Collection[CellPath] = (), cell_link: CellLink | None = None
) -> str:
    """Return one statutory table as ``<table>`` with ``rowspan``/``colspan`` as printed."""
    marked = frozenset(highlight)
    cols = "".join(f'<col style="width:{w:.2f}%">' for w in grid.widths)
    out = [f'<table class="gk-table gk-table--{grid.section}">\n<colgroup>{cols}</colgroup>\n']
    if grid.head:
        out.append("<thead>\n")
        out.extend(_row(row, marked) for row in grid.head)
        out.append("</thead>\n")
    for body in grid.bodies:
        out.append("<tbody>\n")
        out.extend(_row(row, marked, cell_link) for row in body)
        out.append("</tbody>\n")
    out.append("</table>\n")
    return "".join(out)


def _row(row: Row, marked: frozenset[CellPath], cell_link: CellLink | None = None) -> str:
    return "<tr>" + "".join(_cell(cell, marked, cell_link) for cell in row) + "</tr>\n"


def _cell(cell: GridCell, marked: frozenset[CellPath], cell_link: CellLink | None = None) -> str:
    attrs = "".join(_attrs(cell, marked))
    text = "<br>".join(escape(line) for line in cell.lines)
    url = cell_link(cell.path) if cell_link is not None and cell.path is not None and text else None
    if url:
        text = f'<a href="{escape(url)}">{text}</a>'
    tag = "td" if cell.kind == "number" else "th"
    return f"<{tag}{attrs}>{text}</{tag}>"


def _attrs(cell: GridCell, marked: frozenset[CellPath]) -> Iterator[str]:
    # "col" and "row" cover every column or row a spanning header spans (HTML table model).
    if cell.kind == "head":
        yield ' scope="col"'
    elif cell.kind == "label":
        yield ' scope="row"'
    if cell.colspan > 1:
        yield f' colspan="{cell.colspan}"'
    if cell.rowspan > 1:
        yield f' rowspan="{cell.rowspan}"'
    if cell.path is not None:
        yield f' data-cell="{escape(cell_path_key(cell.path))}"'
        if cell.path in marked:
            yield f' class="{ERROR_CLASS}"'
