"""Benchmark the public portal on a large catalogue: search, a column listing, a document page.

    python -m bench.search                 # 1,000,000 documents (built once into bench/out/, reused)
    python -m bench.search --quick         # 20,000 documents
    python -m bench.search --docs 200000   # any size
    python -m bench.search --database-url postgres://postgres@127.0.0.1:5432/gongkai_bench

The catalogue is generated: ~40 agencies of a city, 8 columns each, documents spread over ten
years whose titles and bodies are sentences drawn from jieba's own dictionary with its word
frequencies (so common words are common, as in real text). Rows go straight into the tables with
bulk inserts; the search index gets the same tokens ``jieba.cut_for_search`` gives each word.

It then times, through the real views with Django's test client, 200 searches (most of one or
two words, some exact 文号; each page counts its total and facets — agency, year, kind across
agencies, column within one — in one query over at most 10,001 matches, and ranks a bounded
candidate set above 1,000 matches), the four facet counts alone, 200 column listing pages and 200
document pages, and prints p50/p95 beside a naive ``LIKE '%word%'`` scan over titles and bodies
for the same searches (``--like-limit 0`` leaves it out); the searches also in CPU time (this
process's, plus a local PostgreSQL server backend's), steadier than wall-clock time on a busy
machine. Targets: listing, document and search-with-facets pages p95 < 50 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
QUICK_DOCS = 20_000
FULL_DOCS = 1_000_000
AGENCIES = 40
COLUMNS = ("工作动态", "通知公告", "政策文件", "政策解读", "规划计划", "财政资金", "政府采购", "年度报告")
COLUMN_WEIGHTS = (30, 25, 15, 8, 6, 8, 7, 1)
YEARS = 10
CHUNK = 10_000


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=None, help=f"documents to build (default {FULL_DOCS:,})")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_DOCS:,} documents")
    parser.add_argument("--searches", type=int, default=200, help="requests timed per kind (default 200)")
    parser.add_argument(
        "--like-limit",
        type=int,
        default=None,
        help="LIKE scans to time (default: all searches up to 100k documents, else 20)",
    )
    parser.add_argument("--database-url", default="", help="default: an SQLite file in bench/out/")
    parser.add_argument("--rebuild", action="store_true", help="regenerate the data even if it exists")
    parser.add_argument("--seed", type=int, default=20240501)
    args, _ = parser.parse_known_args(argv)  # other benchmarks' options may pass through the runner
    if args.docs is None:
        args.docs = QUICK_DOCS if args.quick else FULL_DOCS
    if args.like_limit is None:
        args.like_limit = args.searches if args.docs <= 100_000 else 20
    return args


def main(argv=None) -> int:
    """Run in a child process with its own database settings (safe to call from any runner)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    if os.environ.get("GONGKAI_BENCH_CHILD") == "search":
        return run(args)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"search-{args.docs}.sqlite3"
    if not args.database_url and (args.rebuild or not _marker(args.docs).exists()):
        for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), _marker(args.docs)):
            stale.unlink(missing_ok=True)  # a build that did not finish, or --rebuild
    url = args.database_url or f"sqlite:///{path}"
    env = dict(
        os.environ,
        GONGKAI_BENCH_CHILD="search",
        GONGKAI_DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="gongkai.settings",
        GONGKAI_HOME=str(OUT),
        GONGKAI_LOG_LEVEL="ERROR",
    )
    env.pop("GONGKAI_DEBUG", None)
    return subprocess.call([sys.executable, "-m", "bench.search", *argv], cwd=ROOT, env=env)


def _marker(docs: int) -> Path:
    return OUT / f"search-{docs}.complete"


# --------------------------------------------------------------------------------------------
# Generated text


class Text:
    """Sentences drawn from jieba's dictionary, with the tokens the index would hold for them.

    Words are sampled once into a large pool (by jieba's frequencies); a document takes a slice
    of the pool at a random offset, which keeps the frequencies and costs almost nothing.
    """

    POOL = 3_000_000

    def __init__(self, rng: random.Random, *, pool: bool = True):
        import jieba

        from gongkai.search import segment

        segment.tokens("预热")  # load the dictionary once, quietly
        path = Path(jieba.__file__).parent / "dict.txt"
        rows = []
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                word, freq, *_ = line.split()
                if 1 <= len(word) <= 4 and all("\u4e00" <= ch <= "\u9fff" for ch in word):
                    rows.append((int(freq), word))
        rows.sort(reverse=True)
        rows = rows[:40_000]
        self.words = [w for _, w in rows]
        self.query_words = self.words[200:6000]  # what people search for: neither 的 nor hapaxes
        self.rng = rng
        if not pool:
            return
        cumulative, total = [], 0.0
        for freq, _ in rows:
            total += freq**0.8  # flatten the head a little: 的 and 了 are not 5% of government prose
            cumulative.append(total)
        tokens = {w: segment.index_text(w) for w in self.words}
        self.pool = rng.choices(self.words, cum_weights=cumulative, k=self.POOL)
        self.pool_tokens = [tokens[w] for w in self.pool]

    def _slice(self, n: int) -> tuple[list[str], list[str]]:
        at = self.rng.randrange(0, self.POOL - n)
        return self.pool[at : at + n], self.pool_tokens[at : at + n]

    def title(self) -> tuple[str, str]:
        words, tokens = self._slice(self.rng.randint(3, 6))
        kind = self.rng.choice(("通知", "公告", "实施意见", "工作方案", "通报", "办法"))
        return "关于" + "".join(words) + "的" + kind, "关于 " + " ".join(tokens) + " 的 " + kind

    def body(self) -> tuple[str, str]:
        """Return ~6-12 sentences of 8-16 words (about 230 characters) and their tokens."""
        words, tokens = self._slice(self.rng.randint(60, 160))
        parts, i = [], 0
        while i < len(words):
            n = 8 + (i * 7) % 9
            parts.append("".join(words[i : i + n // 2]) + "，" + "".join(words[i + n // 2 : i + n]))
            i += n
        return "<p>" + "。".join(parts) + "。</p>", " ".join(tokens)


# --------------------------------------------------------------------------------------------
# Building the catalogue


def _insert(cursor, model, rows: list[dict], defaults: dict) -> None:
    """Insert ``rows`` (column -> DB-ready value) with one executemany, the rest from ``defaults``."""
    columns = list(defaults)
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "  # noqa: S608 - names from _meta
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    cursor.executemany(sql, [tuple(row.get(c, defaults[c]) for c in columns) for row in rows])


def _defaults(model, connection) -> dict:
    """Return every concrete column of ``model`` with its default, ready for the database."""
    out = {}
    for field in model._meta.concrete_fields:
        value = field.get_default() if field.has_default() else None
        if value is None and not field.null and isinstance(field.get_internal_type(), str):
            internal = field.get_internal_type()
            value = "" if internal in ("CharField", "TextField") else value
        out[field.column] = field.get_db_prep_save(value, connection) if value is not None else None
    return out


def build(args, rng: random.Random) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from gongkai.agencies.models import Agency, User
    from gongkai.core.identifiers import credit_code_check_char
    from gongkai.publishing.models import Column, Document, DocumentStatus, Topic, Validity
    from gongkai.search import segment
    from gongkai.search.backends import get_backend
    from gongkai.search.models import SearchEntry, SearchEntryColumn, SearchText

    started = time.monotonic()
    text = Text(rng)
    print(f"  vocabulary and word pool ready ({time.monotonic() - started:.0f} s)")
    with transaction.atomic():
        city = Agency.objects.create(
            name="基准市人民政府", kind="government", credit_code=_code(credit_code_check_char, 0)
        )
        agencies = [city] + [
            Agency.objects.create(
                name=f"基准市第{i}局", parent=city, credit_code=_code(credit_code_check_char, i)
            )
            for i in range(1, AGENCIES)
        ]
        clerk = User.objects.create_user(username="bench", password=None, agency=city)
        columns = {
            a.pk: [
                Column.objects.create(agency=a, name=name, position=p, is_annual_report=(name == "年度报告"))
                for p, name in enumerate(COLUMNS)
            ]
            for a in agencies
        }
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # a bulk load: big page cache, no fsync per commit
            cursor.execute("PRAGMA cache_size = -1000000")
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA temp_store = MEMORY")
    ops = connection.ops
    through = Document.columns.through
    doc_defaults = _defaults(Document, connection)
    entry_defaults = _defaults(SearchEntry, connection)
    topics = Topic.values
    validities = [Validity.NOT_APPLICABLE] * 12 + [Validity.VALID] * 5 + [Validity.REPEALED, Validity.EXPIRED]
    tz = timezone.get_current_timezone()
    start = dt.datetime(timezone.localdate().year - YEARS + 1, 1, 1, 8, tzinfo=tz)
    span = (timezone.now() - start).total_seconds() - 86_400
    serials: dict[tuple[int, int], int] = {}
    weighted_agencies = [a for i, a in enumerate(agencies) for _ in range(1 + i % 7)]
    weighted_columns = {
        a: [c for c, w in zip(cols, COLUMN_WEIGHTS, strict=True) for _ in range(w)]
        for a, cols in columns.items()
    }
    now = ops.adapt_datetimefield_value(timezone.now())
    made = 0
    with get_backend().bulk_load():  # PostgreSQL: GIN entries queued, merged at the end
        while made < args.docs:
            n = min(CHUNK, args.docs - made)
            docs, links, entries, texts, entry_columns = [], [], [], [], []
            for i in range(made + 1, made + n + 1):
                agency = rng.choice(weighted_agencies)
                published = start + dt.timedelta(seconds=rng.random() * span)
                day = published.date()
                key = (agency.pk, published.year)
                serials[key] = serial = serials.get(key, 0) + 1
                index_number = f"{agency.credit_code}/{published.year}-{serial:05d}"
                number = f"基{agency.pk}发〔{published.year}〕{serial}号" if rng.random() < 0.3 else ""
                title, title_tokens = text.title()
                body, body_tokens = text.body()
                if number:
                    body_tokens += " " + " ".join(segment.tokens(number))
                column = rng.choice(weighted_columns[agency.pk])
                validity = rng.choice(validities)
                topic = rng.choice(topics)
                published_db = ops.adapt_datetimefield_value(published)
                docs.append(
                    {
                        "id": i,
                        "agency_id": agency.pk,
                        "title": title,
                        "body": body,
                        "index_number": index_number,
                        "document_number": number,
                        "issuing_body": agency.name,
                        "written_on": day,
                        "topic": topic,
                        "validity": validity,
                        "formed_on": day,
                        "status": DocumentStatus.PUBLISHED.value,
                        "published_at": published_db,
                        "version": 1,
                        "created_by_id": clerk.pk,
                        "created_at": published_db,
                        "updated_at": now,
                    }
                )
                links.append((i, column.pk))
                entries.append(
                    {
                        "document_id": i,
                        "agency_id": agency.pk,
                        "published_at": published_db,
                        "published_on": day,
                        "year": published.year,
                        "topic": topic,
                        "validity": validity,
                        "index_number": index_number,
                        "doc_number": number,
                        "indexed_at": now,
                    }
                )
                texts.append((i, title_tokens, body_tokens))
                entry_columns.append((i, column.pk, published_db))
            with transaction.atomic(), connection.cursor() as cursor:
                _insert(cursor, Document, docs, doc_defaults)
                cursor.executemany(
                    f"INSERT INTO {through._meta.db_table} (document_id, column_id) VALUES (%s, %s)",  # noqa: S608
                    links,
                )
                cursor.executemany(  # the tokens before their entries, as the index writes them
                    f"INSERT INTO {SearchText._meta.db_table} (document_id, title_tokens, body_tokens) "  # noqa: S608
                    "VALUES (%s, %s, %s)",
                    texts,
                )
                _insert(cursor, SearchEntry, entries, entry_defaults)
                cursor.executemany(
                    f"INSERT INTO {SearchEntryColumn._meta.db_table} (entry_id, column_id, published_at) VALUES (%s, %s, %s)",  # noqa: S608
                    entry_columns,
                )
            made += n
            rate = made / (time.monotonic() - started)
            print(f"\r  built {made:,}/{args.docs:,} documents ({rate:,.0f}/s)", end="", flush=True)
    print()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # ids were given explicitly: move the sequence past them
            table = Document._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608
            )
    get_backend().optimize()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"  build took {time.monotonic() - started:.0f} s")


def _code(check, n: int) -> str:
    first17 = f"11419900MB{n:07d}"
    return first17 + check(first17)


# --------------------------------------------------------------------------------------------
# Timing


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def timed(fn, items, cpu: list[float] | None = None) -> list[float]:
    """Return the wall-clock ms of ``fn`` on each item; append the CPU ms of each to ``cpu`` if given.

    CPU is this process's plus, on a PostgreSQL server on this machine, the server backend's
    (``/proc/<pid>/schedstat``): unlike wall-clock time it hardly moves with the machine's load.
    """
    server = _server_cpu_reader() if cpu is not None else None
    out = []
    for item in items:
        t, c, s = time.perf_counter(), time.process_time(), server() if server else 0
        fn(item)
        out.append((time.perf_counter() - t) * 1000)
        if cpu is not None:
            cpu.append((time.process_time() - c) * 1000 + ((server() - s) / 1e6 if server else 0))
    return out


def _server_cpu_reader():
    """Return a function giving the database server backend's CPU ns, or None (SQLite, remote)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        path = Path(f"/proc/{cursor.fetchone()[0]}/schedstat")
    if not path.exists():
        return None
    return lambda: int(path.read_text().split()[0])


def run(args) -> int:
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from gongkai.agencies.models import Agency
    from gongkai.publishing.models import Column, Document

    rng = random.Random(args.seed)
    call_command("migrate", verbosity=0)
    existing = Document.objects.count()
    if existing != args.docs:
        if existing:
            print(f"The database holds {existing:,} documents, not {args.docs:,}; give an empty one.")
            return 2
        print(f"Building {args.docs:,} documents on {connection.vendor} …")
        build(args, rng)
        if not args.database_url:
            _marker(args.docs).touch()
    text = Text(rng, pool=False)
    agencies = {a.pk: a.credit_code for a in Agency.objects.all()}
    doc_count = Document.objects.count()
    print(
        f"\nPortal benchmark on {connection.vendor}: {doc_count:,} published documents, "
        f"{len(agencies)} agencies, {Column.objects.count()} columns"
    )
    searches: list[str] = []
    candidates = rng.sample(range(1, doc_count + 1), min(doc_count, args.searches * 5))
    numbers = sorted(
        n
        for n in Document.objects.filter(pk__in=candidates)
        .exclude(document_number="")
        .values_list("document_number", flat=True)
    )[: args.searches // 10]
    while len(searches) < args.searches - len(numbers):
        words = rng.sample(text.query_words, rng.choice((1, 1, 1, 2, 2)))
        searches.append(" ".join(words))
    searches += numbers
    rng.shuffle(searches)
    columns = list(Column.objects.values_list("agency_id", "pk"))
    listings = [
        reverse("portal:column", kwargs={"credit_code": agencies[a], "column_id": c})
        + ("" if rng.random() < 0.7 else f"?page={rng.randint(2, 5)}")
        for a, c in (rng.choice(columns) for _ in range(args.searches))
    ]
    ids = rng.sample(range(1, doc_count + 1), min(args.searches, doc_count))
    by_agency = dict(Document.objects.filter(pk__in=ids).values_list("pk", "agency_id"))
    documents = [
        reverse("portal:document", kwargs={"credit_code": agencies[by_agency[i]], "pk": i}) for i in ids
    ]
    client = Client()
    search_url = reverse("portal:search")

    def search(q):
        response = client.get(search_url, {"q": q})
        assert response.status_code == 200, response.status_code

    def page(url):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    for q in searches[:5]:  # load jieba's dictionary, warm the caches
        search(q)
    for url in listings[:5] + documents[:5]:
        page(url)
    from gongkai.search import backends as search_backends

    facet_queries = [q for q in searches if q not in numbers]
    search_cpu: list[float] = []
    results = {"search with facets (portal view)": timed(search, searches, search_cpu)}
    # The same searches in CPU time (see timed): what to compare across runs on a busy machine.
    results["  the same, CPU time"] = search_cpu
    results["facet counts alone"] = timed(lambda q: search_backends.facets(q), facet_queries)
    results["column listing page"] = timed(page, listings)
    results["document page"] = timed(page, documents)
    year = timezone.localdate().year - 2
    catalogues = [
        reverse("portal:catalogue", kwargs={"credit_code": code})
        + rng.choice(("", f"?year={year}", "?topic=finance"))
        for code in rng.choices(list(agencies.values()), k=max(1, args.searches // 4))
    ]
    results[f"catalogue page (n={len(catalogues)})"] = timed(page, catalogues)
    homes = [
        reverse("portal:agency", kwargs={"credit_code": c})
        for c in rng.choices(list(agencies.values()), k=20)
    ]
    homes.append(reverse("portal:home"))
    results[f"home pages (n={len(homes)})"] = timed(page, homes)
    like_queries = searches[: args.like_limit]
    if like_queries:  # --like-limit 0 leaves the (slow) naive scan out
        results[f"naive LIKE scan (n={len(like_queries)})"] = timed(
            lambda q: like_scan(connection, q), like_queries
        )

    print(f"{'':34}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for name, values in results.items():
        print(f"{name:34}{pct(values, 50):10.1f}{pct(values, 95):10.1f}{max(values):10.1f}")
    from gongkai.search import backends

    found = [backends.search(q) for q in searches]
    hits = [r.total for r in found]
    if hits:
        print(
            f"(searches: median {statistics.median(hits):,.0f} matching documents, "
            f"{sum(1 for t in hits if t == 0)} with none; {len(numbers)} were exact 文号 look-ups; "
            f"{sum(1 for r in found if r.capped)} counted to the cap ({backends.COUNT_CAP:,}+), "
            f"{sum(1 for r in found if r.mode == 'fulltext' and (r.capped or r.total > backends.RANK_ALL))} "
            f"ranked a bounded candidate set (over {backends.RANK_ALL:,} matches))"
        )
    target = [
        ("search with facets p95 < 50 ms", pct(results["search with facets (portal view)"], 95) < 50),
        ("listing p95 < 50 ms", pct(results["column listing page"], 95) < 50),
        ("document p95 < 50 ms", pct(results["document page"], 95) < 50),
    ]
    print("targets: " + "; ".join(f"{name}: {'met' if ok else 'MISSED'}" for name, ok in target))
    return 0


def like_scan(connection, query: str) -> None:
    """What a site without a search index does: LIKE over title and body, newest first, plus a count."""
    from gongkai.publishing.models import Document

    words = query.split() or [query]
    where = " AND ".join(["(title LIKE %s OR body LIKE %s)"] * len(words))
    params = [p for w in words for p in (f"%{w}%", f"%{w}%")]
    table = Document._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {table} WHERE status = 'published' AND {where} "  # noqa: S608
            "ORDER BY published_at DESC LIMIT 20",
            params,
        )
        cursor.fetchall()
        cursor.execute(f"SELECT count(*) FROM {table} WHERE status = 'published' AND {where}", params)  # noqa: S608
        cursor.fetchone()


if __name__ == "__main__":
    sys.exit(main())
