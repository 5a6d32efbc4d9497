"""Rebuild a page's lines from words with positions: a PDF's character boxes or OCR word boxes.

Words on the same baseline band are one line, in x order; a gap wider than half a character
starts a new field (a tab, as in a copied web table), so a table row keeps its cells apart and
the text reader reads it like any other table. Two things the text stream of a PDF gets wrong
are fixed here by geometry (docs/domain/REPORT_LAYOUTS.md, "PDF text, numbers before a wrapped
label"):

- a label printed vertically in a narrow merged cell (三、本年度办理结果, one character a line)
  is left out: it names no row, and its characters would land in other rows' labels;
- a merged group label (（三）不予公开) that shares a baseline band with a row is printed on a
  line of its own before that row, so the row keeps only its own label.

A wrapped row label whose lines lie above and below its numbers gives "label / numbers / rest
of label", which the text reader joins. Each line keeps, for every character, the page and box
it came from, so a cell read from a line can say where it is printed (provenance).

Pure: imports nothing from Django.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

__all__ = ["Line", "Word", "build_lines"]

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in page units (points or pixels)

_NUMERIC = re.compile(r"^[\d.,]+$|^[—\-/?]$")  # ? is a number OCR could not read
_ALNUM_END = re.compile(r"[A-Za-z0-9]$")
_ALNUM_START = re.compile(r"^[A-Za-z0-9]")
GAP_FACTOR = 0.6  # a gap wider than this many character heights separates two fields
_VERTICAL_MIN = 3  # characters stacked in one narrow cell before they count as a vertical label


@dataclass(frozen=True)
class Word:
    """A piece of text with its box on a page (a pdfium text run or an OCR word)."""

    text: str
    box: Box
    page: int = 1

    @property
    def height(self) -> float:
        return max(self.box[3] - self.box[1], 0.1)

    @property
    def middle(self) -> float:
        return (self.box[1] + self.box[3]) / 2

    @property
    def numeric(self) -> bool:
        return bool(_NUMERIC.match(self.text.strip()))


@dataclass
class Line:
    """One rebuilt line: its text and, per character, the word it came from (None for separators)."""

    text: str = ""
    sources: list[Word | None] = field(default_factory=list)

    @property
    def box(self) -> Box:
        words = [w for w in self.sources if w is not None]
        return (
            min(w.box[0] for w in words),
            min(w.box[1] for w in words),
            max(w.box[2] for w in words),
            max(w.box[3] for w in words),
        )

    @property
    def char(self) -> float:
        words = [w for w in self.sources if w is not None]
        return max(w.height for w in words)

    def add(self, text: str, word: Word | None) -> None:
        self.text += text
        self.sources.extend([word] * len(text))

    def where(self, start: int, end: int) -> tuple[int, Box] | None:
        """Return the page and the box covering characters start:end, if they came from words."""
        words = [w for w in self.sources[start:end] if w is not None]
        if not words:
            return None
        return words[0].page, (
            min(w.box[0] for w in words),
            min(w.box[1] for w in words),
            max(w.box[2] for w in words),
            max(w.box[3] for w in words),
        )


def build_lines(words: Iterable[Word]) -> list[Line]:
    """Return the lines of every page, top to bottom, pages in order."""
    by_page: dict[int, list[Word]] = {}
    for word in words:
        if word.text.strip():
            by_page.setdefault(word.page, []).append(Word(word.text.strip(), word.box, word.page))
    lines: list[Line] = []
    for page in sorted(by_page):
        lines.extend(_page_lines(_without_vertical(by_page[page])))
    return lines


def join_wrapped(lines: list[Line], *, is_heading: Callable[[str], object]) -> list[Line]:
    """Join the lines a paragraph was wrapped into.

    A single-field line that reaches the right edge of the text goes on in the next line,
    unless that one is indented (a new paragraph), a heading or a table row.
    """
    plain = [line for line in lines if "\t" not in line.text and line.sources]
    if not plain:
        return lines
    left = min(line.box[0] for line in plain)
    right = max(line.box[2] for line in plain)
    joined: list[Line] = []
    goes_on = False
    for line in lines:
        single = "\t" not in line.text and bool(line.sources)
        if goes_on and single and line.box[0] - left < 0.8 * line.char and not is_heading(line.text):
            previous = joined[-1]
            previous.text += line.text
            previous.sources.extend(line.sources)
        else:
            joined.append(line)
        goes_on = single and right - line.box[2] < 1.5 * line.char and not is_heading(line.text)
    return joined


def _without_vertical(words: list[Word]) -> list[Word]:
    """Leave out labels printed one character a line in a narrow cell."""
    singles: dict[int, list[Word]] = {}
    for word in words:
        if len(word.text) == 1 and not word.numeric:
            singles.setdefault(round(word.box[0] / 3), []).append(word)
    vertical: set[int] = set()
    for column in singles.values():
        column.sort(key=lambda w: w.box[1])
        run = [column[0]]
        for word in column[1:]:
            if word.box[1] - run[-1].box[3] < 1.5 * max(word.height, run[-1].height, 6.0):
                run.append(word)
                continue
            if len(run) >= _VERTICAL_MIN:
                vertical.update(id(w) for w in run)
            run = [word]
        if len(run) >= _VERTICAL_MIN:
            vertical.update(id(w) for w in run)
    return [w for w in words if id(w) not in vertical]


def _page_lines(words: list[Word]) -> list[Line]:
    bands: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w.middle):
        if bands:
            band = bands[-1]
            middle = sum(w.middle for w in band) / len(band)
            height = min(min(w.height for w in band), word.height)
            if abs(word.middle - middle) < 0.45 * height:
                band.append(word)
                continue
        bands.append([word])
    lines: list[Line] = []
    for band in bands:
        lines.extend(_band_lines(sorted(band, key=lambda w: w.box[0])))
    return lines


def _fields(band: Sequence[Word]) -> list[list[Word]]:
    """Group a band's words into fields: a gap wider than the gap factor of a character."""
    fields: list[list[Word]] = []
    heights = sorted(w.height for w in band)
    gap = GAP_FACTOR * heights[len(heights) // 2]
    for word in band:
        if fields:
            last = fields[-1][-1]
            if word.box[0] - last.box[2] < gap:
                fields[-1].append(word)
                continue
        fields.append([word])
    return fields


def _band_lines(band: Sequence[Word]) -> list[Line]:
    fields = _fields(band)
    first_number = next((i for i, f in enumerate(fields) if all(w.numeric for w in f)), None)
    lines: list[Line] = []
    if first_number is not None and first_number > 1:
        # Merged labels to the left of the row's own label: a line each, before the row.
        for f in fields[: first_number - 1]:
            lines.append(_line([f]))
        fields = fields[first_number - 1 :]
    lines.append(_line(fields))
    return lines


def _line(fields: Sequence[Sequence[Word]]) -> Line:
    line = Line()
    for i, f in enumerate(fields):
        if i:
            line.add("\t", None)
        for j, word in enumerate(f):
            if j and _ALNUM_END.search(f[j - 1].text) and _ALNUM_START.search(word.text):
                line.add(" ", None)
            line.add(word.text, word)
    return line
