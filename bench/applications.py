"""Benchmark applications (依申请公开): the clerk's work list, the year's counts, concurrent submissions.

    python -m bench --only applications            # 100,000 applications, 60 s of submissions
    python -m bench --only applications --quick    # 5,000 applications, 10 s
    python -m bench.applications --applications 20000 --seconds 30 --threads 20

Fills a fresh database — a temporary SQLite file by default; when GONGKAI_DATABASE_URL points
at PostgreSQL, a new database ``<name>_bench_applications`` on that server, dropped afterwards —
with applications spread over 5 years and 50 agencies (bulk inserts), then prints:

* the work-list page (the real view, through Django's test client, as a clerk): p50/p95 of
  30 requests. Target on SQLite: under 100 ms;
* ``year_counts`` (outcome rows × applicant categories) for one agency and for all 50 at once.
  Target on SQLite: under 300 ms;
* N threads posting the real public form (one test client per thread, each request from its
  own address so that the per-IP limit does not apply) for a while: submitted, saved,
  duplicated tracking numbers (must be 0), plus repeated posts of an already used form token
  (must not create records).

Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
CHILD = "applications"


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m bench.applications", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--quick", action="store_true", help="5,000 applications and 10 seconds of submissions"
    )
    parser.add_argument("--applications", type=int, default=None, help="default 100,000 (5,000 with --quick)")
    parser.add_argument("--agencies", type=int, default=50)
    parser.add_argument(
        "--seconds", type=float, default=None, help="submission run (default 60; 10 with --quick)"
    )
    parser.add_argument("--threads", type=int, default=20)
    parser.add_argument("--requests", type=int, default=30, help="work-list requests timed")
    parser.add_argument("--seed", type=int, default=20250331)
    args, _ = parser.parse_known_args(argv)
    if args.applications is None:
        args.applications = 5_000 if args.quick else 100_000
    if args.seconds is None:
        args.seconds = 10.0 if args.quick else 60.0
    return args


def main(argv=None) -> int:
    """Run in a child process with its own database (safe to call from ``python -m bench``)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if os.environ.get("GONGKAI_BENCH_CHILD") == CHILD:
        return run(parse_args(argv))
    base_url = os.environ.get("GONGKAI_DATABASE_URL", "")
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-apps-") as tmp:
        drop = None
        if base_url.startswith(("postgres://", "postgresql://")):
            url, drop = _fresh_postgres(base_url)
        else:
            url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        env = dict(
            os.environ,
            GONGKAI_BENCH_CHILD=CHILD,
            GONGKAI_DATABASE_URL=url,
            GONGKAI_HOME=tmp,
            GONGKAI_MEDIA_ROOT=str(Path(tmp) / "media"),
            DJANGO_SETTINGS_MODULE="gongkai.settings",
            GONGKAI_LOG_LEVEL="ERROR",
        )
        env.pop("GONGKAI_DEBUG", None)
        try:
            return subprocess.call([sys.executable, "-m", "bench.applications", *argv], cwd=ROOT, env=env)
        finally:
            if drop is not None:
                drop()


def _fresh_postgres(url: str):
    """Create ``<db>_bench_applications`` beside the configured database; return its URL and a dropper."""
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'gongkai'}_bench_applications"
    admin = urlunsplit(parts._replace(path="/postgres"))

    def execute(sql: str) -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql)

    execute(f'DROP DATABASE IF EXISTS "{name}"')
    execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}")), lambda: execute(
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    )


# --------------------------------------------------------------------------------------------
# The child: build, then measure


def run(args) -> int:
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.ALLOWED_HOSTS = ["*"]
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor} · migrated in {time.monotonic() - started:.1f} s", flush=True)
    rng = random.Random(args.seed)
    started = time.monotonic()
    agencies, clerks = _agencies(args.agencies)
    built = _applications(rng, agencies, args.applications)
    print(
        f"built {built:,} applications over 5 years in {len(agencies)} agencies "
        f"in {time.monotonic() - started:.1f} s",
        flush=True,
    )
    _work_list(clerks, agencies, args.requests)
    _year_counts(agencies)
    _submissions(rng, agencies, args.seconds, args.threads)
    return 0


def _credit_code(first17: str) -> str:
    from gongkai.core.identifiers import credit_code_check_char

    return first17 + credit_code_check_char(first17)


def _resident_id(n: int) -> str:
    from gongkai.core.identifiers import resident_id_check_char

    born = date(1950, 1, 1) + timedelta(days=n % 18000)
    first17 = f"410302{born:%Y%m%d}{n % 1000:03d}"
    return first17 + resident_id_check_char(first17)


def _agencies(count: int):
    from gongkai.agencies.models import Agency, AgencyKind, RoleGrant, User

    city = Agency.objects.create(
        name="基准市人民政府", credit_code=_credit_code("11410300000000000"), kind=AgencyKind.GOVERNMENT
    )
    agencies = [city]
    for n in range(1, count):
        agencies.append(
            Agency.objects.create(
                name=f"基准市第{n}局", credit_code=_credit_code(f"1141030000000{n:04d}"), parent=city
            )
        )
    clerks = {}
    for agency in agencies:
        user = User(
            username=f"clerk{agency.pk}",
            agency=agency,
            full_name=f"{agency.name}办理员",
            email=f"clerk{agency.pk}@example.cn",
        )
        user.set_unusable_password()
        user.save()
        RoleGrant.objects.create(user=user, role="clerk")
        clerks[agency.pk] = user
    return agencies, clerks


CATEGORY_WEIGHTS = {
    "natural": 85,
    "commercial": 6,
    "research": 2,
    "social_welfare": 2,
    "legal_services": 3,
    "other": 2,
}
OUTCOME_WEIGHTS = {
    "disclosed": 40,
    "partially_disclosed": 8,
    "withheld.state_secret": 1,
    "withheld.prohibited_by_law": 1,
    "withheld.security_stability": 1,
    "withheld.third_party_rights": 3,
    "withheld.internal_affairs": 2,
    "withheld.process_information": 3,
    "withheld.enforcement_file": 1,
    "withheld.administrative_query": 2,
    "unavailable.not_held": 15,
    "unavailable.needs_creation": 3,
    "unavailable.still_unclear": 1,
    "not_handled.petition": 4,
    "not_handled.repeat": 3,
    "not_handled.publication": 1,
    "not_handled.excessive": 1,
    "not_handled.confirmation": 1,
    "otherwise_closed.no_correction": 3,
    "otherwise_closed.fee_unpaid": 1,
    "otherwise_closed.other": 5,
}
OPEN_WEIGHTS = {
    "in_progress": 70,
    "consultation": 8,
    "awaiting_correction": 10,
    "awaiting_fee": 2,
    "registered": 10,
}


def _applications(rng: random.Random, agencies, total: int) -> int:
    from django.utils import timezone

    from gongkai.applications.models import Application
    from gongkai.core.workdays import nth_working_day_after
    from gongkai.workdays.selectors import get_calendar

    calendar = get_calendar()
    today = timezone.localdate()
    first = today - timedelta(days=5 * 365)
    span = (today - first).days
    categories, category_weights = zip(*CATEGORY_WEIGHTS.items(), strict=True)
    outcomes, outcome_weights = zip(*OUTCOME_WEIGHTS.items(), strict=True)
    opens, open_weights = zip(*OPEN_WEIGHTS.items(), strict=True)
    tz = timezone.get_current_timezone()
    ids = [_resident_id(n) for n in range(20_000)]
    batch: list[Application] = []
    for n in range(total):
        received = first + timedelta(days=int(span * rng.random() ** 0.8))  # more in recent years
        agency = agencies[rng.randrange(len(agencies))]
        recent = (today - received).days < 45
        values = dict(
            agency=agency,
            tracking_number=f"YSQ{received.year}B{n:07d}",
            query_code_hash="pbkdf2_sha256$1$x$x",
            applicant_category=rng.choices(categories, category_weights)[0],
            applicant_name=f"申请人{n % 20_000}",
            id_type="resident_id",
            id_number=ids[rng.randrange(len(ids))],
            phone="13800138000",
            description="申请公开本机关年度预算执行情况及相关文件",
            provision_form="electronic",
            delivery_method="email",
            channel=rng.choice(["online", "online", "post", "in_person", "email"]),
            arrived_at=datetime.combine(received, datetime.min.time(), tz) + timedelta(hours=9),
            received_on=received,
            receipt_basis="confirmed",
        )
        if recent and rng.random() < 0.7:
            status = rng.choices(opens, open_weights)[0]
            values["status"] = status
            if status == "registered":
                values["received_on"] = None
                values["receipt_basis"] = ""
            elif status in ("in_progress", "awaiting_fee"):
                values["due_date"] = nth_working_day_after(calendar, received, 20).day
            else:
                values["clock_paused"] = True
        else:
            outcome = rng.choices(outcomes, outcome_weights)[0]
            decided = min(received + timedelta(days=rng.randrange(1, 40)), today)
            values.update(
                outcome=outcome,
                decided_on=decided,
                due_date=nth_working_day_after(calendar, received, 20).day,
                status="withdrawn"
                if outcome.startswith("otherwise_closed")
                else rng.choice(["delivered", "closed"]),
            )
        batch.append(Application(**values))
        if len(batch) >= 5_000:
            Application.objects.bulk_create(batch)
            batch.clear()
    Application.objects.bulk_create(batch)
    return Application.objects.count()


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def _work_list(clerks, agencies, requests: int) -> None:
    from django.db.models import Count
    from django.test import Client

    from gongkai.applications.models import Application
    from gongkai.applications.workflow import OPEN_STATUSES

    counts = dict(
        Application.objects.filter(status__in=[s.value for s in OPEN_STATUSES])
        .values_list("agency_id")
        .annotate(n=Count("pk"))
    )
    busiest = max(agencies, key=lambda a: counts.get(a.pk, 0))
    client = Client()
    client.force_login(clerks[busiest.pk])
    for bucket in ("open", "overdue"):
        url = f"/staff/applications/?bucket={bucket}"
        response = client.get(url)  # warm up: calendar snapshot, templates, jieba not involved
        assert response.status_code == 200, response.status_code
        samples = []
        for _ in range(requests):
            t0 = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - t0) * 1000)
        p50, p95 = _percentiles(samples)
        print(
            f"work list ({bucket}: a page of the {counts.get(busiest.pk, 0)} open in the busiest agency): "
            f"p50 {p50:.1f} ms · p95 {p95:.1f} ms (target < 100 ms)",
            flush=True,
        )


def _year_counts(agencies) -> None:
    from django.utils import timezone

    from gongkai.agencies.models import Agency
    from gongkai.applications.selectors import year_counts

    year = timezone.localdate().year - 1
    for label, target in (
        (f"one agency ({agencies[1].name})", agencies[1]),
        ("all 50 agencies", Agency.objects.all()),
    ):
        samples = []
        for _ in range(7):
            t0 = time.perf_counter()
            counts = year_counts(target, year)
            samples.append((time.perf_counter() - t0) * 1000)
        p50, _ = _percentiles(samples)
        c = counts
        identity = all(
            c["new_this_year"][k] + c["carried_over"][k] == c["total_handled"][k] + c["carried_forward"][k]
            for k in c["total_handled"]
        )
        print(
            f"year_counts {year}, {label}: median {p50:.1f} ms (target < 300 ms); handled "
            f"{c['total_handled']['total']:,}, identities hold: {identity}",
            flush=True,
        )


def _submissions(rng: random.Random, agencies, seconds: float, threads: int) -> None:
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from gongkai.applications.models import Application

    before = set(Application.objects.filter(channel="online").values_list("pk", flat=True))
    stop = time.monotonic() + seconds
    lock = threading.Lock()
    stats = {"submitted": 0, "ok": 0, "repeats": 0, "errors": 0, "numbers": [], "statuses": {}}
    latencies: list[float] = []

    def worker(index: int) -> None:
        local = random.Random(rng.random())
        client = Client(enforce_csrf_checks=False, raise_request_exception=False)  # a 500 is counted
        n = 0
        try:
            while time.monotonic() < stop:
                n += 1
                token = uuid.uuid4().hex
                data = {
                    "agency": agencies[local.randrange(len(agencies))].pk,
                    "applicant_category": "natural",
                    "applicant_name": f"并发{index}-{n}",
                    "id_type": "resident_id",
                    "id_number": _resident_id(local.randrange(20_000)),
                    "phone": "13800138000",
                    "email": "a@example.cn",
                    "address": "",
                    "postcode": "",
                    "description": "申请公开2025年部门预算",
                    "document_reference": "",
                    "provision_form": "electronic",
                    "delivery_method": "email",
                    "legal_representative": "",
                    "contact_person": "",
                    "token": token,
                }
                address = f"10.{index}.{n // 250 % 250}.{n % 250}"
                t0 = time.perf_counter()
                response = client.post("/apply/", data, REMOTE_ADDR=address)
                elapsed = (time.perf_counter() - t0) * 1000
                repeat = None
                if n % 10 == 0:  # a double click: the same form again
                    repeat = client.post("/apply/", data, REMOTE_ADDR=address)
                with lock:
                    stats["submitted"] += 1
                    latencies.append(elapsed)
                    if response.status_code == 200 and b'id="tracking-number"' in response.content:
                        stats["ok"] += 1
                        html = response.content.decode()
                        start = html.index('id="tracking-number">') + len('id="tracking-number">')
                        stats["numbers"].append(html[start : html.index("<", start)])
                    else:
                        stats["errors"] += 1
                        stats["statuses"][response.status_code] = (
                            stats["statuses"].get(response.status_code, 0) + 1
                        )
                    if repeat is not None:
                        stats["repeats"] += 1
                        if repeat.status_code != 200:
                            stats["errors"] += 1
                            stats["statuses"][repeat.status_code] = (
                                stats["statuses"].get(repeat.status_code, 0) + 1
                            )
        finally:
            connection.close()

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    t0 = time.monotonic()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    wall = time.monotonic() - t0
    created = Application.objects.filter(channel="online").exclude(pk__in=before)
    saved = created.count()
    duplicates = Application.objects.values("tracking_number").annotate(n=Count("pk")).filter(n__gt=1).count()
    returned = stats["numbers"]
    missing = len(set(returned) - set(created.values_list("tracking_number", flat=True)))
    p50, p95 = _percentiles(latencies or [0.0])
    print(
        f"{threads} concurrent submitters for {wall:.0f} s: submitted {stats['submitted']:,}, receipts "
        f"{stats['ok']:,}, saved {saved:,}, errors {stats['errors']} {stats['statuses'] or ''}, "
        f"double posts {stats['repeats']:,} "
        f"(records added by them: {saved - stats['ok']}), duplicated tracking numbers {duplicates} (must be 0), "
        f"receipts without a record {missing}; {stats['submitted'] / wall:.1f} submissions/s, "
        f"p50 {p50:.0f} ms · p95 {p95:.0f} ms",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
