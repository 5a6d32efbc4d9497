"""Reading speed and accuracy per layout of the realistic corpus (gongkai.report.corpus).

Every layout of docs/domain/REPORT_LAYOUTS.md is written from the same random consistent
reports; each batch is read back through ``read_report`` on one core (CPU time of this process)
and compared cell by cell: exact, unknown (None) or wrong. Targets (issue 11): text ≥500
reports/s, full CMS HTML pages (~150 KB) ≥200/s, PDF ≥10/s; 0 wrong cells, ≥99% exact
(≥95% collapsed crawler text, ≥98% OCR). Scanned PDFs are read by OCR when Tesseract is installed;
their time counts Tesseract's own CPU (child processes) and OCR pages/s is printed.

    python -m bench --only report_readers [--quick] [--count N] [--layout NAME …]
"""

from __future__ import annotations

import argparse
import os
import random
import time

from gongkai.report.checks import check_report
from gongkai.report.corpus import LAYOUT_BY_NAME, LAYOUTS, Score, random_report, score, write
from gongkai.report.read import ocr, read_report

TARGETS = {"text": 500.0, "md": 500.0, "html": 200.0, "pdf": 10.0, "docx": None, "scan": None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.report_readers")
    parser.add_argument("--quick", action="store_true", help="40 reports per layout instead of 200")
    parser.add_argument("--count", type=int, default=None)
    parser.add_argument(
        "--layout", action="append", default=[], metavar="NAME", help="only this layout (repeatable)"
    )
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
        if layout.kind == "scan":
            pages = sum(_pages(sample.data) for sample in samples)
            ocr_rate = pages / seconds if seconds else float("inf")
    if any(layout.kind == "scan" for layout in layouts):
        if ocr.available():
            print(f"  OCR: {ocr_rate:.2f} pages/s ({pages} scanned pages, CPU time including Tesseract)")
        else:
            print("  OCR: Tesseract not installed — scanned PDFs are detected (read.E071), not read")
    return status


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
