"""Find the outline of a plain-text report: its lines, title, section headings and narrative.

A text report arrives as copied from a web page, extracted from a PDF (page markers such as
"— 3 —" between the lines), OCR'd to Markdown ("## 三、…", "**一、总体情况**") or flattened by
a crawler into one line per page (docs/domain/REPORT_LAYOUTS.md). This module turns any of them
into lines whose headings stand on lines of their own, so the table reader and the narrative
reader can work on the sections.

Pure: imports nothing from Django.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

from ... import format as fmt
from ..normalize import match_section_heading, normalize_text

TABLE_SECTIONS: tuple[str, ...] = ("proactive", "applications", "remedies")
NARRATIVE_SECTIONS: tuple[str, ...] = fmt.TEXT_KEYS

_PAGE_MARKER = re.compile(
    r"^(?:[-—–―~_]+\s*\d{1,4}\s*[-—–―~_]+"  # — 3 —, - 3 -
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"  # 第 3 页, 第3页 共10页
    r"|\d{1,4}\s*/\s*\d{1,4}"  # 3/10
    r"|(?:page|Page|PAGE)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$"
)
_MARKDOWN_RULE = re.compile(r"^[\s|:+-]*-{3,}[\s|:+-]*$|^[\s*_=-]{3,}$")
# The characters a stripped line must start with to be either (\d: any decimal digit)
_MARKER_FIRST = frozenset("-—–―~_第pP")
_RULE_FIRST = frozenset("|:+-*_=")
_MARKUP = re.compile(r"^[#>\s]+|^\*\*|\*\*$")
_HEADING_SEARCH_MIN = 40  # lines at least this long may hide a heading inside (crawler text)
# A heading as printed with its own number, for finding it inside a run-together line.
_INLINE_HEADINGS: tuple[tuple[str, str], ...] = tuple(
    (s.key, normalize_text(s.heading).replace(" ", "")) for s in fmt.SECTIONS
)
_TITLE = re.compile(
    r"^(?P<agency>.*?)(?:关于)?(?P<year>(?:19|20)\d{2})年度?(?:的)?(?:政府信息公开|政务公开|信息公开)"
    r"(?:工作)?(?:年度)?(?:工作)?报告"
)
_TITLE_YEAR_FIRST = re.compile(
    r"^(?P<year>(?:19|20)\d{2})年度?(?P<agency>.+?)(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?报告"
)
_AGENCY_MAX = 30  # a line this short before a title without agency is the agency
_TITLE_SEARCH = 300  # the title is within the first characters of a run-together text


@dataclass
class Line:
    """One line of the report: as printed (for narrative) and normalised (for matching)."""

    raw: str
    norm: str
    number: int = -1  # the physical line of the text it stands on (provenance)
    offset: int = 0  # where it starts in that line's normalised text (a heading cut off a line)


@dataclass
class Outline:
    """The lines of a report with the line index where each found section's heading stands."""

    lines: list[Line]
    headings: dict[str, int] = field(default_factory=dict)  # section key → line index
    title: str = ""

    def section_end(self, start: int) -> int:
        """Return the index of the first heading after line `start` (or the end)."""
        later = [i for i in self.headings.values() if i > start]
        return min(later, default=len(self.lines))

    def narrative(self, section: str, stop: int | None = None) -> str:
        """Return a narrative section's paragraphs, heading dropped, one paragraph a line."""
        start = self.headings.get(section)
        if start is None:
            return ""
        end = self.section_end(start)
        if stop is not None and start < stop < end:
            end = stop
        paragraphs = (_MARKUP.sub("", line.raw.strip()).strip() for line in self.lines[start + 1 : end])
        return "\n".join(p for p in paragraphs if p)


def read_outline(text: str, normalized: str | None = None) -> Outline:
    """Split a report into lines, drop page markers and find the section headings.

    `normalized` is `normalize_text(text, collapse_spaces=False)` when the caller has it.
    """
    raws = physical_lines(text)
    norms = physical_lines(normalize_text(text, collapse_spaces=False) if normalized is None else normalized)
    if len(norms) != len(raws):  # normalisation never adds or removes line breaks, but be sure
        norms = [normalize_text(raw, collapse_spaces=False) for raw in raws]
    lines: list[Line] = []
    for number, (raw, norm) in enumerate(zip(raws, norms, strict=True)):
        stripped = norm.strip()
        first = stripped[:1]
        if first and (first in _MARKER_FIRST or first.isdecimal()) and _PAGE_MARKER.match(stripped):
            continue
        if first and first in _RULE_FIRST and _MARKDOWN_RULE.match(stripped):
            continue
        lines.extend(_split_inline_headings(raw, norm, number))
    outline = Outline(lines)
    found = [(i, match_section_heading(line.norm)) for i, line in enumerate(lines) if len(line.norm) <= 80]
    outline.headings = _choose_headings(lines, [(i, s) for i, s in found if s])
    outline.title = _title(outline)
    return outline


def _choose_headings(lines: list[Line], found: list[tuple[int, str]]) -> dict[str, int]:
    """Pick each section's heading: the first one followed by content before the next heading.

    A table of contents at the top repeats every heading with nothing under it; the body's
    heading comes later.
    """
    chosen: dict[str, int] = {}
    for position, (index, section) in enumerate(found):
        if section in chosen and not _is_empty(lines, chosen[section], found):
            continue
        following = found[position + 1][0] if position + 1 < len(found) else len(lines)
        has_content = any(line.norm.strip() for line in lines[index + 1 : following])
        if section not in chosen or has_content:
            chosen[section] = index
    return chosen


def _is_empty(lines: list[Line], index: int, found: list[tuple[int, str]]) -> bool:
    following = next((i for i, _ in found if i > index), len(lines))
    return not any(line.norm.strip() for line in lines[index + 1 : following])


def physical_lines(text: str) -> list[str]:
    return (
        text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\x0b", "\n").split("\n")
    )


def _split_inline_headings(raw: str, norm: str, number: int = -1) -> list[Line]:
    """Put headings run together with their text (crawler, PDF) on lines of their own."""
    if len(norm) < _HEADING_SEARCH_MIN or "、" not in norm:
        return [Line(raw, norm, number)]
    cuts: list[int] = []
    for _, heading in _INLINE_HEADINGS:
        at = norm.find(heading)
        if at >= 0:
            cuts.extend((at, at + len(heading)))
    cuts = sorted({c for c in cuts if 0 < c < len(norm)})
    if not cuts:
        return [Line(raw, norm, number)]
    raw_cuts = _raw_positions(raw, cuts)
    bounds = list(zip([0, *cuts], [*cuts, len(norm)], strict=True))
    raw_bounds = list(zip([0, *raw_cuts], [*raw_cuts, len(raw)], strict=True))
    pieces = [
        Line(raw[rs:re_], norm[s:e], number, offset=s)
        for (s, e), (rs, re_) in zip(bounds, raw_bounds, strict=True)
    ]
    return [p for p in pieces if p.norm.strip()]


def _raw_positions(raw: str, cuts: list[int]) -> list[int]:
    """Map positions in the normalised line back to the printed line, character by character.

    A position maps to the first printed character before which the normalised text is at
    least that long (the lengths summed once, then looked up by bisection).
    """
    # ASCII and the CJK ideographs (most of a report) normalise to one character each (tested
    # over every one of them): only the other characters are looked up
    lengths: list[int] | None = None
    for run in _OTHER_CHARACTERS.finditer(raw):
        for index in range(run.start(), run.end()):
            length = _normalized_length(raw[index])
            if length != 1:
                if lengths is None:
                    lengths = [1] * len(raw)
                lengths[index] = length
    if lengths is None:  # one normalised character per printed one: the positions are the same
        return [min(cut, len(raw)) for cut in cuts]
    before = [0, *accumulate(lengths)]  # normalised length before each character
    return [min(bisect_left(before, cut), len(raw)) for cut in cuts]


_OTHER_CHARACTERS = re.compile(r"[^\x00-\x7f\u4e00-\u9fff]+")


@lru_cache(maxsize=8192)
def _normalized_length(char: str) -> int:
    return len(normalize_text(char, collapse_spaces=False))


def _title(outline: Outline) -> str:
    """Return the title as printed: the first line before any heading that names a report.

    A title broken after the agency ("洛阳市教育局" / "2023年政府信息公开工作年度报告") is joined.
    """
    first = min(outline.headings.values(), default=len(outline.lines))
    before = ""
    for line in outline.lines[: max(first, 1)]:
        text = _MARKUP.sub("", line.raw.strip()).strip()
        if "报告" in text:
            agency, year = agency_and_year(text)
            if not agency and year is not None and 0 < len(before) <= _AGENCY_MAX:
                return before + text
            return text
        before = text or before
    return ""


def agency_and_year(title: str) -> tuple[str, int | None]:
    """Read the agency and the report year from a title such as "洛阳市教育局 2023 年政府信息公开工作年度报告"."""
    compact = normalize_text(title).replace(" ", "")[:_TITLE_SEARCH]
    m = _TITLE.search(compact) or _TITLE_YEAR_FIRST.search(compact)
    if not m:
        return "", None
    agency = _CRAWLER_FIELD.sub("", m.group("agency")).strip("，,:：《》<>\"'")
    return agency, int(m.group("year"))


# Crawler header lines before a report (标题: … / 发布时间: …): the title follows the field name.
_CRAWLER_FIELD = re.compile(r"^.*(?:标题|题目|名称)[:：]")
