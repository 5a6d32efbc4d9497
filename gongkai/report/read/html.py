"""Read a published annual report from an HTML page.

Real pages are CMS articles (TRS tables with rowspan/colspan, every cell's text in `<p>`), Word
pasted into a CMS (`MsoNormalTable`, text split over many `<span>`s, `&nbsp;` padding) and whole
portal pages with navigation, footers and layout tables around the article
(docs/domain/REPORT_LAYOUTS.md). Every table becomes a grid for `grid.read_grids`, which finds
the report's tables by their labels, not their position; the narrative is the text of the
article around them (`structured.read_narrative`). Pages come in UTF-8 or the GB family
(GB2312/GBK/GB18030), declared or not.

Pure: imports nothing from Django.
"""

from __future__ import annotations

import re

from lxml import etree

from ..findings import Finding
from ..model import Report
from . import normalize as nz
from .grid import Grid, expand_spans
from .structured import assemble, parse_title, unreadable

__all__ = ["decode_html", "html_grids", "read_html"]

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_XML_DECLARATION_BYTES = re.compile(rb"^\s*<\?xml[^>]*\?>")
# Encodings that GB18030 includes: decode with the superset so rare characters survive.
_GB_FAMILY = frozenset({"gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "euc-cn", "hz-gb-2312", "gb18030"})
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))

_BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li tr td th table br section article ul ol blockquote pre dd dt dl "
    "center form body header footer nav hr caption main aside figure figcaption".split()
)
_SKIP_TAGS = frozenset("script style head noscript template select option iframe button textarea svg".split())
_SPACE = re.compile(r"[\s\u00a0\u3000]+")
_DIGITS = re.compile(r"\s*(\d+)")

_PARSER = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True)
_STRING = etree.XPath("string()")
Element = etree._Element


def read_html(data: bytes | str, *, source: str = "", utf8: bool = False) -> tuple[Report, list[Finding]]:
    """Read one HTML report; never raise — a page that cannot be parsed gives an error finding.

    `utf8` says the caller already decoded the bytes as UTF-8 without a byte order mark (as
    read_report's sniffing does), so they are not decoded again: UTF-8 is what `decode_html`
    would choose for them.
    """
    if isinstance(data, str):
        root = _parse(data)
    elif utf8:
        root = _parse_utf8(data)
    else:
        text, encoding = _decode(data)
        # a page that is UTF-8 already goes to the parser as it is: no round trip through str
        root = _parse_utf8(data) if encoding == "utf-8" else _parse(text)
    if root is None:
        return unreadable("HTML", source, "没有可读的内容")
    tables = list(root.iter("table"))
    grids = [_table_grid(t, f"表格 {i + 1}") for i, t in enumerate(tables)]
    body = root.find("body")
    text = _STRING(body if body is not None else root)
    return assemble(grids, lambda used: _article_lines(root, {tables[i] for i in used}), text=text)


def html_grids(data: bytes | str) -> list[Grid]:
    """Return every table of a page as a grid, in document order (for tools and tests)."""
    root = _parse(data if isinstance(data, str) else decode_html(data))
    if root is None:
        return []
    return [_table_grid(t, f"表格 {i + 1}") for i, t in enumerate(root.iter("table"))]


# --- bytes to a tree ----------------------------------------------------------------------------


def decode_html(data: bytes) -> str:
    """Decode a page: BOM, then strict UTF-8, then the declared charset, then GB18030.

    UTF-8 is tried before the declaration because CMS templates often keep a stale
    `charset=gb2312` after the site moved to UTF-8, and strict UTF-8 almost never accepts GBK
    bytes by accident; the reverse is not true.
    """
    return _decode(data)[0]


def _decode(data: bytes) -> tuple[str, str]:
    """Return the decoded page and the encoding that decoded it ("" after a BOM or replacement)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), ""
    candidates = ["utf-8"]
    declared = _META_CHARSET.search(data[:8192])
    if declared:
        name = declared.group(1).decode("ascii", "ignore").lower()
        candidates.append("gb18030" if name in _GB_FAMILY else name)
    candidates.append("gb18030")
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("gb18030", errors="replace"), ""


def _parse(text: str) -> Element | None:
    text = _XML_DECLARATION.sub("", text, count=1)
    if not text.strip():
        return None
    return _parse_utf8(text.encode("utf-8", errors="replace"))


def _parse_utf8(data: bytes) -> Element | None:
    data = _XML_DECLARATION_BYTES.sub(b"", data, count=1)
    data = _DROPPED.sub(b"", data)
    if not data.strip():
        return None
    try:
        root = etree.fromstring(data, _PARSER)
    except (etree.ParserError, ValueError, etree.XMLSyntaxError):
        return None
    return root if root is not None and len(root) else None


# Markup dropped before parsing, in one pass over the bytes: the parse, the tree and the walks
# over it all shrink.
# - A list item that is one short link and nothing else: a portal's navigation, the bulk of its
#   page. Kept when its words could be a report title (the title is looked for above the
#   article too; a title says 报告, see text.outline._TITLE) or hide words behind character
#   references. A report's tables, paragraphs and section headings are never such items: a
#   heading printed as a link is a table of contents or a menu, which only widened the article
#   when it was kept.
# - The tags (not the text) of inline formatting: Word pasted into a CMS wraps every few
#   characters in <span style=…>/<font face=…> and ends paragraphs with <o:p>, most of its
#   elements. Every walk joins the text of inline elements without a separator and only block
#   elements start a line, so the texts read are the same without them.
_LINK_ITEM = (
    rb"li\b[^<>]{0,300}>\s*<a\b[^<>]{0,500}>"
    rb"(?![^<>&]{0,80}?" + "报告".encode() + rb")[^<>&]{0,80}</a>\s*</li>\s*"
)
_INLINE_TAG = rb"/?(?:span|font|o:p|b|strong|em|i|u)(?=[\s/>])[^<>]*>"
_DROPPED = re.compile(rb"<(?:" + _LINK_ITEM + rb"|" + _INLINE_TAG + rb")", re.IGNORECASE)


# --- tables -------------------------------------------------------------------------------------


def _own_rows(table: Element) -> list[Element]:
    return table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")


def _table_grid(table: Element, name: str) -> Grid:
    """Lay a table's own rows out on a grid; a nested table is a grid of its own."""
    text = _text_outside_tables if table.find(".//table") is not None else _cell_text
    rows = []
    for tr in _own_rows(table):
        cells = []
        for td in tr.iterchildren("td", "th"):
            attrib = td.attrib
            rowspan, colspan = attrib.get("rowspan"), attrib.get("colspan")
            cells.append((text(td), _span(rowspan) if rowspan else 1, _span(colspan) if colspan else 1))
        rows.append(cells)
    return expand_spans(rows, name=name)


def _cell_text(cell: Element) -> str:
    """Return all the text inside a cell: XPath's string(), serialised by libxml2 (2-3x faster)."""
    return etree.tostring(cell, method="text", encoding=str, with_tail=False)


def _span(value: str) -> int:
    digits = _DIGITS.match(value)
    return int(digits.group(1)) if digits else 1


def _text_outside_tables(cell: Element) -> str:
    """Return a cell's text without its nested tables', so a layout cell does not swallow the report.

    Words are joined without separators: CMS cells break them over `<p>`s and `<br>`s.
    """
    parts: list[str] = []
    walker = etree.iterwalk(cell, events=("start", "end"))
    for event, el in walker:
        if event == "start":
            if el.tag == "table" and el is not cell:
                walker.skip_subtree()
            elif el.text:
                parts.append(el.text)
        elif el.tail and el is not cell:
            parts.append(el.tail)
    return "".join(parts)


# --- text lines ---------------------------------------------------------------------------------

Block = tuple[Element, str]


def _article_lines(root: Element, tables: set[Element]) -> list[str]:
    """Return the article's text lines, leaving out the report tables already read.

    On a portal page the article is the smallest element holding every section heading and
    every report table; navigation and footer outside it are dropped. The title is often
    printed above that element, so the nearest title line before it is kept.
    """
    body = root.find("body")
    blocks = _blocks(body if body is not None else root, tables)
    anchors = [el for el, text in blocks if nz.match_section_heading(text)] + list(tables)
    if len(anchors) < 2:
        return [text for _, text in blocks]
    article = _common_ancestor(anchors)
    inside = set(article.iter())
    first = next((i for i, (el, _) in enumerate(blocks) if el in inside), len(blocks))
    lines = [text for el, text in blocks if el in inside]
    heading = next((i for i, line in enumerate(lines) if nz.match_section_heading(line)), len(lines))
    if not any(parse_title(line) for line in lines[:heading]):
        title = next((t for _, t in reversed(blocks[:first]) if parse_title(t)), None)
        title = title or next(
            (t for t in (root.findtext(".//title") or "").split("_") if parse_title(t)), None
        )
        if title:
            lines.insert(0, title.strip())
    return lines


def _common_ancestor(elements: list[Element]) -> Element:
    path = [elements[0], *elements[0].iterancestors()]
    depth = 0
    for el in elements[1:]:
        mine = {el, *el.iterancestors()}
        depth = max(depth, next(i for i, a in enumerate(path) if a in mine))
    return path[depth]


def _blocks(start: Element, skip: set[Element]) -> list[Block]:
    """Return the text under `start` as (block element, line) pairs, one per block of text.

    Walked by lxml's iterwalk (no recursion: CMS pages nest unclosed `<font>`s deeper than
    Python's recursion limit). A line belongs to the innermost block element around it.
    """
    blocks: list[Block] = []
    buffer: list[str] = []
    owners: list[Element] = [start]
    block_tags, skip_tags = _BLOCK_TAGS, _SKIP_TAGS

    walker = etree.iterwalk(start, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        block = tag in block_tags
        if block and buffer:  # a block starts or ends: the text so far is a line of its own
            # str.split() splits on the whitespace _SPACE matches (NBSP and U+3000 included)
            text = " ".join("".join(buffer).split())
            buffer.clear()
            if text:
                blocks.append((owners[-1], text))
        if event == "start":
            if block:
                owners.append(el)
            if tag in skip_tags or el in skip:
                walker.skip_subtree()
            elif el.text:
                buffer.append(el.text)
            continue
        if block:
            owners.pop()
        if el.tail and el is not start:
            buffer.append(el.tail)
    if buffer:
        text = " ".join("".join(buffer).split())
        if text:
            blocks.append((owners[-1], text))
    return blocks
