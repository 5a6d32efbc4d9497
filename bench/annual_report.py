"""Benchmark the annual report: the full report of one agency-year against a plain COUNT(*).

    python -m bench --only annual_report            # 100,000 applications, 1,000,000 documents
    python -m bench --only annual_report --quick    # 10,000 applications, 100,000 documents

Builds one agency-year in a fresh database — a temporary SQLite file, then (when PostgreSQL
answers, or GONGKAI_DATABASE_URL points at it) a fresh database on PostgreSQL — and times the
whole computation the generator runs (the three tables with their aggregate queries, the
narrative figures, the drafted text and the checks) next to one plain ``COUNT(*)`` over the same
application rows and one over the same document rows. Target: the report at most 5 times the
two counts together. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta

from bench._engines import child_setup, on_each_engine, postgres_url
from bench._records import application as bench_application
from bench._records import aware

CHILD = "annual_report"
YEAR = 2025


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.annual_report")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--applications", type=int, default=None)
    parser.add_argument("--documents", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sqlite-only", action="store_true")
    args, _ = parser.parse_known_args(argv)
    args.applications = args.applications or (10_000 if args.quick else 100_000)
    args.documents = args.documents or (100_000 if args.quick else 1_000_000)
    return args


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if os.environ.get("GONGKAI_BENCH_CHILD") == CHILD:
        return run(parse_args(argv))
    args = parse_args(argv)
    postgres = None if args.sqlite_only else postgres_url(probe_local=True)
    return on_each_engine("annual_report", CHILD, argv, db_name="gongkai_bench_report", postgres=postgres)


# --------------------------------------------------------------------------------------------


def run(args) -> int:
    child_setup()
    from django.db import connection

    rng = random.Random(2025)
    started = time.monotonic()
    agency, user = _agency()
    _documents(rng, agency, user, args.documents)
    _applications(rng, agency, args.applications)
    _registers(rng, agency)
    from gongkai.publishing.counters import rebuild_column_counts

    rebuild_column_counts(agency)  # bulk inserts bypass the signals that keep the counters
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as a long-running database would have
    print(
        f"built {args.applications:,} applications and {args.documents:,} documents for one agency-year "
        f"in {time.monotonic() - started:.0f} s",
        flush=True,
    )
    _measure(agency, args.repeat)
    return 0


def _agency():
    from gongkai.agencies.models import Agency, User
    from gongkai.core.identifiers import credit_code_check_char

    first17 = "11410300005184193"
    agency = Agency.objects.create(name="基准测试局", credit_code=first17 + credit_code_check_char(first17))
    return agency, User.objects.create(username="bench", agency=agency)


def _documents(rng, agency, user, total: int) -> None:
    from gongkai.publishing.models import Column, ColumnKind, Document

    columns = [
        Column.objects.create(agency=agency, name=f"栏目{i}", kind=kind, position=i)
        for i, kind in enumerate(
            [ColumnKind.NEWS, ColumnKind.NOTICE, ColumnKind.POLICY, ColumnKind.PROCUREMENT] * 3
        )
    ]
    through = Document.columns.through
    batch = 20_000
    for start in range(0, total, batch):
        docs = []
        for i in range(start, min(total, start + batch)):
            day = date(YEAR, 1, 1) + timedelta(days=i % 365)
            docs.append(
                Document(
                    agency=agency,
                    title=f"文件{i}",
                    body="",
                    index_number=f"{agency.credit_code}/{YEAR}-{i:07d}",
                    formed_on=day,
                    status="published",
                    published_at=aware(day, 8 + i % 10),
                    version=1,
                    created_by=user,
                )
            )
        created = Document.objects.bulk_create(docs, batch_size=2000)
        through.objects.bulk_create(
            [through(document_id=d.pk, column_id=columns[rng.randrange(len(columns))].pk) for d in created],
            batch_size=5000,
        )


def _applications(rng, agency, total: int) -> None:
    from gongkai.applications.models import Application, RemedyCase
    from gongkai.report import format as fmt

    categories = list(fmt.APPLICANT_CATEGORIES)
    outcomes = list(fmt.OUTCOME_CODES)
    batch = 10_000
    made = 0
    for start in range(0, total, batch):
        apps = []
        for i in range(start, min(total, start + batch)):
            received = date(YEAR - 1, 11, 1) + timedelta(days=rng.randrange(425))
            decided = received + timedelta(days=rng.randint(1, 40))
            if decided > date(YEAR + 1, 3, 1) or rng.random() < 0.03:
                decided = None
            apps.append(
                bench_application(
                    agency,
                    f"B{i:09d}",
                    received=received,
                    decided=decided,
                    category=rng.choice(categories),
                    outcome=rng.choice(outcomes) if decided else "",
                )
            )
        created = Application.objects.bulk_create(apps, batch_size=1000)
        made += len(created)
        RemedyCase.objects.bulk_create(
            [
                RemedyCase(application=a, kind="reconsideration", filed_on=date(YEAR, 6, 1), body="复议机关")
                for a in created[:20]
            ]
        )


def _registers(rng, agency) -> None:
    from decimal import Decimal

    from gongkai.publishing.models import NormativeRecord, YearlyFigures

    NormativeRecord.objects.bulk_create(
        [
            NormativeRecord(
                agency=agency, title=f"规范性文件{i}", issued_on=date(YEAR - rng.randint(0, 5), 3, 1)
            )
            for i in range(300)
        ]
    )
    YearlyFigures.objects.create(
        agency=agency, year=YEAR, licensing=1, penalty=2, coercion=3, fees_10k_yuan=Decimal("1.5")
    )


def _measure(agency, repeat: int) -> None:
    from django.db import connection

    from gongkai.annual_report.compute import compute_figures, compute_tables
    from gongkai.annual_report.models import AnnualReport
    from gongkai.annual_report.narrative import draft_text
    from gongkai.report.checks import check_report

    def full_report():
        report = AnnualReport(agency=agency, year=YEAR)
        report.tables = compute_tables(agency, YEAR)
        report.figures = compute_figures(agency, YEAR)
        report.text = draft_text(agency=agency.name, year=YEAR, figures=report.figures)
        return check_report(report.to_report())

    def counts():
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM applications_application WHERE agency_id = %s", [agency.pk])
            cursor.fetchone()
            cursor.execute("SELECT COUNT(*) FROM publishing_document WHERE agency_id = %s", [agency.pk])
            cursor.fetchone()

    def timed(fn):
        samples = []
        fn()  # warm the caches once
        for _ in range(repeat):
            started = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - started)
        return statistics.median(samples)

    report_s = timed(full_report)
    count_s = timed(counts)
    print(f"  full report (tables + figures + text + checks): {1000 * report_s:8.1f} ms (median of {repeat})")
    print(f"  COUNT(*) applications + COUNT(*) documents:     {1000 * count_s:8.1f} ms")
    verdict = "meets" if report_s <= 5 * count_s else "MISSES"
    print(f"  ratio {report_s / count_s:.2f}× — {verdict} the target of at most 5×", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
