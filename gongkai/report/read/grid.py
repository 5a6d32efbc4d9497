"""Map 2-D grids of cell texts onto the statutory tables of a report.

The HTML, DOCX and PDF readers turn a document's tables into `Grid`s — rectangular, merged cells
expanded the way a browser lays them out — and hand them here in document order. Which table a
row belongs to and which cell a number fills is decided by the printed labels (row labels to the
left, header labels above), not by positions, because published reports swap columns, transpose
section 四 and wrap the article in layout tables (docs/domain/REPORT_LAYOUTS.md). Only when a
table has no usable header are the official positions assumed, and the finding says so.

Pure: imports nothing from Django.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ...core.bounded import MAX_SPAN, check_table_cells
from .. import format as fmt
from ..findings import Finding, info, warning
from ..model import Number, Report
from . import normalize as nz
from .text import problems

__all__ = ["Grid", "expand_spans", "read_grids"]

CellPath = tuple[str, str, str]  # (section, row, cell) of CODES.md

_MAX_SPAN = MAX_SPAN  # a colspan/rowspan above this is a broken page, not a report table
TABLES = ("proactive", "applications", "remedies")
_SECTION_NUMBER = {s.key: s.number for s in fmt.SECTIONS}

# Kinds of cell.
NUM, EMPTY, BLANK, TEXT = "num", "empty", "blank", "text"

# Findings: the ids and messages are the text reader's (`text.problems`), so that the auditor
# counts an empty cell or a missing row the same way whatever the file format. One id is ours:
POSITIONAL = "read.I208"  # no usable header: the official column order was assumed


@dataclass
class Grid:
    """A table laid out on a rectangle; `copies` marks positions filled by a merged cell's copy."""

    rows: list[list[str]]
    copies: set[tuple[int, int]] = field(default_factory=set)
    name: str = ""  # where the table was found, for messages ("表格 3", "第 2 页")
    used: bool = False  # set by read_grids when the grid gave the report a row


def expand_spans(rows: Iterable[Iterable[tuple[str, int, int]]], *, name: str = "") -> Grid:
    """Lay out (text, rowspan, colspan) cells as a browser does, so columns line up across rows.

    A merged cell's text is repeated over every position it covers (labels and headers need it
    there); those positions are recorded as copies so that a merged number is counted once.
    A table whose spans would lay out more than MAX_TABLE_CELLS positions raises LimitExceeded
    before anything is laid out.
    """
    clamped: list[list[tuple[str, int, int]]] = []
    positions = 0
    for row in rows:
        line = []
        for cell in row:
            _, rowspan, colspan = cell
            if rowspan == colspan == 1:  # most cells: nothing to clamp
                positions += 1
                line.append(cell)
                continue
            rowspan, colspan = min(max(rowspan, 1), _MAX_SPAN), min(max(colspan, 1), _MAX_SPAN)
            positions += rowspan * colspan
            line.append((cell[0], rowspan, colspan))
        clamped.append(line)
    check_table_cells(positions, name=name)
    grid: list[list[str]] = []
    copies: set[tuple[int, int]] = set()
    pending: dict[tuple[int, int], str] = {}  # positions covered by a rowspan from above
    for r, cells in enumerate(clamped):
        line: list[str] = []
        for text, rowspan, colspan in cells:
            if pending and (r, len(line)) in pending:
                _fill_pending(pending, copies, r, line)
            if rowspan == colspan == 1:
                line.append(text)
                continue
            c = len(line)
            for dc in range(colspan):
                if dc:
                    copies.add((r, c + dc))
                line.append(text)
                for dr in range(1, rowspan):
                    pending[(r + dr, c + dc)] = text
        if pending:
            for _, pc in sorted(k for k in pending if k[0] == r):
                line.extend([""] * (pc - len(line)))
                _fill_pending(pending, copies, r, line)
        grid.append(line)
    width = max((len(line) for line in grid), default=0)
    return Grid([line + [""] * (width - len(line)) for line in grid], copies, name)


def _fill_pending(
    pending: dict[tuple[int, int], str], copies: set[tuple[int, int]], r: int, line: list[str]
) -> None:
    """Copy into row `r` the merged cells from above that cover its next positions."""
    while (r, len(line)) in pending:
        copies.add((r, len(line)))
        line.append(pending.pop((r, len(line))))


def read_grids(grids: Sequence[Grid], report: Report) -> list[Finding]:
    """Fill the report's table cells from the grids of one document, in document order.

    Headers carry over from one grid to the next, so a table broken over two pages (its header
    on the first only) is still read by its header. Grids that gave a row are marked `used`.
    """
    mapper = _Mapper(report)
    for grid in grids:
        mapper.feed(grid)
    report.source_tables = [[list(row) for row in grid.rows] for grid in grids]
    return mapper.finish()


# --- cells --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cell:
    text: str  # as printed, spaces collapsed
    key: str  # label_key: the comparison form
    kind: str
    value: Number
    problem: str | None


@lru_cache(maxsize=8192)
def _cell(text: str) -> _Cell:
    """Classify one printed cell; cached because a report repeats "0" and its labels a lot."""
    printed = nz.normalize_text(text)
    if not printed:
        return _Cell("", "", BLANK, None, nz.EMPTY)
    value, problem = nz.parse_cell(printed)
    if value is not None:
        return _Cell(printed, nz.label_key(printed), NUM, value, problem)
    kind = EMPTY if problem == nz.EMPTY else TEXT
    return _Cell(printed, nz.label_key(printed), kind, None, problem)


_PARENTS = frozenset(nz.label_key(g.parent) for g in fmt.REMEDY_GROUPS if g.parent)
_APPLICATION_HEADERS = frozenset(nz.label_key(t) for t in (fmt.APPLICANT_HEADER, fmt.ORGANISATION_HEADER))
_PROACTIVE_HEADERS = frozenset(nz.label_key(t.first_header) for t in fmt.PROACTIVE_TABLES)


@lru_cache(maxsize=4096)
def _header_votes(key: str) -> tuple[str, ...]:
    """Return the tables whose header could print this label (总计 belongs to two)."""
    votes = []
    if key in _PROACTIVE_HEADERS or nz.match_proactive_cell(key):
        votes.append("proactive")
    if key in _APPLICATION_HEADERS or nz.match_column(key):
        votes.append("applications")
    if key in _PARENTS or nz.match_remedy_group(key) or nz.match_remedy_cell(key):
        votes.append("remedies")
    return tuple(votes)


# --- rows ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Label:
    """What a row label names: a row of a table, or for section 四 a group or a cell."""

    table: str
    row: str = ""  # row code; for section 四 the group when the row names one
    cell: str = ""  # section 四 only: the cell the row names (a transposed table)
    end: int = -1  # index of the last column of the label; data starts after it
    group: str = ""  # section 三: the outcome group printed left of the label


def _distinct(cells: Sequence[_Cell], stop: int) -> list[tuple[int, _Cell]]:
    """Return (last index, cell) of each run of equal label texts left of `stop`."""
    runs: list[tuple[int, _Cell]] = []
    for i, cell in enumerate(cells[:stop]):
        if runs and runs[-1][1].key == cell.key:
            runs[-1] = (i, cell)
        elif cell.kind == TEXT:
            runs.append((i, cell))
    return runs


def _match_label(cells: Sequence[_Cell], carried_group: str) -> _Label | None:
    """Find the row label: the rightmost label text that names a row, before the first number."""
    stop = next((i for i, c in enumerate(cells) if c.kind == NUM), len(cells))
    runs = _distinct(cells, stop)
    for pos in range(len(runs) - 1, -1, -1):
        end, cell = runs[pos]
        left = runs[pos - 1][1].text if pos else ""
        group = left if left and nz.match_group(left) else ""
        code = nz.match_row(cell.text, group or carried_group or None)
        if code:
            return _Label("applications", code, end=end, group=group)
        code = nz.match_proactive_row(cell.text)
        if code:
            return _Label("proactive", code, end=end)
        code = nz.match_remedy_group(cell.text)
        if code:
            return _Label("remedies", code, end=end)
        code = nz.match_remedy_cell(cell.text)
        if code:
            return _Label("remedies", cell=code, end=end)
    return None


@dataclass
class _Assigned:
    values: list[tuple[CellPath, _Cell, int]] = field(default_factory=list)  # (path, cell, column)
    positional: bool = False
    unplaced: list[_Cell] = field(default_factory=list)


@dataclass(eq=False)
class _Header:
    """A block of header rows; the labels over each column are matched once, not once a row."""

    rows: list[list[_Cell]] = field(default_factory=list)
    _paths: dict[int, list[str]] = field(default_factory=dict)
    _codes: dict[object, dict[int, str]] = field(default_factory=dict)

    def add(self, row: list[_Cell]) -> None:
        self.rows.append(row)
        self._paths.clear()
        self._codes.clear()

    def paths(self, column: int) -> list[str]:
        """Return the header texts over one column, innermost (lowest) first, without repeats."""
        if column not in self._paths:
            texts: list[str] = []
            for row in reversed(self.rows):
                if column < len(row) and row[column].kind == TEXT and row[column].text not in texts:
                    texts.append(row[column].text)
            self._paths[column] = texts
        return self._paths[column]

    def codes(self, match: Callable[[str], str | None]) -> dict[int, str]:
        """Return {column: code} for the columns whose header names a code of `match`."""
        if match not in self._codes:
            width = max((len(r) for r in self.rows), default=0)
            found = ((c, _first(self.paths(c), match)) for c in range(width))
            self._codes[match] = {c: code for c, code in found if code}
        return self._codes[match]


def _first(texts: Iterable[str], match: Callable[[str], str | None]) -> str | None:
    return next((code for code in map(match, texts) if code), None)


def _trim(data: list[tuple[int, _Cell]], wanted: int) -> list[tuple[int, _Cell]]:
    """Drop trailing blank cells beyond the number a row should have (empty padding columns)."""
    while len(data) > wanted and data[-1][1].kind == BLANK:
        data.pop()
    return data


def _by_header(
    data: list[tuple[int, _Cell]], codes: dict[int, str], wanted: Sequence[str]
) -> dict[str, tuple[int, _Cell]] | None:
    """Place data cells by the header codes over their columns; None if the header does not fit.

    A row shifted against its header (a label cell missing its colspan) still fits when it has
    exactly one cell per header column: then the order of the header decides, not the index.
    """
    placed: dict[str, tuple[int, _Cell]] = {}
    for c, cell in data:
        code = codes.get(c)
        if code in wanted and code not in placed:
            placed[code] = (c, cell)
    if set(placed) == set(wanted):
        return placed
    header_order = [code for _, code in sorted(codes.items()) if code in wanted]
    header_order = list(dict.fromkeys(header_order))
    trimmed = _trim(list(data), len(wanted))
    if sorted(header_order) == sorted(wanted) and len(trimmed) == len(wanted):
        return dict(zip(header_order, trimmed, strict=True))
    return None


def _assign(label: _Label, data: list[tuple[int, _Cell]], header: _Header) -> _Assigned:
    """Decide which report cell each data cell of a row fills."""
    result = _Assigned()
    if label.table == "remedies":
        return _assign_remedies(label, data, header, result)
    if label.table == "applications":
        section, wanted = "applications", [c.code for c in fmt.APPLICANT_COLUMNS]
        matcher = nz.match_column
    else:
        section, wanted = "proactive", [c.code for c in fmt.proactive_cells(label.row)]
        matcher = nz.match_proactive_cell
    codes = header.codes(matcher)
    placed = _by_header(data, codes, wanted) if codes else None
    if placed is None:
        trimmed = _trim(list(data), len(wanted))
        if len(trimmed) == len(wanted):
            placed = dict(zip(wanted, trimmed, strict=True))
            result.positional = True
        else:
            placed = {codes[c]: (c, cell) for c, cell in data if codes.get(c) in wanted}
            used = {id(cell) for _, cell in placed.values()}
            result.unplaced = [cell for _, cell in data if id(cell) not in used and cell.kind == NUM]
    row = label.row
    result.values = [((section, row, code), cell, c) for code, (c, cell) in placed.items()]
    return result


def _assign_remedies(
    label: _Label, data: list[tuple[int, _Cell]], header: _Header, result: _Assigned
) -> _Assigned:
    """Place section 四 numbers by group and cell, whichever axis the row or the header gives."""
    groups = [g.code for g in fmt.REMEDY_GROUPS]
    cells = [c.code for c in fmt.REMEDY_CELLS]
    official = [(g, c) for g in groups for c in cells]
    if label.row:
        official = [(label.row, c) for c in cells]
    elif label.cell:
        official = [(g, label.cell) for g in groups]
    placed: dict[tuple[str, str], tuple[int, _Cell]] = {}
    for c, cell in data:
        texts = header.paths(c)
        group = label.row or _first(texts, nz.match_remedy_group)
        code = label.cell or _first(texts, nz.match_remedy_cell)
        if group and code and (group, code) not in placed:
            placed[(group, code)] = (c, cell)
    if set(official) - set(placed):
        trimmed = _trim(list(data), len(official))
        if len(trimmed) == len(official):
            placed = dict(zip(official, trimmed, strict=True))
            result.positional = True
        else:
            used = {id(cell) for _, cell in placed.values()}
            result.unplaced = [cell for _, cell in data if id(cell) not in used and cell.kind == NUM]
    result.values = [(("remedies", g, code), cell, c) for (g, code), (c, cell) in placed.items()]
    return result


@lru_cache(maxsize=512)
def _path_key(section: str, row: str, cell: str) -> str:
    """The provenance key of a cell: "section.row.cell"."""
    return f"{section}.{row}.{cell}"


# --- the mapper ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _DataRow:
    label: _Label
    data: list[tuple[int, _Cell]]
    header: _Header  # the header block above the row when it was read
    row: int = 0  # its index in the grid (provenance)


@dataclass
class _Mapper:
    """Walk grid rows in document order, keeping the latest header of each table."""

    report: Report
    findings: list[Finding] = field(default_factory=list)
    headers: dict[str, _Header] = field(default_factory=dict)
    header_kind: str = ""  # table of the header row just above, "" after a data row
    group: str = ""  # the last outcome group of section 三, for rows printed without it
    seen: set[tuple[str, str]] = field(default_factory=set)  # (table, row) found
    addressed: set[CellPath] = field(default_factory=set)
    unknown: dict[CellPath, _Cell] = field(default_factory=dict)  # first blank/unreadable print
    positional: set[str] = field(default_factory=set)
    tables: set[str] = field(default_factory=set)  # tables that gave at least one row
    fed: int = 0  # grids read so far

    def feed(self, grid: Grid) -> None:
        self.fed += 1
        rows: list[_DataRow] = []
        header_tables: set[str] = set()
        for r, raw in enumerate(grid.rows):
            cells = [_cell(t) for t in raw]
            label = self._row(cells, header_tables)
            if label is not None:
                data = [(c, cells[c]) for c in range(label.end + 1, len(cells)) if (r, c) not in grid.copies]
                rows.append(_DataRow(label, data, self.headers.get(label.table) or _Header(), r))
        counts = {t: sum(1 for row in rows if row.label.table == t) for t in TABLES}
        for row in rows:
            table = row.label.table
            # A lone labelled row in a table without a header is a narrative list, not the report.
            if table in header_tables or counts[table] >= 2 or not (row.label.row or row.label.cell):
                grid.used = True
                self._data_row(row, grid.name)

    def _row(self, cells: list[_Cell], header_tables: set[str]) -> _Label | None:
        """Classify a row as data (return its label), header (remember it) or other."""
        kinds = {c.kind for c in cells}
        label = _match_label(cells, self.group)
        if label is not None and not self._has_data(cells, label):
            label = None
        if label is None and kinds & {NUM, EMPTY} and TEXT not in kinds and self.header_kind == "remedies":
            label = _Label("remedies")  # the official section 四: one unlabelled row under its header
        if label is not None:
            if label.group:
                self.group = label.group
            self.header_kind = ""
            return label
        table = self._header_table(cells) if NUM not in kinds else None
        if table:
            if self.header_kind != table:
                self.headers[table] = _Header()
            self.headers[table].add(cells)
            self.header_kind = table
            header_tables.add(table)
            return None
        self.header_kind = ""
        group = next((c.text for c in cells if c.kind == TEXT and nz.match_group(c.text)), "")
        self.group = group or self.group
        return None

    def _has_data(self, cells: list[_Cell], label: _Label) -> bool:
        """Tell whether a labelled row carries figures (or printed blanks) rather than headers."""
        rest = cells[label.end + 1 :]
        if any(c.kind in (NUM, EMPTY) for c in rest):
            return True
        return bool(rest) and not self._header_table(cells)

    def _header_table(self, cells: list[_Cell]) -> str:
        """Return the table whose header labels this row prints most of ("" if none)."""
        votes: dict[str, int] = {}
        for cell in {c.key: c for c in cells if c.kind == TEXT}.values():
            for table in _header_votes(cell.key):
                votes[table] = votes.get(table, 0) + 1
        if not votes:
            return ""
        best = max(votes.values())
        tied = [t for t in TABLES if votes.get(t) == best]
        return self.header_kind if self.header_kind in tied else tied[0]

    def _data_row(self, row: _DataRow, where: str) -> None:
        label = row.label
        self.tables.add(label.table)
        self.report.tables_present.add(label.table)
        if label.row:
            self.seen.add((label.table, label.row))
        assigned = _assign(label, row.data, row.header)
        if assigned.positional and label.table not in self.positional:
            self.positional.add(label.table)
            number = _SECTION_NUMBER[label.table]
            message = f"第{number}部分表格（{where}）没有可识别的表头，已按标准格式的列序读取。"
            self.findings.append(info(POSITIONAL, message, label.table))
        if assigned.unplaced:
            numbers = " ".join(cell.text for cell in assigned.unplaced)
            self.findings.append(problems.unplaced(f"{where}：{numbers}", label.table))
        provenance = self.report.provenance
        location = {"kind": "table", "table": self.fed, "row": row.row + 1}
        for path, cell, column in assigned.values:
            self._store(path, cell)
            if cell.value is not None:
                key = _path_key(*path)
                if key not in provenance:
                    provenance[key] = {**location, "column": column + 1}

    def _store(self, path: CellPath, cell: _Cell) -> None:
        section, row, column = path
        self.addressed.add(path)
        self.seen.add((section, row))
        if cell.value is None:
            self.unknown.setdefault(path, cell)
            return
        cells = getattr(self.report, section)[row]
        old = cells[column]
        if old is None:
            cells[column] = cell.value
            if cell.problem == nz.ANNOTATED:
                self.findings.append(problems.cell_problem(nz.ANNOTATED, *path, cell.text))
        elif old != cell.value:
            where = fmt.cell_label(*path)
            message = f"{where} 出现两次且数字不同（{old} 与 {cell.text}），采用第一次出现的数字。"
            self.findings.append(warning(problems.ROW_CONFLICT, message, section, row, column))

    # -- the end ---------------------------------------------------------------------------------
    def finish(self) -> list[Finding]:
        for path, cell in self.unknown.items():
            if self.report.get(*path) is None:
                self.findings.append(problems.cell_problem(cell.problem or nz.UNREADABLE, *path, cell.text))
        for table in TABLES:
            if table in self.tables:
                self._missing(table)
        return self.findings

    def _missing(self, table: str) -> None:
        for row, cells in getattr(self.report, table).items():
            if (table, row) not in self.seen:
                self.findings.append(problems.row_missing(table, row))
                continue
            lost = [c for c in cells if (table, row, c) not in self.addressed]
            if lost:
                names = "、".join(fmt.cell_label(table, row, c).rsplit("· ", 1)[-1] for c in lost)
                message = f"“{problems.row_name(table, row)}”一行缺少单元格（{names}），这些数为未知。"
                self.findings.append(warning(problems.ROW_CELL_COUNT, message, table, row))
