"""Write the rows a `TableReader` found into a report, with a finding for every doubt.

Pure: imports nothing from Django.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from ... import format as fmt
from ...findings import Finding
from ...model import Report
from ...render.layout import format_number
from . import problems
from .outline import Outline
from .split import (
    AMBIGUOUS,
    IMPOSSIBLE,
    MISMATCH,
    OK,
    Split,
    Values,
    resolve_applications,
    run_fits,
    split_row,
)
from .tables import (
    GROUP_ROW,
    REMEDIES_ALL,
    TRANSPOSED,
    Printed,
    TableReader,
    Target,
    cell_paths,
    shape_of,
)
from .tokens import CELL


def fill_tables(report: Report, reader: TableReader) -> list[Finding]:
    """Set the cells of every row found and return the findings about them."""
    splits = {t: split_row(p.chunks, p.lead, p.trail, shape_of(t)) for t, p in reader.printed.items()}
    chosen, decided = resolve_applications(
        _application_candidates(splits),
        lambda row, values: run_fits(reader.printed[("applications", row)].chunks, values),
    )
    findings: list[Finding] = []
    for target, split in list(splits.items()):
        if target[1].startswith(GROUP_ROW):
            findings.extend(_group_row(report, reader, target, split))
            del splits[target]
    for target, split in splits.items():
        printed = reader.printed[target]
        section, row = target
        if split.outcome == OK and split.cells is not None:
            findings.extend(_write(report, target, printed, split))
        elif split.outcome == AMBIGUOUS and section == "applications" and row in decided:
            values = chosen[row]
            if values is not None:
                for (s, r, c), value in zip(cell_paths(target), values, strict=True):
                    report.set(s, r, c, value)
                findings.append(problems.split_by_identity(row, printed.text))
        elif split.outcome == AMBIGUOUS:
            findings.extend(_agreed(report, target, printed, split))
        elif split.outcome == IMPOSSIBLE:
            findings.extend(_each_row(target, problems.split_impossible, printed.text))
        elif split.outcome == MISMATCH:
            findings.extend(_cell_count(target, split))
    findings.extend(
        problems.conflict(s, r) for s, r in reader.conflicts if r and not r.startswith(TRANSPOSED)
    )
    findings.extend(problems.unplaced(text, table) for table, text in reader.unplaced)
    return findings


def _group_row(report: Report, reader: TableReader, target: Target, split: Split) -> list[Finding]:
    """A group printed as one row (（六）其他处理 without its items): an item is known only where
    the group's figure is 0 — every item is then 0 (docs/domain/REPORT_LAYOUTS.md)."""
    group = target[1][len(GROUP_ROW) :]
    items = [r.code for r in fmt.APPLICATION_ROWS if r.group == group]
    reader.named.update(("applications", code) for code in items)
    if split.outcome != OK or split.cells is None:
        return [problems.group_row(group, reader.printed[target].text)]
    unknown = False
    for column, (value, _) in zip(fmt.APPLICANT_COLUMNS, split.cells, strict=True):
        if value == 0:
            for code in items:
                report.set("applications", code, column.code, 0)
        else:
            unknown = True
    reader.printed.update({("applications", code): reader.printed[target] for code in items})
    return [problems.group_row(group, reader.printed[target].text)] if unknown else []


def _application_candidates(splits: dict[Target, Split]) -> dict[str, list[Values]]:
    rows: dict[str, list[Values]] = {}
    for (section, row), split in splits.items():
        if section != "applications":
            continue
        if split.outcome == OK and split.cells is not None:
            rows[row] = [tuple(v for v, _ in split.cells)]
        elif split.outcome == AMBIGUOUS:
            rows[row] = [tuple(v for v, _ in c) for c in split.candidates]
    return rows


def _write(report: Report, target: Target, printed: Printed, split: Split) -> list[Finding]:
    findings = []
    cells = split.cells or ()
    paths = cell_paths(target)
    tables = {"proactive": report.proactive, "applications": report.applications, "remedies": report.remedies}
    for (section, row, cell), (value, _) in zip(paths, cells, strict=True):
        tables[section][row][cell] = value  # the format's own paths: no need to check them
    if any(problem is not None for _, problem in cells):
        texts = [c.text for c in printed.chunks] if all(c.kind == CELL for c in printed.chunks) else []
        if len(texts) != len(cells):
            texts = [""] * len(cells)
        for (section, row, cell), (_, problem), text in zip(paths, cells, texts, strict=True):
            if problem is not None:
                note = text or next((c.note for c in printed.chunks if c.note), "")
                findings.append(problems.cell_problem(problem, section, row, cell, note))
    return findings


def _agreed(report: Report, target: Target, printed: Printed, split: Split) -> list[Finding]:
    """Keep the cells on which every possible cut agrees; the others stay unknown.

    Only a complete list of the cuts can say so (a list cut short by the search says nothing):
    the true cut is one of them, so a cell equal in all of them is certain (section 四's groups
    often are, when another group's digits are the ambiguous ones).
    """
    paths = cell_paths(target)
    known = [False] * len(paths)
    for index, path in enumerate(paths):
        options = {c[index][0] for c in split.candidates}
        if split.candidates and len(options) == 1 and (value := options.pop()) is not None:
            report.set(*path, value)
            known[index] = True
    section, row = target
    if target == REMEDIES_ALL:
        width = len(fmt.REMEDY_CELLS)
        return [
            problems.split_ambiguous(
                section, g.code, printed.text, partial=any(known[i * width : (i + 1) * width])
            )
            for i, g in enumerate(fmt.REMEDY_GROUPS)
            if not all(known[i * width : (i + 1) * width])
        ]
    row, column = _location(row)
    return [problems.split_ambiguous(section, row, printed.text, column, partial=any(known))]


def _each_row(target: Target, make: Callable[..., Finding], digits: str) -> list[Finding]:
    """Give a row finding for each group of section 四 printed on one line, else one."""
    section, row = target
    if target == REMEDIES_ALL:
        return [make(section, g.code, digits) for g in fmt.REMEDY_GROUPS]
    row, column = _location(row)
    return [make(section, row, digits, column)]


def _cell_count(target: Target, split: Split) -> list[Finding]:
    section, row = target
    row, column = _location(row)
    return [problems.cell_count(section, row, split.found, shape_of(target).size, column)]


def _location(row: str) -> tuple[str, str]:
    """Return (row, column) of a finding: a transposed section 四 line names a cell, not a row."""
    if row.startswith(TRANSPOSED):
        return "", row[len(TRANSPOSED) :]
    return row, ""


def row_findings(report: Report, reader: TableReader) -> list[Finding]:
    """Report the rows of found tables that were not found, or found without numbers."""
    findings: list[Finding] = []
    printed_rows = {(s, r) for s, r in reader.printed if r}
    if REMEDIES_ALL in reader.printed:
        printed_rows.update(("remedies", g.code) for g in fmt.REMEDY_GROUPS)
    cells = reader.transposed_cells()
    if cells:  # section 四 transposed: its lines are cells, not groups
        printed_rows.update(("remedies", g.code) for g in fmt.REMEDY_GROUPS)
        findings.extend(
            problems.row_missing("remedies", "", c.code) for c in fmt.REMEDY_CELLS if c.code not in cells
        )
    for section in report.tables_present:
        for row in _rows(section):
            target = (section, row)
            if target in printed_rows:
                continue
            if target in reader.named:
                findings.append(problems.no_numbers(section, row))
            else:
                findings.append(problems.row_missing(section, row))
    return findings


def _rows(section: str) -> list[str]:
    if section == "proactive":
        return list(fmt.PROACTIVE_ROWS)
    if section == "applications":
        return [r.code for r in fmt.APPLICATION_ROWS]
    return [g.code for g in fmt.REMEDY_GROUPS]


# --- provenance --------------------------------------------------------------------------------


def text_provenance(report: Report, reader: TableReader, outline: Outline) -> dict[str, dict[str, Any]]:
    """Say where each known cell is printed: its line (1-based) and character span in the text.

    A number standing apart is its own span; a cell cut out of a run of digits is its piece of
    the run. A row whose cuts cannot be retraced (a cell of it unknown) gives no locations.
    """
    found: dict[str, dict[str, Any]] = {}
    cursors: dict[int, int] = {}
    seen: dict[int, int] = {}
    for printed in reader.printed.values():
        seen[id(printed)] = seen.get(id(printed), 0) + 1
    tables = {"proactive": report.proactive, "applications": report.applications, "remedies": report.remedies}
    lines = outline.lines
    for target, printed in reader.printed.items():
        if seen[id(printed)] > 1 and not target[1].startswith(GROUP_ROW):
            continue  # an item of a group printed as one row: located with the group's row
        chunks, on_lines = printed.chunks, printed.lines
        keys, paths = _located(target)
        values = [tables[s][r][c] for s, r, c in paths]
        size, count = len(values), len(chunks)
        index = 0
        if count < size and all(c.kind == CELL for c in chunks):
            index = size - count if printed.lead else 0  # blanks before the numbers
        if len(on_lines) < count:  # a chunk without its line is not located
            on_lines = [*on_lines, *[-1] * (count - len(on_lines))]
        for chunk, line in zip(chunks, on_lines, strict=False):
            piece = chunk.text
            # where the chunk stands: the first place on its line after the chunk before it
            at = -1
            if line >= 0 and piece:
                text = lines[line].norm
                at = text.find(piece, cursors.get(line, 0))
                if at < 0:
                    at = text.find(piece)
                if at >= 0:
                    cursors[line] = at + len(piece)
            if index < 0:
                continue  # the chunks after a run that cannot be retraced are only passed over
            if chunk.kind == CELL:  # one cell, the whole chunk
                if at >= 0 and index < size and values[index] is not None:
                    where = lines[line]
                    start = where.offset + at
                    for key in keys[index]:
                        found[key] = {
                            "kind": "text",
                            "line": where.number + 1,
                            "start": start,
                            "end": start + len(piece),
                        }
                index += 1
                continue
            # a run: the cells from `index` on, printed one after another, must spell it out
            ends: list[int] = []
            length, cell = len(piece), index
            done = 0
            while done < length and cell < size:
                value = values[cell]
                if value is None:
                    break
                number = str(value) if type(value) is int else format_number(value)
                if not piece.startswith(number, done):
                    break
                done += len(number)
                ends.append(done)
                cell += 1
            if done != length:
                index = -1  # not retraced: no cell after it can be placed either
                continue
            if at >= 0:
                where = lines[line]
                row_line, base = where.number + 1, where.offset + at
                start = base
                for stop in ends:
                    end = base + stop  # the next piece's start: one int for both
                    for key in keys[index]:
                        found[key] = {"kind": "text", "line": row_line, "start": start, "end": end}
                    start = end
                    index += 1
            index = cell
    return found


@lru_cache(maxsize=256)
def _located(target: Target) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, str, str], ...]]:
    """Return, per printed cell, its provenance keys and the first report cell it gives."""
    return _located_keys(target), _first_paths(target)


@lru_cache(maxsize=256)
def _located_keys(target: Target) -> tuple[tuple[str, ...], ...]:
    """Return, per printed cell, the provenance keys ("section.row.cell") of the cells it gives."""
    return tuple(tuple(".".join(path) for path in column) for column in _located_paths(target))


@lru_cache(maxsize=256)
def _first_paths(target: Target) -> tuple[tuple[str, str, str], ...]:
    """Return, per printed cell, the first report cell it gives (its value stands for all)."""
    return tuple(column[0] for column in _located_paths(target))


@lru_cache(maxsize=256)
def _located_paths(target: Target) -> tuple[tuple[tuple[str, str, str], ...], ...]:
    """Return, per printed cell, the report cells it gives: one, or a group's items (all 0)."""
    if target[1].startswith(GROUP_ROW):
        group = target[1][len(GROUP_ROW) :]
        items = [r.code for r in fmt.APPLICATION_ROWS if r.group == group]
        return tuple(tuple(("applications", code, c.code) for code in items) for c in fmt.APPLICANT_COLUMNS)
    return tuple((path,) for path in cell_paths(target))
