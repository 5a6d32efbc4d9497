"""Cut one line of a text table into labels and numbers.

Copied web tables separate cells by tabs (merged cells leave empty fields), Markdown by pipes,
space-aligned tables by runs of spaces, PDF text by single spaces; crawler text has no
separators at all, so a row's numbers run together behind its label
(`一、本年新收政府信息公开申请数量801000081`). A line becomes a list of `Segment`s: a label and
the numbers printed after it. Numbers that stand apart are `CELL` chunks, one cell each; digits
run together are one `RUN` chunk that `split` later cuts into cells.

Pure: imports nothing from Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ..normalize import UNREADABLE, parse_cell, unreadable_at_sight

CELL = "cell"  # one printed cell: a number, an empty marker (—, /, 无) or an annotated number
RUN = "run"  # digits run together (crawler text): one or more cells
EMPTY_FIELD = ""  # the text of a CELL made for a blank field between two numbers

_FIELD_SEPARATOR = re.compile(r"\t|\||\s{2,}")
_DIGITS = re.compile(r"(\d+(?:\.\d+)?)")
_NOTE = re.compile(r"(\((?:其中|含)[^()]{0,60}\))")
_ITEM_DOT = (".", "、")
_CJK = re.compile(r"[\u3400-\u9fff]")
_MISREAD_MAX = 3  # a misread number is short; a row label has Chinese characters
_BLANK = None  # a blank field


@dataclass(frozen=True)
class Chunk:
    """Numbers printed as one piece: a single cell, or a run of digits to be split."""

    kind: str  # CELL or RUN
    text: str
    note: str = ""  # an annotation printed after a run, e.g. "(其中修订16件)"
    spaced: bool = False  # a RUN that stood apart between spaces: at least one cell of its own


@dataclass(frozen=True)
class Segment:
    """A label and the numbers printed after it on the same line."""

    label: str  # fields of the label joined without spaces; "" before numbers standing alone
    chunks: tuple[Chunk, ...] = ()
    lead: int = 0  # blank fields between the label and the first number
    trail: int = 0  # blank fields after the last number


class _Label:
    """Label text between numbers (a slotted class: a crawler line makes dozens)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class _Note:
    """A cell note printed after a number: "(其中修订16件)"."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


_Token = _Label | Chunk | _Note | None


def segments(line: str) -> tuple[Segment, ...]:
    """Return the segments of one normalised line (empty for a blank line).

    Cached for lines of table length: reports of one template repeat most of their table lines.
    A longer line (crawler text runs a whole table into one) is never seen again; kept, it would
    only grow the heap that every full garbage collection walks.
    """
    return _segments(line) if len(line) <= _CACHED_LINE_CHARS else _segments.__wrapped__(line)


_CACHED_LINE_CHARS = 200


@lru_cache(maxsize=16384)
def _segments(line: str) -> tuple[Segment, ...]:
    text = line.strip(" \r\n")  # tabs stay: a trailing tab is a blank cell
    if text.startswith("|") or text.endswith("|"):
        text = text.strip("|").strip(" ")
    if not text.strip():
        return ()
    return tuple(_assemble(_tokens(text)))


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    for raw_field in _FIELD_SEPARATOR.split(text):
        item = raw_field.strip()
        if not item:
            tokens.append(_BLANK)
        elif _is_cell(item) or _misread_cell(item, tokens):
            tokens.append(_cell_chunk(item))
        elif " " in item:
            tokens.extend(_words(item, tokens))
        else:
            tokens.extend(_glued(item))
    return tokens


def _words(item: str, before: list[_Token]) -> list[_Token]:
    """Split a field at single spaces: numbers standing apart are cells, the rest is label."""
    tokens: list[_Token] = []
    label: list[str] = []
    for word in item.split(" "):
        if not word:
            continue
        if _is_cell(word) or (not label and _misread_cell(word, tokens or before)):
            if label:
                tokens.extend(_glued("".join(label)))
                label = []
            tokens.append(_spaced_chunk(word))
        else:
            label.append(word)
    if label:
        tokens.extend(_glued("".join(label)))
    return tokens


def _spaced_chunk(word: str) -> Chunk:
    """Return a number standing between single spaces.

    Partly spaced crawler text separates some cells by a space and glues others
    (`4 0 0 0 0 04` is 4|0|0|0|0|0|4), so several digits between spaces are a run that holds at
    least one cell; the row's cell count and totals decide the cut (docs/domain/REPORT_LAYOUTS.md).
    """
    if len(word) > 1 and word.isascii() and word.isdigit():
        return _spaced_run(word)
    return _cell_chunk(word)


@lru_cache(maxsize=4096)
def _cell_chunk(text: str) -> Chunk:
    """One chunk per printed cell text: chunks are immutable and reports repeat 0 and their numbers."""
    return Chunk(CELL, text)


@lru_cache(maxsize=4096)
def _spaced_run(digits: str) -> Chunk:
    return Chunk(RUN, digits, spaced=True)


_EMPTY_CHUNK = Chunk(CELL, EMPTY_FIELD)


def _is_cell(text: str) -> bool:
    if text.isascii() and text.isdigit():
        return True
    # A label word (crawler text glues digits to it) or a whole table line is no cell at sight:
    # parse_cell would normalise it for nothing and cache it, never to see it again.
    return not unreadable_at_sight(text) and parse_cell(text)[1] != UNREADABLE


def _misread_cell(text: str, before: list[_Token]) -> bool:
    """Tell an unreadable cell among numbers ("O", "l0", "?") from the label of another row."""
    if len(text) > _MISREAD_MAX or _CJK.search(text):
        return False
    previous = next((t for t in reversed(before) if t is not _BLANK), None)
    return isinstance(previous, Chunk)


def _glued(label: str) -> list[_Token]:
    """Cut digits run together with a label (crawler text) off the label.

    An item number belongs to the label after it: in "…00000002.其他法律…" the last "2" is
    the number of "2.其他法律行政法规禁止公开", not a cell of the row before.
    """
    tokens: list[_Token] = []
    for part in _NOTE.split(label):
        if _NOTE.fullmatch(part):
            tokens.append(_Note(part))
        elif part:
            tokens.extend(_split_digits(part))
    return tokens


def _split_digits(text: str) -> list[_Token]:
    parts = _DIGITS.split(text)
    if len(parts) == 1:
        return [_Label(text)]
    tokens: list[_Token] = []
    pending = parts[0]
    for i in range(1, len(parts), 2):
        digits, after = parts[i], parts[i + 1]
        if _starts_item(after) and "." not in digits:
            digits, pending_number = digits[:-1], digits[-1]
        else:
            pending_number = ""
        if digits:
            if pending:
                tokens.append(_Label(pending))
            tokens.append(Chunk(RUN, digits))
            pending = ""
        pending += pending_number + after
    if pending:
        tokens.append(_Label(pending))
    return tokens


def _starts_item(text: str) -> bool:
    return len(text) > 1 and text[0] in _ITEM_DOT and not text[1].isdigit()


def _assemble(tokens: list[_Token]) -> list[Segment]:
    """Group tokens into segments: consecutive labels joined, then the numbers after them."""
    result: list[Segment] = []
    labels: list[str] = []
    chunks: list[Chunk] = []
    lead = 0
    blanks = 0  # blank fields since the last number (or since the label, before any number)
    for token in tokens:
        if isinstance(token, Chunk):  # the most of them: tested first
            if chunks:
                if blanks:
                    chunks.extend([_EMPTY_CHUNK] * blanks)
            elif labels:
                lead = blanks
            chunks.append(token)
            blanks = 0
        elif isinstance(token, _Label):
            if chunks:
                result.append(Segment("".join(labels), tuple(chunks), lead, blanks))
                labels, chunks, lead = [], [], 0
            labels.append(token.text)
            blanks = 0
        elif token is _BLANK:
            blanks += 1
        elif chunks:  # a note: belongs to the number before it
            chunks[-1] = replace(chunks[-1], note=token.text)
    if chunks:
        result.append(Segment("".join(labels), tuple(chunks), lead, blanks))
    elif labels:
        result.append(Segment("".join(labels), (), blanks))
    return result
