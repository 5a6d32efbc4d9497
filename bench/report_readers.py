"""Reading speed and accuracy per layout of the realistic corpus (gongkai.report.corpus).

Every layout of docs/domain/REPORT_LAYOUTS.md is written from the same random consistent
reports; each batch is read back through ``read_report`` on one core (CPU time of this process)
and compared cell by cell: exact, unknown (None) or wrong. Targets (issue 11): text ≥500
reports/s, full CMS HTML pages (~150 KB) ≥200/s, PDF ≥10/s; 0 wrong cells, ≥99% exact
(≥95% collapsed crawler text, ≥98% OCR). Scanned PDFs are read by OCR when Tesseract is installed;
their time counts Tesseract's own CPU (child processes) and OCR pages/s is printed.

With --ambiguity, each text layout also says why its unknown cells are unknown: a cell is
provably ambiguous when it takes two or more values among the cuts its printed row allows (its
cell count, numbers without leading zeros of at most seven digits, each group's total; sections
二 and 四 have no identity across rows, section 三's identities are the reader's own).

    python -m bench --only report_readers [--quick] [--count N] [--layout NAME …] [--ambiguity]
"""

from __future__ import annotations

import argparse
import os
import random
import time

from gongkai.report.checks import check_report
from gongkai.report.corpus import LAYOUT_BY_NAME, LAYOUTS, Sample, Score, random_report, score, write
from gongkai.report.read import ReadResult, decode_text, ocr, read_report
from gongkai.report.read.text import printed_rows
from gongkai.report.read.text.split import all_cuts
from gongkai.report.read.text.tables import GROUP_ROW, cell_paths, shape_of

TARGETS = {"text": 500.0, "md": 500.0, "html": 200.0, "pdf": 10.0, "docx": None, "scan": None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.report_readers")
    parser.add_argument("--quick", action="store_true", help="40 reports per layout instead of 200")
    parser.add_argument("--count", type=int, default=None)
    parser.add_argument(
        "--layout", action="append", default=[], metavar="NAME", help="only this layout (repeatable)"
    )
    parser.add_argument("--ambiguity", action="store_true", help="count the unknown cells no cut decides")
    args, _ = parser.parse_known_args(argv)
    count = args.count or (40 if args.quick else 200)
    unknown = [name for name in args.layout if name not in LAYOUT_BY_NAME]
    if unknown:
        parser.error(f"unknown layout(s): {', '.join(unknown)}; available: {', '.join(LAYOUT_BY_NAME)}")
    layouts = [LAYOUT_BY_NAME[name] for name in args.layout] or list(LAYOUTS)
    reports = [random_report(random.Random(seed)) for seed in range(count)]
    started = time.process_time()
    for report in reports:
        check_report(report)
    checks = time.process_time() - started
    print(f"{count} random consistent reports; checks alone {count / checks:.0f} reports/s")
    print(f"  {'layout':<22}{'kind':<6}{'reports/s':>10}  {'target':>7}  {'exact':>7}  unknown  wrong  size")
    status = 0
    ocr_rate, pages = 0.0, 0
    for layout in layouts:
        n = count if layout.kind not in ("pdf", "scan", "docx") else max(5, count // 10)
        samples = [write(report, layout, random.Random(i)) for i, report in enumerate(reports[:n])]
        if layout.kind == "scan":
            n = max(2, count // 20)
            samples = samples[:n]
        started = _cpu()
        results = [read_report(s.data, source=s.name) for s in samples]
        seconds = _cpu() - started
        total = Score(wrong_cells=[])
        for sample, result in zip(samples, results, strict=True):
            total = total.add(score(sample.expected, result.report))
        rate = n / seconds if seconds else float("inf")
        target = TARGETS[layout.kind]
        flag = "" if target is None or rate >= target else "  BELOW TARGET"
        size = sum(len(s.data) for s in samples) / n / 1024
        print(
            f"  {layout.name:<22}{layout.kind:<6}{rate:>10.1f}  {'' if target is None else f'≥{target:.0f}':>7}"
            f"  {100 * total.exact_share:>6.2f}%  {total.unknown:>7}  {total.wrong:>5}  {size:>5.0f} KB{flag}"
        )
        if total.wrong:
            status = 1
            print("    wrong:", "; ".join((total.wrong_cells or [])[:5]))
        if args.ambiguity and layout.kind in ("text", "md") and total.unknown:
            ambiguous, unlisted = _ambiguity(samples, results)
            print(
                f"    unknown {total.unknown}: {ambiguous} provably ambiguous (two or more values among"
                f" every cut their row allows), {unlisted} in rows with too many cuts to list,"
                f" {total.unknown - ambiguous - unlisted} other"
            )
        if layout.kind == "scan":
            pages = sum(_pages(sample.data) for sample in samples)
            ocr_rate = pages / seconds if seconds else float("inf")
    if any(layout.kind == "scan" for layout in layouts):
        if ocr.available():
            print(f"  OCR: {ocr_rate:.2f} pages/s ({pages} scanned pages, CPU time including Tesseract)")
        else:
            print("  OCR: Tesseract not installed — scanned PDFs are detected (read.E071), not read")
    return status


def _ambiguity(samples: list[Sample], results: list[ReadResult]) -> tuple[int, int]:
    """Count the unknown cells that take several values among their row's cuts, and those in
    rows whose cuts are too many to list."""
    ambiguous = unlisted = 0
    for sample, result in zip(samples, results, strict=True):
        got = result.report
        unknown = {
            path
            for path, value in sample.expected.cells()
            if value is not None and (got is None or got.get(*path) is None)
        }
        if not unknown:
            continue
        for target, chunks in printed_rows(decode_text(sample.data) or "").items():
            paths = cell_paths(target) if not target[1].startswith(GROUP_ROW) else ()
            wanted = [i for i, path in enumerate(paths) if path in unknown]
            if not wanted:
                continue
            cuts = all_cuts(chunks, shape_of(target))
            if cuts is None:
                unlisted += len(wanted)
                continue
            ambiguous += sum(len({cut[i] for cut in cuts}) >= 2 for i in wanted)
    return ambiguous, unlisted


def _cpu() -> float:
    """CPU seconds of this process and its finished children (Tesseract runs as a child).

    The process's own time from process_time (fine-grained: os.times counts in clock ticks of
    10 ms, too coarse for a quick batch of text reports), its children's from os.times.
    """
    times = os.times()
    return time.process_time() + times.children_user + times.children_system


def _pages(data: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


if __name__ == "__main__":
    raise SystemExit(main())
