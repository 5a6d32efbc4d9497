"""HTML layouts of docs/domain/REPORT_LAYOUTS.md: a TRS-style CMS page and Word pasted into a CMS.

Both draw the statutory tables from the renderer's grids (the official merged layout) and wrap
the article in a whole site page — header, navigation, footer — about 150 KB, as published.

Pure: imports nothing from Django.
"""

from __future__ import annotations

import random
from html import escape

from ..model import Report
from ..render.grid import Grid, GridCell, grids, placed_cells
from ..render.layout import report_title, section_parts

_NAV = (
    "首页",
    "政务公开",
    "政府信息公开指南",
    "政府信息公开制度",
    "法定主动公开内容",
    "政府信息公开年报",
    "互动交流",
)


def _chrome(rng: random.Random, target_kb: int) -> tuple[str, str]:
    """Return the site's header and footer, padded with navigation to about target_kb."""
    links = []
    size = 0
    n = 0
    while size < target_kb * 1024:
        text = f"{rng.choice(_NAV)}{n}"
        link = (
            f'<li class="nav-item"><a href="/col/col{n}/index.html" target="_blank" '
            f'style="font-size:14px;color:#333333;">{escape(text)}</a></li>\n'
        )
        links.append(link)
        size += len(link.encode())
        n += 1
    head = (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">\n<html><head>'
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
        "<title>政府信息公开年报</title>"
        '<script type="text/javascript">var _hmt = _hmt || [];</script></head><body>\n'
        '<div class="header"><ul class="nav">\n' + "".join(links[: len(links) // 2]) + "</ul></div>\n"
    )
    foot = (
        '<div class="footer"><ul class="links">\n'
        + "".join(links[len(links) // 2 :])
        + "</ul><p>主办单位：人民政府办公室 &nbsp; 网站标识码：4103000001</p></div>\n</body></html>\n"
    )
    return head, foot


def _broken(text: str, rng: random.Random, tag: str) -> str:
    """Break a header's words over two paragraphs or a <br/>, as CMS editors leave them."""
    if len(text) >= 4 and rng.random() < 0.6:
        cut = len(text) // 2
        return f"{escape(text[:cut])}{tag}{escape(text[cut:])}"
    return escape(text)


# --- TRS-style CMS tables ---------------------------------------------------------------------


def _cms_cell(cell: GridCell, rng: random.Random) -> str:
    text = " ".join(cell.lines)
    style = "text-align:center;line-height:150%;margin:0"
    if cell.kind == "number":
        pad = rng.choice(("", "&nbsp;", "&nbsp;&nbsp;"))
        inner = f'<p style="{style}">{pad}{escape(text)}{pad}</p>'
    elif cell.kind == "head":
        inner = f'<p style="{style}">' + _broken(text, rng, rng.choice(("</p><p>", "<br/>"))) + "</p>"
    else:
        inner = f'<p style="{style}">&nbsp;{escape(text)}</p>'
    span = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + (
        f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""
    )
    return f'<td valign="center"{span} style="border:1px solid #000;">{inner}</td>'


def _cms_table(grid: Grid, rng: random.Random) -> str:
    rows: dict[int, list[str]] = {}
    for r, _c, cell in placed_cells(grid):
        rows.setdefault(r, []).append(_cms_cell(cell, rng))
    body = "".join(f"<tr>{''.join(cells)}</tr>\n" for _, cells in sorted(rows.items()))
    return f'<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;">\n<tbody>{body}</tbody></table>\n'


def cms_html(report: Report, rng: random.Random) -> bytes:
    """A TRS-style CMS page: <table border=1> with spans, text in <p style>, broken headers."""
    tables = grids(report)
    article = [f'<div class="article"><h1 class="title">{escape(report_title(report))}</h1>\n']
    article.append('<div class="TRS_Editor"><div class="Custom_UnionStyle">\n')
    for part in section_parts(report):
        article.append(f'<p style="text-indent:2em;"><strong>{escape(part.section.heading)}</strong></p>\n')
        article.extend(f'<p style="text-indent:2em;">{escape(p)}</p>\n' for p in part.paragraphs)
        if part.has_table:
            article.append(_cms_table(tables[part.section.key], rng))
    article.append("</div></div></div>\n")
    head, foot = _chrome(rng, 110)
    return (head + "".join(article) + foot).encode("utf-8")


# --- Word pasted into a CMS -------------------------------------------------------------------

_MSO = "mso-bidi-font-size:10.5pt;font-family:宋体;mso-ascii-font-family:'Times New Roman'"


def _spans(text: str, rng: random.Random) -> str:
    """Split a text over several <span>/<font> tags with mso- styles."""
    out = []
    i = 0
    while i < len(text):
        step = rng.randint(1, 4)
        piece = escape(text[i : i + step])
        if rng.random() < 0.3:
            out.append(f'<font face="宋体">{piece}</font>')
        else:
            out.append(f'<span style="font-size:10.5pt;{_MSO}">{piece}</span>')
        i += step
    return "".join(out)


def _word_cell(cell: GridCell, rng: random.Random) -> str:
    text = " ".join(cell.lines)
    if cell.kind == "number" and text == "":
        inner = rng.choice(("<o:p> </o:p>", "&nbsp;"))
    elif cell.kind == "number":
        inner = f'<span lang="EN-US" style="{_MSO}">&nbsp;{escape(text)}&nbsp;<o:p></o:p></span>'
    else:
        inner = _spans(text, rng) + "<o:p></o:p>"
    span = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + (
        f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""
    )
    return (
        f'<td width="60"{span} style="border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt;'
        f'padding:0cm 5.4pt 0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center">{inner}</p></td>'
    )


def _word_table(grid: Grid, rng: random.Random) -> str:
    rows: dict[int, list[str]] = {}
    for r, _c, cell in placed_cells(grid):
        rows.setdefault(r, []).append(_word_cell(cell, rng))
    body = "".join(
        f'<tr style="mso-yfti-irow:{r};height:20.0pt">{"".join(cells)}</tr>\n'
        for r, cells in sorted(rows.items())
    )
    return (
        '<table class="MsoNormalTable" border="0" cellspacing="0" cellpadding="0" '
        'style="border-collapse:collapse;mso-table-layout-alt:fixed;mso-padding-alt:0cm 5.4pt 0cm 5.4pt">\n'
        f"<tbody>{body}</tbody></table>\n"
    )


def word_html(report: Report, rng: random.Random) -> bytes:
    """Word pasted into a CMS: MsoNormalTable, text split over spans, <o:p> empties, padded numbers."""
    tables = grids(report)
    article = [
        f'<div class="content"><p class="MsoNormal" align="center">{_spans(report_title(report), rng)}</p>\n'
    ]
    for part in section_parts(report):
        article.append(
            f'<p class="MsoNormal" style="text-indent:32.0pt">{_spans(part.section.heading, rng)}</p>\n'
        )
        article.extend(
            f'<p class="MsoNormal" style="text-indent:32.0pt">{_spans(p, rng)}</p>\n' for p in part.paragraphs
        )
        if part.has_table:
            article.append(_word_table(tables[part.section.key], rng))
    article.append("</div>\n")
    head, foot = _chrome(rng, 110)
    return (head + "".join(article) + foot).encode("utf-8")
