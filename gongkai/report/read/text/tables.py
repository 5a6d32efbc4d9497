"""Find the rows of the statutory tables in the lines of a text report.

Rows are told by their printed labels, whatever the layout: a label with its numbers on one
line (copied web tables, space-aligned tables, PDF text, Markdown), a label split over two
lines, label lines first and the numeric lines after them in printed order (PDF text), a row's
numbers wrapped onto the next line, and crawler text where labels and digits run together
(docs/domain/REPORT_LAYOUTS.md). `TableReader` collects, per row, the numbers as printed;
`split` turns them into cells afterwards, when every row is known.

Pure: imports nothing from Django.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ... import format as fmt
from ..normalize import (
    label_key,
    match_group,
    match_proactive_row,
    match_remedy_cell,
    match_remedy_group,
    match_row,
    split_numbering,
)
from .outline import TABLE_SECTIONS
from .split import APPLICATION_SHAPE, REMEDIES_SHAPE, REMEDY_SHAPE, Shape
from .tokens import CELL, EMPTY_FIELD, RUN, Chunk, Segment, segments

Target = tuple[str, str]  # (section, row code of CODES.md)
REMEDIES_ALL: Target = ("remedies", "")  # section 四 printed as one line of 15 numbers
REMEDY_TARGETS: tuple[Target, ...] = tuple(("remedies", g.code) for g in fmt.REMEDY_GROUPS)
TRANSPOSED = "@"  # row prefix of section 四 printed transposed: one line per cell, a column per group
GROUP_ROW = "#"  # row prefix of a group of section 三 printed as one row without its items


def transposed(cell: str) -> Target:
    """Return the target of one line of a transposed section 四 ("结果维持  1  0  0")."""
    return ("remedies", TRANSPOSED + cell)


@lru_cache(maxsize=256)
def shape_of(target: Target) -> Shape:
    """Return how many cells a row has and which of them are totals."""
    section, row = target
    if section == "applications":
        return APPLICATION_SHAPE
    if section == "remedies":
        if row.startswith(TRANSPOSED):
            return Shape(len(fmt.REMEDY_GROUPS))
        return REMEDY_SHAPE if row else REMEDIES_SHAPE
    return Shape(len(fmt.proactive_cells(row)))


@lru_cache(maxsize=256)
def cell_paths(target: Target) -> tuple[tuple[str, str, str], ...]:
    """Return the (section, row, cell) paths a row's cells fill, in printed order (cached)."""
    section, row = target
    if section == "applications":
        return tuple((section, row, c.code) for c in fmt.APPLICANT_COLUMNS)
    if section == "proactive":
        return tuple((section, row, c.code) for c in fmt.proactive_cells(row))
    if row.startswith(TRANSPOSED):
        return tuple((section, g.code, row[len(TRANSPOSED) :]) for g in fmt.REMEDY_GROUPS)
    groups = [row] if row else [g.code for g in fmt.REMEDY_GROUPS]
    return tuple((section, g, c.code) for g in groups for c in fmt.REMEDY_CELLS)


# --- what a label names -------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """What a label names: a row, a group heading of section 三, or only the table it is from."""

    target: Target | None = None
    group: str | None = None  # the outcome group now in force ("" after a row without one)
    hint: str = ""  # the table the label belongs to


def _markers() -> dict[str, tuple[str, ...]]:
    """Return header words that tell which table a header line belongs to."""
    proactive = [label_key(t.item)[:4] for t in fmt.PROACTIVE_TABLES]  # 第二十条
    proactive += [label_key(t.first_header) for t in fmt.PROACTIVE_TABLES]
    proactive += [label_key(c.label) for t in fmt.PROACTIVE_TABLES for c in t.cells]
    applications = [label_key(fmt.APPLICANT_HEADER), label_key(fmt.ORGANISATION_HEADER)]
    applications += [
        label_key(c.label) for c in fmt.APPLICANT_COLUMNS if c.organisation and c.code != "other"
    ]
    applications.append(split_numbering(label_key(fmt.OUTCOME_HEADER))[1])
    remedies = [label_key(c.label) for c in fmt.REMEDY_CELLS if c.code != "total"]
    remedies += [label_key(g.parent) for g in fmt.REMEDY_GROUPS if g.parent]
    return {
        "proactive": tuple(dict.fromkeys(proactive)),
        "applications": tuple(applications),
        "remedies": tuple(dict.fromkeys(remedies)),
    }


_MARKERS = _markers()


@lru_cache(maxsize=8192)
def classify(label: str, group: str) -> Match:
    """Tell what a whole label names (cached: reports repeat their labels)."""
    code = match_row(label, group or None)
    if code:
        return Match(("applications", code), fmt.ROW_BY_CODE[code].group, "applications")
    named_group = match_group(label)
    if named_group:
        return Match(group=named_group, hint="applications")
    code = match_proactive_row(label)
    if code:
        return Match(("proactive", code), hint="proactive")
    code = match_remedy_group(label)
    if code:
        return Match(("remedies", code), hint="remedies")
    key = label_key(label)
    for table, words in _MARKERS.items():
        if any(w in key for w in words):
            return Match(hint=table)
    return Match()


def _suffixes() -> tuple[tuple[str, Match], ...]:
    """Return the label keys a run-together label may end with, longest first."""
    found: dict[str, Match] = {}
    for row in fmt.APPLICATION_ROWS:
        match = Match(("applications", row.code), row.group, "applications")
        key = label_key(row.label)
        found.setdefault(key, match)
        text = split_numbering(key)[1]
        for variant in (text, text.split("(", 1)[0]):
            if len(variant) >= 4:
                found.setdefault(variant, match)
    for _, row in fmt.PROACTIVE_ROWS.values():
        for name in (row.label, *row.aliases):
            found.setdefault(label_key(name), Match(("proactive", row.code), hint="proactive"))
    for group in fmt.REMEDY_GROUPS:
        found.setdefault(label_key(group.label), Match(("remedies", group.code), hint="remedies"))
    return tuple(sorted(found.items(), key=lambda kv: -len(kv[0])))


_SUFFIXES = _suffixes()


@lru_cache(maxsize=4096)
def suffix_match(label: str) -> Match:
    """Find the row a label ends with, when a table header ran into it (crawler text).

    Only a header may stand before the row label ("…现行有效件数规章", "…总计一、本年新收…"):
    a sentence such as "办理行政许可" names no row.
    """
    key = label_key(label)
    for suffix, match in _SUFFIXES:
        if key.endswith(suffix):
            before = key[: -len(suffix)]
            if any(w in before for words in _MARKERS.values() for w in words):
                return match
            return Match()
    return Match()


# --- the reader ---------------------------------------------------------------------------------


@dataclass
class Printed:
    """The numbers printed for one row, as found."""

    target: Target
    chunks: list[Chunk]
    lead: int = 0
    trail: int = 0
    lines: list[int] = field(default_factory=list)  # per chunk: the outline line it stands on

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.chunks)


@dataclass
class TableReader:
    """Collect the printed numbers of every row, line by line."""

    printed: dict[Target, Printed] = field(default_factory=dict)
    named: set[Target] = field(default_factory=set)  # rows whose label was found
    conflicts: list[Target] = field(default_factory=list)
    unplaced: list[tuple[str, str]] = field(default_factory=list)  # (table, printed numbers)
    table: str = ""
    _pending: deque[Target] = field(default_factory=deque)  # rows named on lines of their own
    _open: Printed | None = None  # a row whose numbers may continue on the next line
    _previous: Target | None = None  # a row named alone on the line before
    _fragment: str = ""  # an unmatched label, maybe the first half of a split label
    _orphan: Segment | None = None  # numbers before their wrapped label (PDF text)
    _orphan_line: int = -1
    line: int = -1  # the outline line being read (provenance)
    _group: str = ""

    def section(self, table: str) -> None:
        """Start a table section at its heading."""
        self._switch(table)
        self.table = table
        self._group = ""

    def feed(self, line: str, number: int = -1) -> None:
        """Read one normalised line (``number``: its index, to say where each cell stands)."""
        self.line = number
        parts = segments(line)
        if not parts:
            return
        previous, self._previous = self._previous, None
        if parts[0].label:
            self._open = None
        for part in parts:
            if part.label:
                self._labelled(part, previous)
            else:
                self._unlabelled(part)

    def finish(self) -> None:
        """Close the last row; rows still waiting for numbers keep none."""
        self._drop_orphan()
        self._open = None
        self._pending.clear()

    def tables(self) -> set[str]:
        """Return the tables of which at least one row was found."""
        return {section for section, _ in self.named | set(self.printed)}

    def transposed_cells(self) -> set[str]:
        """Return the section 四 cells printed as lines of a transposed table."""
        return {row[len(TRANSPOSED) :] for section, row in self.printed if row.startswith(TRANSPOSED)}

    # -- labels -------------------------------------------------------------------------------
    def _labelled(self, part: Segment, previous: Target | None) -> None:
        match = self._match(part)
        if match.hint:
            self._switch(match.hint, forward_only=match.target is None)
        if match.group is not None:
            self._group = match.group
        if match.target is not None:
            self._fragment = ""
            self._row(match.target, part)
        elif match.group and part.chunks and self._whole_row(part):
            self._fragment = ""
            self._store(("applications", GROUP_ROW + match.group), part, may_open=False)
        elif match.hint or match.group:
            # A header word may also be the first line of a wrapped row label (三、本年度办理结果（一）予以).
            self._fragment = "" if part.chunks else part.label
            if part.chunks:
                self._unlabelled(part)
        elif part.chunks:
            self._unmatched(part, previous)
        else:
            self._fragment = part.label

    def _match(self, part: Segment) -> Match:
        match = classify(part.label, self._group)
        if match.target is None and self._fragment:
            joined = classify(self._fragment + part.label, self._group)
            if joined.target is not None:
                return joined
        if match.target is None and part.chunks:
            found = suffix_match(part.label)
            if found.target is not None:
                return found
            if self.table == "remedies" and len(part.chunks) == len(fmt.REMEDY_GROUPS):
                cell = match_remedy_cell(part.label)
                if cell:  # section 四 transposed: a line per cell
                    return Match(transposed(cell), hint="remedies")
        return match

    def _row(self, target: Target, part: Segment) -> None:
        self.named.add(target)
        size = shape_of(target).size
        if not part.chunks and self._orphan is None and (target in self.printed or target in self._pending):
            self._previous = target if target in self._pending else None
            return  # the rest of a wrapped label: its numbers came before it, or are still to come
        if part.chunks:
            self._drop_orphan()
            self._pending.clear()
            self._store(target, part)
        elif self._orphan is not None and target not in self.printed:
            orphan, self._orphan = self._orphan, None
            self._store(target, orphan, may_open=False, line=self._orphan_line)
        elif part.lead >= size:  # a row of blank cells in a copied web table
            self._store(target, replace(part, chunks=(Chunk(CELL, EMPTY_FIELD),) * size, lead=0))
        else:
            self._pending.append(target)
            self._previous = target

    def _unmatched(self, part: Segment, previous: Target | None) -> None:
        """Numbers after a label that names no row."""
        if previous is not None and self._pending and self._pending[-1] == previous:
            self._pending.pop()  # the second half of a label split over two lines
            self._store(previous, part)
        elif len(self._pending) == 1 and len(part.chunks) == shape_of(self._pending[0]).size:
            # The middle line of a label wrapped over three lines, a merged label's line between.
            self._store(self._pending.pop(), part)
        elif all(c.kind == RUN and not c.spaced for c in part.chunks):
            return  # digits run into words that name nothing (数据1, 2023年) are no table numbers
        elif self.table == "remedies":
            self._unlabelled(part)
        elif len(part.chunks) > 1:  # a single number after words is a sentence, not a row
            self.unplaced.append((self.table, f"{part.label} {' '.join(c.text for c in part.chunks)}"))

    # -- numbers ------------------------------------------------------------------------------
    def _unlabelled(self, part: Segment) -> None:
        """Numbers standing on a line without a label."""
        if self._open is not None:
            self._open.chunks.extend(part.chunks)
            self._open.lines.extend([self.line] * len(part.chunks))
            self._open.trail = part.trail
            if len(self._open.chunks) >= shape_of(self._open.target).size:
                self._open = None
            return
        cells = sum(c.kind == CELL for c in part.chunks)
        runs = len(part.chunks) - cells
        most = sum(1 if c.kind == CELL else len(c.text) for c in part.chunks)
        spaced_run = runs and len(part.chunks) <= REMEDIES_SHAPE.size <= most
        if self.table == "remedies" and (cells == REMEDIES_SHAPE.size or (runs and not cells) or spaced_run):
            if not any(t in self.printed for t in (REMEDIES_ALL, *REMEDY_TARGETS)):
                self._pending = deque(t for t in self._pending if t[0] != "remedies")
                self.named.update(REMEDY_TARGETS)
                self._store(REMEDIES_ALL, part, may_open=False)
                return
        if self._pending:
            if len(part.chunks) == 1 and shape_of(self._pending[0]).size > 1:
                return  # a bare page number between the numeric lines of PDF text
            self._store(self._pending.popleft(), part, may_open=False)
            return
        if self.table == "remedies" and cells == REMEDY_SHAPE.size:
            free = [t for t in REMEDY_TARGETS if t not in self.printed]
            if free and REMEDIES_ALL not in self.printed:
                self.named.add(free[0])
                self._store(free[0], part, may_open=False)
                return
        if self.table == "applications" and len(part.chunks) == APPLICATION_SHAPE.size:
            # PDF text prints a wrapped label's numbers before its lines: they wait for the label.
            self._drop_orphan()
            self._orphan, self._orphan_line = part, self.line
            return
        self.unplaced.append((self.table, " ".join(c.text for c in part.chunks)))

    @staticmethod
    def _whole_row(part: Segment) -> bool:
        """Tell whether numbers can fill a row of section 三 (（六）其他处理 printed as one row)."""
        most = sum(1 if c.kind == CELL else len(c.text) for c in part.chunks)
        return len(part.chunks) <= APPLICATION_SHAPE.size <= most

    def _drop_orphan(self) -> None:
        if self._orphan is not None:
            self.unplaced.append((self.table, " ".join(c.text for c in self._orphan.chunks)))
            self._orphan = None

    def _store(
        self, target: Target, part: Segment, *, may_open: bool = True, line: int | None = None
    ) -> None:
        if target in self.printed:
            if [c.text for c in self.printed[target].chunks] != [c.text for c in part.chunks]:
                self.conflicts.append(target)
            return
        where = self.line if line is None else line
        printed = Printed(target, list(part.chunks), part.lead, part.trail, [where] * len(part.chunks))
        self.printed[target] = printed
        if (
            may_open
            and all(c.kind != RUN or c.spaced for c in part.chunks)
            and len(part.chunks) < shape_of(target).size
        ):
            self._open = printed

    def _switch(self, table: str, *, forward_only: bool = False) -> None:
        """Move to another table; a header only moves forward (二 → 三 → 四)."""
        if table == self.table:
            return
        order = TABLE_SECTIONS.index
        if forward_only and self.table and order(table) < order(self.table):
            return
        self._drop_orphan()
        if forward_only and self.table and order(table) < order(self.table):
            return
        self.table = table
        self._open = None
        self._pending = deque(t for t in self._pending if t[0] == table)
