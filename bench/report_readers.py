"""Reports per second for each reader of published annual reports, and the checks alone.

Generates a batch of random consistent reports (all the identities of RULES.md §6 hold), renders
each in every layout the project writes, then times reading the batch back on one core (CPU
time of this process). Target (issue): at least 200 text or HTML reports per second.

    python -m bench --only report_readers [--quick] [--count N]
"""

from __future__ import annotations

import argparse
import random
import time
from decimal import Decimal

from gongkai.report import format as fmt
from gongkai.report.checks import check_report
from gongkai.report.model import Report
from gongkai.report.read import read_report
from gongkai.report.render import render

SENTENCES = (
    "本机关认真贯彻落实政府信息公开条例，持续推进政务公开标准化规范化。",
    "全年通过政府网站主动公开政府信息，及时回应社会关切。",
    "严格执行信息发布三审三校机制，落实保密审查责任。",
    "定期检查网站栏目更新情况，开展政务公开业务培训。",
)


def random_report(rng: random.Random, n: int) -> Report:
    report = Report(agency=f"测试市第{n}局", year=rng.randint(2021, 2025))
    for table in fmt.PROACTIVE_TABLES:
        for row in table.rows:
            for cell in table.cells:
                value = Decimal(rng.randint(0, 10**7)) / 1000 if cell.decimal else rng.randint(0, 5000)
                report.set("proactive", row.code, cell.code, value)
    totals = {r.code: 0 for r in fmt.APPLICATION_ROWS}
    for column in fmt.APPLICANT_CATEGORIES:
        outcomes = {code: (rng.randint(0, 40) if rng.random() < 0.4 else 0) for code in fmt.OUTCOME_CODES}
        handled = sum(outcomes.values())
        carried_forward = rng.randint(0, 10)
        carried_over = rng.randint(0, min(10, handled + carried_forward))
        values = {
            **outcomes,
            "total_handled": handled,
            "carried_forward": carried_forward,
            "carried_over": carried_over,
            "new_this_year": handled + carried_forward - carried_over,
        }
        for code, value in values.items():
            report.set("applications", code, column, value)
            totals[code] += value
    for code, value in totals.items():
        report.set("applications", code, "total", value)
    for group in fmt.REMEDY_GROUPS:
        parts = {p: rng.randint(0, 5) for p in fmt.REMEDY_PARTS}
        for p, v in parts.items():
            report.set("remedies", group.code, p, v)
        report.set("remedies", group.code, "total", sum(parts.values()))
    report.text = {
        "overview": "\n".join(rng.choice(SENTENCES) for _ in range(6)),
        "problems": rng.choice(SENTENCES),
        "other": f"依据《政府信息公开信息处理费管理办法》，本机关收取信息处理费{rng.randint(0, 900)}元。",
    }
    return report


def _time_reads(blobs: list[bytes], reports: list[Report]) -> tuple[float, int]:
    started = time.process_time()
    exact = 0
    for blob, original in zip(blobs, reports, strict=True):
        result = read_report(blob, source="bench")
        if result.report is not None and result.report.cells() == original.cells():
            exact += 1
    return time.process_time() - started, exact


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.report_readers")
    parser.add_argument("--quick", action="store_true", help="200 reports instead of 1,000")
    parser.add_argument("--count", type=int, default=None)
    parser.add_argument("--pdf-distinct", type=int, default=None, help="distinct PDFs to render (slow)")
    args, _ = parser.parse_known_args(argv)
    count = args.count or (200 if args.quick else 1000)
    pdf_distinct = args.pdf_distinct or (5 if args.quick else 20)
    rng = random.Random(20231231)
    reports = [random_report(rng, i) for i in range(count)]
    print(f"{count} random consistent reports generated")

    started = time.process_time()
    for report in reports:
        check_report(report)
    checks = time.process_time() - started
    print(f"  checks alone           {count / checks:8.0f} reports/s  ({1000 * checks / count:.2f} ms each)")

    for kind in ("txt", "html", "md", "json", "docx"):
        blobs = []
        for report in reports:
            rendered = render(report, kind)
            blobs.append(rendered if isinstance(rendered, bytes) else rendered.encode("utf-8"))
        seconds, exact = _time_reads(blobs, reports)
        flag = "  (target ≥ 200/s)" if kind in ("txt", "html") else ""
        print(
            f"  read {kind:<5}             {count / seconds:8.0f} reports/s  all cells exact: {exact}/{count}{flag}"
        )

    # PDFs take about a second each to typeset, so a few distinct ones are read repeatedly.
    distinct = reports[:pdf_distinct]
    pdfs = [render(r, "pdf") for r in distinct]
    repeat = max(1, count // len(pdfs))
    seconds, exact = _time_reads(pdfs * repeat, distinct * repeat)
    n = len(pdfs) * repeat
    print(
        f"  read pdf              {n / seconds:8.1f} reports/s  all cells exact: {exact}/{n}"
        f"  ({len(pdfs)} distinct PDFs × {repeat})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
