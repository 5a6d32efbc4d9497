"""Write the rows a `TableReader` found into a report, with a finding for every doubt.

Pure: imports nothing from Django.
"""

from __future__ import annotations

from collections.abc import Callable

from ... import format as fmt
from ...findings import Finding
from ...model import Report
from . import problems
from .split import AMBIGUOUS, IMPOSSIBLE, MISMATCH, OK, Split, Values, resolve_applications, split_row
from .tables import REMEDIES_ALL, TRANSPOSED, Printed, TableReader, Target, cell_paths, shape_of
from .tokens import CELL


def fill_tables(report: Report, reader: TableReader) -> list[Finding]:
    """Set the cells of every row found and return the findings about them."""
    splits = {t: split_row(p.chunks, p.lead, p.trail, shape_of(t)) for t, p in reader.printed.items()}
    chosen, decided = resolve_applications(_application_candidates(splits))
    findings: list[Finding] = []
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
            findings.extend(_each_row(target, problems.split_ambiguous, printed.text))
        elif split.outcome == IMPOSSIBLE:
            findings.extend(_each_row(target, problems.split_impossible, printed.text))
        elif split.outcome == MISMATCH:
            findings.extend(_cell_count(target, split))
    findings.extend(
        problems.conflict(s, r) for s, r in reader.conflicts if r and not r.startswith(TRANSPOSED)
    )
    findings.extend(problems.unplaced(text, table) for table, text in reader.unplaced)
    return findings


def _application_candidates(splits: dict[Target, Split]) -> dict[str, list[Values]]:
    rows: dict[str, list[Values]] = {}
    for (section, row), split in splits.items():
        if section != "applications":
            continue
        if split.outcome == OK and split.cells is not None:
            rows[row] = [tuple(v for v, _ in split.cells)]
        elif split.outcome == AMBIGUOUS and split.candidates:
            rows[row] = [tuple(v for v, _ in c) for c in split.candidates]
    return rows


def _write(report: Report, target: Target, printed: Printed, split: Split) -> list[Finding]:
    findings = []
    cells = split.cells or ()
    texts = [c.text for c in printed.chunks] if all(c.kind == CELL for c in printed.chunks) else []
    if len(texts) != len(cells):
        texts = [""] * len(cells)
    for (section, row, cell), (value, problem), text in zip(cell_paths(target), cells, texts, strict=True):
        report.set(section, row, cell, value)
        if problem is not None:
            note = text or next((c.note for c in printed.chunks if c.note), "")
            findings.append(problems.cell_problem(problem, section, row, cell, note))
    return findings


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
