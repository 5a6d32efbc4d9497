"""Benchmark supervision at the scale of a province (issue 14.7), each path beside one COUNT(*).

    python -m bench --only supervision            # 300 agencies × 5 years, 100 applications each
    python -m bench --only supervision --quick    # 60 agencies × 5 years, 40 applications each

Builds, in a fresh database (a temporary SQLite file, then a fresh PostgreSQL database when
GONGKAI_DATABASE_URL points at one), a province government whose supervisor oversees 300
agencies, among them a city government with 100 agencies below it, each with applications,
remedy cases and entered figures for five years and a published report per year. Then times,
each next to one plain ``COUNT(*)`` over the application rows the path summarises:

- the supervisor's overview (``annual_report.selectors.overview_rows``): every agency's report
  for one year — against the applications of those agencies received in that year;
- the comparison page's content (``oversight.selectors.agency_year_figures`` and
  ``oversight.comparison.panels``): 300 agencies × 5 years — against all their applications;
  and the figures alone (the agencies and ``agency_year_figures``, without the charts, tables
  and rankings built from them);
- the consolidated report (``annual_report.services.fresh_version`` of the city: tables from
  the aggregates, contributions, narrative, checks; and ``consolidation.consolidate`` alone) —
  against the city subtree's applications of the year.

The goal is at most 2× the count. Figures are printed, never asserted. On SQLite, whose engine
runs inside the benchmark's process, the CPU times are printed too: they do not move with the
machine's load as wall times do (a loaded machine slows a short COUNT more than a longer path).
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

CHILD = "supervision"
YEARS = list(range(2021, 2026))
CONSOLIDATED_YEAR = 2024
GOAL = 2.0


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.supervision")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--agencies", type=int, default=None, help="agencies the supervisor oversees")
    parser.add_argument("--city", type=int, default=None, help="agencies below the consolidating city")
    parser.add_argument("--per-year", type=int, default=None, help="applications per agency-year")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print where each path spends its time")
    args, _ = parser.parse_known_args(argv)
    args.agencies = args.agencies or (60 if args.quick else 300)
    args.city = args.city or (20 if args.quick else 100)
    args.per_year = args.per_year or (40 if args.quick else 100)
    return args


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if os.environ.get("GONGKAI_BENCH_CHILD") == CHILD:
        return run(parse_args(argv))
    return on_each_engine(
        "supervision", CHILD, argv, db_name="gongkai_bench_supervision", postgres=postgres_url()
    )


# --------------------------------------------------------------------------------------------


def run(args) -> int:
    child_setup()
    from django.db import connection

    rng = random.Random(2025)
    started = time.monotonic()
    supervisor, city, agencies = _agencies(args.agencies, args.city)
    _records(rng, agencies, args.per_year)
    _aggregates_and_reports(agencies)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as a long-running database would have
    print(
        f"built {len(agencies)} agencies × {len(YEARS)} years ({args.per_year} applications each, "
        f"the city with {args.city} agencies below it) in {time.monotonic() - started:.0f} s",
        flush=True,
    )
    _measure(supervisor, city, agencies, args.repeat, profile=args.profile)
    return 0


def _code(n: int) -> str:
    from gongkai.core.identifiers import credit_code_check_char

    first17 = f"1141{n:013d}"
    return first17 + credit_code_check_char(first17)


def _agencies(total: int, below_city: int):
    """The province (the supervisor's), the city government with ``below_city`` agencies, the rest."""
    from gongkai.agencies.models import Agency, AgencyKind, RoleGrant, User

    province = Agency.objects.create(name="基准省人民政府", credit_code=_code(0), kind=AgencyKind.GOVERNMENT)
    city = Agency.objects.create(
        name="基准市人民政府", credit_code=_code(1), kind=AgencyKind.GOVERNMENT, parent=province
    )
    agencies = [city]
    for n in range(below_city):
        agencies.append(Agency.objects.create(name=f"基准市第{n}局", credit_code=_code(2 + n), parent=city))
    for n in range(total - 1 - below_city):
        agencies.append(
            Agency.objects.create(name=f"基准省第{n}厅", credit_code=_code(5000 + n), parent=province)
        )
    supervisor = User.objects.create(username="bench", agency=province)
    RoleGrant.objects.create(user=supervisor, role="supervisor")
    return supervisor, city, agencies


def _records(rng, agencies, per_year: int) -> None:
    """Applications (answered, a few open at the year's end), remedy cases and entered figures."""
    from decimal import Decimal

    from gongkai.applications.models import Application, RemedyCase
    from gongkai.publishing.models import YearlyFigures
    from gongkai.report import format as fmt

    categories = list(fmt.APPLICANT_CATEGORIES)
    outcomes = list(fmt.OUTCOME_CODES)
    n = 0
    for agency in agencies:
        apps = []
        for year in YEARS:
            for _ in range(per_year):
                n += 1
                received = date(year, 1, 2) + timedelta(days=rng.randrange(360))
                decided = received + timedelta(days=rng.randint(1, 30))
                apps.append(
                    bench_application(
                        agency,
                        f"S{n:09d}",
                        received=received,
                        decided=decided,
                        category=rng.choice(categories),
                        outcome=rng.choice(outcomes),
                        due_date=received + timedelta(days=28),
                    )
                )
        created = Application.objects.bulk_create(apps, batch_size=1000)
        cases = []
        for a in created[:: max(1, per_year // 3)]:
            outcome = rng.choice(["upheld", "corrected", "pending"])
            cases.append(
                RemedyCase(
                    application=a,
                    kind="reconsideration",
                    filed_on=a.decided_on + timedelta(days=20),
                    body="复议机关",
                    outcome=outcome,
                    concluded_on=None if outcome == "pending" else a.decided_on + timedelta(days=60),
                )
            )
        RemedyCase.objects.bulk_create(cases)
        YearlyFigures.objects.bulk_create(
            [
                YearlyFigures(
                    agency=agency,
                    year=year,
                    licensing=rng.randint(0, 5000),
                    penalty=rng.randint(0, 50),
                    coercion=rng.randint(0, 5),
                    fees_10k_yuan=Decimal(rng.randint(0, 10000)) / 100,
                )
                for year in YEARS
            ]
        )


def _aggregates_and_reports(agencies) -> None:
    """Count the aggregates (bulk inserts bypass the signals) and publish a report per agency-year."""
    from django.db import transaction

    from gongkai.annual_report import aggregates
    from gongkai.annual_report.models import AnnualReport, headline_of

    reports = []
    for agency in agencies:
        for year in YEARS:
            with transaction.atomic():  # a recount locks its row, as in a writing transaction
                row = aggregates.recount(agency.pk, year)
            reports.append(
                AnnualReport(
                    agency=agency,
                    year=year,
                    status="published",
                    consolidated=agency.kind == "government",
                    tables=(
                        tables := {
                            "proactive": row.proactive,
                            "applications": row.applications,
                            "remedies": row.remedies,
                        }
                    ),
                    headline=headline_of(tables),  # bulk_create does not call save()
                    text={"overview": "基准", "problems": "基准", "other": "基准"},
                    published_at=aware(date(year + 1, 1, 20)),
                    published_on=date(year + 1, 1, 20),
                )
            )
    AnnualReport.objects.bulk_create(reports, batch_size=500)


def _measure(supervisor, city, agencies, repeat: int, *, profile: bool = False) -> None:
    from django.db import connection, reset_queries
    from django.utils import timezone

    from gongkai.annual_report.consolidation import consolidate, members
    from gongkai.annual_report.selectors import overview_rows
    from gongkai.annual_report.services import fresh_version
    from gongkai.oversight import comparison
    from gongkai.oversight.selectors import agency_year_figures, comparison_agencies

    today = timezone.localdate()
    year = YEARS[-1]
    every = [a.pk for a in agencies]
    subtree = [a.pk for a in members(city)]

    def overview():
        return overview_rows(supervisor, year)

    def compare():
        shown = comparison_agencies(supervisor)
        figures = agency_year_figures(shown, YEARS)
        return comparison.panels(shown, YEARS, figures, rank_year=year, today=today)

    def figures_alone():
        return agency_year_figures(comparison_agencies(supervisor), YEARS)

    def consolidated():
        return fresh_version(agency=city, year=CONSOLIDATED_YEAR)

    def tables_alone():
        return consolidate(city, CONSOLIDATED_YEAR)

    def count(ids, first: int, last: int):
        def fn():
            marks = ", ".join(["%s"] * len(ids))
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT COUNT(*) FROM applications_application WHERE agency_id IN ({marks}) "  # noqa: S608
                    "AND received_on >= %s AND received_on < %s",
                    [*ids, date(first, 1, 1), date(last + 1, 1, 1)],
                )
                return cursor.fetchone()[0]

        return fn

    def timed(fn):
        """Median wall time and median CPU time of this process (SQLite runs inside it)."""
        fn()  # warm the caches once
        wall, cpu = [], []
        for _ in range(repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            fn()
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        return statistics.median(wall), statistics.median(cpu)

    def queries(fn) -> int:
        from django.conf import settings

        debug, settings.DEBUG = settings.DEBUG, True
        reset_queries()
        try:
            fn()
            return len(connection.queries)
        finally:
            settings.DEBUG = debug

    cases = [
        (f"overview, {len(agencies)} agencies, {year}", overview, count(every, year, year)),
        (f"comparison, {len(agencies)} agencies × {len(YEARS)} years", compare, count(every, YEARS[0], year)),
        (
            f"  of which the figures alone (agencies and agency_year_figures), {len(YEARS)} years",
            figures_alone,
            count(every, YEARS[0], year),
        ),
        (
            f"consolidated report, city + {len(subtree) - 1} agencies, {CONSOLIDATED_YEAR}",
            consolidated,
            count(subtree, CONSOLIDATED_YEAR, CONSOLIDATED_YEAR),
        ),
        (
            f"  of which the tables and contributions alone (consolidate), {CONSOLIDATED_YEAR}",
            tables_alone,
            count(subtree, CONSOLIDATED_YEAR, CONSOLIDATED_YEAR),
        ),
    ]
    in_process = connection.vendor == "sqlite"
    for label, fn, counter in cases:
        (path_s, path_cpu), (count_s, count_cpu) = timed(fn), timed(counter)
        rows = counter()
        ratio = path_s / count_s
        verdict = "meets" if ratio <= GOAL else "MISSES"
        print(f"  {label}: {1000 * path_s:.1f} ms in {queries(fn)} queries (median of {repeat})")
        print(f"    COUNT(*) over the same {rows:,} applications: {1000 * count_s:.1f} ms")
        print(f"    ratio {ratio:.2f}× — {verdict} the goal of at most {GOAL:g}×", flush=True)
        if in_process:  # the database works inside this process: CPU time does not depend on load
            cpu_ratio = path_cpu / count_cpu if count_cpu else float("inf")
            print(
                f"    CPU time {1000 * path_cpu:.1f} ms against {1000 * count_cpu:.1f} ms: {cpu_ratio:.2f}×",
                flush=True,
            )
        if profile:
            _profile(fn)


def _profile(fn) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(fn)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(18)


if __name__ == "__main__":
    raise SystemExit(main())
