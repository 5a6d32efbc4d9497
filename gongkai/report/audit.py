"""The auditor: read published annual reports in bulk, check each one, summarise the findings.

``gongkai audit FILE_OR_DIR...`` (the Django command in gongkai/oversight is a thin shell over
``run``) and ``python -m gongkai.report.audit`` both land here; nothing needs a database.

One bad file never stops a batch: reading happens in ``audit_read``, each file in its own capped
worker process (gongkai/core/bounded.py), which turns every failure — an OSError, a reader bug,
a worker process that died — into audit.E001 for that file, and a cap hit (memory, time, spans,
pages, zip inflation) into read.E109.

==========  ==========================================================================
id          meaning
==========  ==========================================================================
audit.E001  the file could not be read (missing, unreadable, or the reading process failed),
            with the reason
audit.W001  a directory given on the command line holds no report files
audit.W002  ``--consolidated``: a report of the batch is of another year than the consolidated
            report, or of the government itself, and is left out of the checks across levels
==========  ==========================================================================

``--consolidated FILE`` audits a government's consolidated report against the reports of its
subtree given as the other paths (report/checks/levels.py, ids ``levels.*``): a cell smaller
than the sum of the subtree's cells, with the agencies behind it (levels.E001); with ``--own
FILE``, the government's own-level report, a cell that differs from own + subtree, with the
difference (levels.W001); with ``--members FILE`` (one agency name a line, the scope of the
consolidation), the included agencies whose report is not among the files (levels.W002).

The exit status is 0 when every file gave a report and 2 when any did not (``ReadResult.readable``
is False: a read.E1xx or audit.E001 finding, or no section and no table found).

Pure: imports nothing from Django.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from tqdm import tqdm

from ..core.bounded import LimitExceeded, ParserCrashed, run_bounded
from . import format as fmt
from .checks import check_report
from .checks.levels import Member, check_levels
from .findings import Finding, error, warning
from .model import Report
from .read import ReadResult, limit_finding, read_report
from .render.csv import write_csv as write_reports

__all__ = [
    "AuditResult",
    "add_arguments",
    "audit_consolidated",
    "audit_files",
    "audit_read",
    "expand_paths",
    "main",
    "run",
]

# File kinds the auditor looks for when it walks a directory.
REPORT_SUFFIXES: frozenset[str] = frozenset({".txt", ".html", ".htm", ".docx", ".pdf", ".md", ".json"})
EXIT_OK = 0
EXIT_UNREADABLE = 2


@dataclass
class AuditResult:
    """One file's outcome: what was read, and every finding (reader's and checks') about it."""

    source: str
    kind: str
    report: Report | None
    findings: list[Finding] = field(default_factory=list)
    readable: bool = False

    def count(self, level: str) -> int:
        return sum(1 for f in self.findings if f.level == level)

    def to_dict(self) -> dict[str, Any]:
        """Return the CODES.md object with ``source`` and ``findings``, as ``--json`` prints it."""
        body = (
            self.report.to_dict() if self.report is not None else {"format": None, "agency": "", "year": None}
        )
        return {
            "source": self.source,
            **body,
            "readable": self.readable,
            "findings": [f.to_dict() for f in self.findings],
            "provenance": dict(self.report.provenance) if self.report is not None else {},
        }


# --- finding the files -------------------------------------------------------------------------


def expand_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[Finding]]:
    """Return the files to audit, in a stable order, and warnings about empty directories.

    A file named on the command line is audited whatever its suffix (the content decides its
    format); a directory is walked recursively for REPORT_SUFFIXES. A path that does not exist
    is kept, so that it gets its own audit.E001.
    """
    files: list[Path] = []
    notes: list[Finding] = []
    for given in paths:
        path = Path(given)
        if not path.is_dir():
            files.append(path)
            continue
        found = sorted(p for p in path.rglob("*") if _is_report_file(p, path))
        if not found:
            notes.append(
                warning(
                    "audit.W001", f"目录 {path} 中没有年度报告文件（{'、'.join(sorted(REPORT_SUFFIXES))}）。"
                )
            )
        files.extend(found)
    return files, notes


def _is_report_file(path: Path, root: Path) -> bool:
    """Take files with a report suffix; leave out hidden files (.DS_Store, macOS ._x.docx) and Word's
    lock files (~$x.docx), which would only add unreadable noise to a batch."""
    if path.suffix.lower() not in REPORT_SUFFIXES or path.name.startswith("~$"):
        return False
    if any(part.startswith(".") for part in path.relative_to(root).parts):
        return False
    return path.is_file()


# --- reading ----------------------------------------------------------------------------------


def audit_read(path: str | Path) -> ReadResult:
    """Read one file in a capped worker process and never raise: any failure becomes a finding.

    The file is read by ``read_report`` in a child process with a memory and a time limit
    (gongkai/core/bounded.py); running out of either, or the child dying, gives read.E109 /
    audit.E001 for this file alone.
    """
    source = str(path)
    try:
        return run_bounded(_read_path, source)
    except ParserCrashed as exc:
        return _unreadable(source, str(exc))
    except LimitExceeded as exc:
        return ReadResult(source, "unknown", None, [limit_finding(exc)])
    except OSError as exc:
        return _unreadable(source, exc.strerror or str(exc))
    except Exception as exc:  # a bug in a reader: report it, keep the batch going
        return _unreadable(source, f"{type(exc).__name__}: {exc}")


def _read_path(source: str) -> ReadResult:
    return read_report(Path(source), source=source)


def _unreadable(source: str, reason: str) -> ReadResult:
    return ReadResult(source, "unknown", None, [error("audit.E001", f"文件无法读取：{reason[:300]}")])


def read_all(files: Sequence[Path], *, workers: int = 1, progress: bool = True) -> list[ReadResult]:
    """Read files, ``workers`` at a time, each in its own capped process; keep the order of files.

    A file that crashes or exhausts its reader costs its own process only, so the others are
    unaffected and nothing needs re-reading.
    """
    bar = tqdm(
        total=len(files), file=sys.stderr, unit="份", desc="读取报告", disable=not progress or len(files) <= 1
    )
    try:
        with ThreadPoolExecutor(max_workers=max(1, min(workers, len(files) or 1))) as pool:
            results = []
            for result in pool.map(audit_read, files):
                results.append(result)
                bar.update()
            return results
    finally:
        bar.close()


# --- checking ---------------------------------------------------------------------------------


def audit_files(
    paths: Iterable[str | Path],
    *,
    workers: int = 1,
    previous: Report | None = None,
    pair_years: bool = True,
    progress: bool = True,
) -> tuple[list[AuditResult], list[Finding]]:
    """Read and check every report under paths; return the results and batch-level notes.

    ``previous`` is last year's report for the year-over-year checks of the same agency's
    reports. With ``pair_years``, a batch that holds agency X's reports for Y-1 and Y uses the
    first as ``previous`` of the second.
    """
    files, notes = expand_paths(paths)
    reads = read_all(files, workers=workers, progress=progress)
    return check_reads(reads, previous=previous, pair_years=pair_years), notes


def check_reads(
    reads: Sequence[ReadResult],
    *,
    previous: Report | None = None,
    pair_years: bool = True,
    earlier: Iterable[Report] = (),
) -> list[AuditResult]:
    """Run the checks on what was read; pair an agency's consecutive years within the batch.

    ``earlier`` are reports read before (a supervisor's earlier batches): a report of the batch
    pairs with one of them when the batch itself holds no report of that agency's year before.
    """
    by_year: dict[tuple[str, int], Report] = {}
    if pair_years:
        by_year = _index_by_agency_year(
            [*reads, *(ReadResult("", "json", r, []) for r in earlier)]  # the batch's own first
        )
    results = []
    for read in reads:
        report = read.report if read.readable else None
        findings = list(read.findings)
        if report is not None:
            last_year = _previous_for(report, previous, by_year)
            findings.extend(check_report(report, previous=last_year))
        results.append(AuditResult(read.source, read.kind, report, findings, read.readable))
    return results


def read_upload(data: bytes, *, source: str) -> ReadResult:
    """Read an uploaded file's bytes in a capped worker process and never raise (the upload page).

    The web process only sends the bytes and receives the result: it never holds the parse's memory.
    """
    try:
        return run_bounded(read_report, data, source=source)
    except ParserCrashed as exc:
        return _unreadable(source, str(exc))
    except LimitExceeded as exc:
        return ReadResult(source, "unknown", None, [limit_finding(exc)])
    except Exception as exc:  # a bug in a reader: report it, keep the batch going
        return _unreadable(source, f"{type(exc).__name__}: {exc}")


def agency_key(name: str) -> str:
    """Return the agency name as pairing compares it: NFKC, no whitespace, no 《》 or quotes.

    A crawler's title, a PDF's wrapped heading and a typed file name spell the same agency with
    full-width letters or stray spaces ("洛阳市 教育局"); they must still pair across years.
    """
    text = unicodedata.normalize("NFKC", name or "")
    return re.sub(r"[\s《》“”\"']+", "", text)


def _index_by_agency_year(reads: Iterable[ReadResult]) -> dict[tuple[str, int], Report]:
    index: dict[tuple[str, int], Report] = {}
    for read in reads:
        report = read.report
        if read.readable and report is not None and report.agency and report.year is not None:
            index.setdefault((agency_key(report.agency), report.year), report)
    return index


def _previous_for(
    report: Report, given: Report | None, by_year: dict[tuple[str, int], Report]
) -> Report | None:
    if given is not None and (
        not given.agency or not report.agency or agency_key(given.agency) == agency_key(report.agency)
    ):
        return given
    if report.agency and report.year is not None:
        return by_year.get((agency_key(report.agency), report.year - 1))
    return None


# --- checks across levels --------------------------------------------------------------------


def audit_consolidated(
    consolidated: ReadResult,
    subtree: Sequence[AuditResult],
    *,
    own: Report | None = None,
    members: Sequence[str] | None = None,
) -> tuple[AuditResult, list[Finding]]:
    """Check a government's consolidated report on its own and against its subtree's reports.

    ``subtree`` are the audited reports of the agencies it includes; those of another year or
    of the government itself are left out (audit.W002). ``members`` names the included
    agencies (the scope): a name without a report among ``subtree`` is listed (levels.W002).
    ``own`` is the government's own-level report, when it publishes one: each cell is then
    compared with own + subtree (levels.W001). Returns the consolidated report's result (its
    own checks and the levels findings) and the batch notes.
    """
    report = consolidated.report if consolidated.readable else None
    findings = list(consolidated.findings)
    notes: list[Finding] = []
    if report is None:
        return AuditResult(consolidated.source, consolidated.kind, None, findings, False), notes
    findings.extend(check_report(report))
    government = agency_key(report.agency)
    by_agency: dict[str, tuple[str, Report]] = {}
    for result in subtree:
        other = result.report
        if other is None:
            continue
        key = agency_key(other.agency)
        if other.year != report.year or (government and key == government):
            notes.append(
                warning(
                    "audit.W002",
                    f"{result.source}（{other.agency or '机关未知'} {other.year or '年度未知'}）"
                    f"不是 {report.year} 年度下级机关的报告，未参与上下级核对。",
                )
            )
            continue
        by_agency.setdefault(key or result.source, (other.agency or result.source, other))
    included = [Member(name, found) for name, found in by_agency.values()]
    for name in members or ():
        if name.strip() and agency_key(name) not in by_agency and agency_key(name) != government:
            included.append(Member(name.strip(), None))
    own_cells = None
    if own is not None:
        own_cells = {
            path: Decimal(str(value)) if isinstance(value, float | str) else value
            for path, value in own.cells()
        }
    findings.extend(check_levels(report, included, own=own_cells))
    return AuditResult(consolidated.source, consolidated.kind, report, findings, True), notes


def _member_names(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8-sig").splitlines() if line.strip()]


# --- output -----------------------------------------------------------------------------------

KIND_NAMES = {
    "pdf": "PDF",
    "docx": "Word",
    "html": "HTML",
    "md": "Markdown",
    "text": "文本",
    "json": "JSON",
    "unknown": "未知格式",
}
_KEY_FIGURES = (("new_this_year", "新收申请"), ("total_handled", "办结"), ("carried_forward", "结转下年"))


def summary_lines(result: AuditResult) -> list[str]:
    """Return the human summary of one result: a heading line, key figures, one line per finding."""
    report = result.report
    if report is None:
        head = f"{result.source} — 无法读取（{KIND_NAMES.get(result.kind, result.kind)}）"
    else:
        year = f"{report.year} 年度" if report.year is not None else "年度未知"
        head = (
            f"{result.source} — {report.agency or '机关未知'} {year} · {KIND_NAMES.get(result.kind, result.kind)} · "
            f"{fmt.FORMAT_NAMES.get(report.format, report.format)} · "
            f"错误 {result.count('error')} · 警告 {result.count('warning')}"
        )
    lines = [head]
    if report is not None and "applications" in report.tables_present:
        figures = " · ".join(
            f"{label} {_show(report.applications[row]['total'])}" for row, label in _KEY_FIGURES
        )
        lines.append(f"  申请：{figures}")
    lines.extend(f"  {finding}" for finding in result.findings)
    return lines


def _show(value: object) -> str:
    return "—" if value is None else str(value)


def write_text(results: Sequence[AuditResult], notes: Sequence[Finding], out: TextIO) -> None:
    """Write each result's summary, then the batch totals; one write per block (Django's
    OutputWrapper ends every write with a newline)."""
    for note in notes:
        out.write(f"{note}\n")
    for result in results:
        out.write("\n".join(summary_lines(result)) + "\n\n")
    unread = sum(1 for r in results if not r.readable)
    errors = sum(r.count("error") for r in results if r.readable)
    warnings = sum(r.count("warning") for r in results if r.readable)
    out.write(
        f"共 {len(results)} 个文件：可读 {len(results) - unread} 个，无法读取 {unread} 个；"
        f"可读报告中错误 {errors} 条，警告 {warnings} 条。\n"
    )


def write_json(results: Sequence[AuditResult], out: TextIO) -> None:
    out.write(json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=2) + "\n")


CSV_EXTRA_COLUMNS = ("source", "errors", "warnings")


def write_csv(results: Sequence[AuditResult], path: Path) -> int:
    """Write one row per report read (source, error and warning counts, then every cell); return rows.

    The layout is the renderer's (gongkai.report.render.csv); UTF-8 with BOM so Excel opens it.
    A file that gave no report has no row: its cells would all be blank, and it is in the summary.
    """
    rows = [
        (r.report, (r.source, str(r.count("error")), str(r.count("warning"))))
        for r in results
        if r.report is not None
    ]
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        return write_reports(out, rows, extra=CSV_EXTRA_COLUMNS)


# --- command line -----------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the auditor's options; shared by the Django command and ``main``."""
    parser.add_argument("paths", nargs="+", metavar="FILE_OR_DIR", help="报告文件或目录（递归查找）")
    parser.add_argument(
        "--json", action="store_true", help="输出 JSON 数组（CODES.md 对象，含 source 与 findings）"
    )
    parser.add_argument("--csv", metavar="OUT", type=Path, help="写出 CSV：每份报告一行，含全部单元格")
    parser.add_argument(
        "--html",
        metavar="DIR",
        type=Path,
        help="写出静态网页：每份报告一页（表格与原文对照）及索引 index.html",
    )
    parser.add_argument(
        "--workers", type=int, default=1, metavar="N", help="并行读取的进程数（0 或负数 = CPU 核数）"
    )
    parser.add_argument("--previous", metavar="FILE", type=Path, help="上年度报告，用于同比核对")
    parser.add_argument("--no-pairing", action="store_true", help="不在批次中自动配对同一机关的上年报告")
    parser.add_argument("--no-progress", action="store_true", help="不显示进度条")
    parser.add_argument(
        "--consolidated",
        metavar="FILE",
        type=Path,
        help="人民政府的汇总年度报告：与其余文件（下级机关的报告）作上下级核对",
    )
    parser.add_argument(
        "--own", metavar="FILE", type=Path, help="与 --consolidated 同用：政府本级的年度报告（核对差额）"
    )
    parser.add_argument(
        "--members",
        metavar="FILE",
        type=Path,
        help="与 --consolidated 同用：纳入汇总的机关名单（每行一个），列出缺少报告的机关",
    )


def run(options: dict[str, Any], *, stdout: TextIO, stderr: TextIO) -> int:
    """Run an audit for parsed options and return the exit status (0, or 2 if a file was unreadable)."""
    previous = None
    if options.get("previous"):
        read = audit_read(options["previous"])
        if read.readable:
            previous = read.report
        else:
            stderr.write(
                f"上年报告 {options['previous']} 无法读取，未作同比核对：{'；'.join(map(str, read.findings))}\n"
            )
    workers = options.get("workers")
    workers = 1 if workers is None else workers if workers > 0 else os.cpu_count() or 1
    results, notes = audit_files(
        options["paths"],
        workers=workers,
        previous=previous,
        pair_years=not options.get("no_pairing"),
        progress=not options.get("no_progress"),
    )
    if options.get("consolidated"):
        whole, more = _consolidated(options, results, stderr)
        results, notes = [whole, *results], [*notes, *more]
    if options.get("json"):
        write_json(results, stdout)
        for note in notes:
            stderr.write(f"{note}\n")
    else:
        write_text(results, notes, stdout)
    if options.get("csv"):
        write_csv(results, options["csv"])
    if options.get("html"):
        from .audit_html import write_html  # cycle: audit_html imports AuditResult and KIND_NAMES from here

        write_html(results, options["html"])
    return EXIT_OK if all(r.readable for r in results) else EXIT_UNREADABLE


def _consolidated(
    options: dict[str, Any], results: list[AuditResult], stderr: TextIO
) -> tuple[AuditResult, list[Finding]]:
    """Read the --consolidated, --own and --members files and check across levels."""
    own = None
    if options.get("own"):
        read = audit_read(options["own"])
        if read.readable:
            own = read.report
        else:
            stderr.write(
                f"本级报告 {options['own']} 无法读取，未核对差额：{'；'.join(map(str, read.findings))}\n"
            )
    names = None
    if options.get("members"):
        try:
            names = _member_names(options["members"])
        except (OSError, UnicodeDecodeError) as exc:
            stderr.write(f"机关名单 {options['members']} 无法读取，未列出缺少的报告：{exc}\n")
    return audit_consolidated(audit_read(options["consolidated"]), results, own=own, members=names)


def main(argv: Sequence[str] | None = None) -> int:
    """Audit from the command line without Django: ``python -m gongkai.report.audit``."""
    parser = argparse.ArgumentParser(prog="gongkai audit", description="审核政府信息公开工作年度报告")
    add_arguments(parser)
    return run(vars(parser.parse_args(argv)), stdout=sys.stdout, stderr=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
