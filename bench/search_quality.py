"""Recall of the public search on the judged query set over the demo data (tests/search/judged.py).

    python -m bench.search_quality                       # an SQLite file in bench/out/
    python -m bench.search_quality --database-url postgres://postgres@127.0.0.1:5432/gongkai_quality

Loads `gongkai demo` into the database once (it is reused afterwards), then searches each judged
query and prints, per query, how many relevant documents exist and how many the search found.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m bench.search_quality", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--database-url", default="", help="default: an SQLite file in bench/out/")
    args, _ = parser.parse_known_args(argv)
    return args


def main(argv=None) -> int:
    """Run in a child process with its own database settings (safe to call from any runner)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    if os.environ.get("GONGKAI_BENCH_CHILD") == "search_quality":
        return run()
    OUT.mkdir(parents=True, exist_ok=True)
    url = args.database_url or f"sqlite:///{OUT / 'demo-quality.sqlite3'}"
    env = dict(
        os.environ,
        GONGKAI_BENCH_CHILD="search_quality",
        GONGKAI_DATABASE_URL=url,
        GONGKAI_MEDIA_ROOT=str(OUT / "media"),
        DJANGO_SETTINGS_MODULE="gongkai.settings",
    )
    return subprocess.call([sys.executable, "-m", "bench.search_quality", *argv], env=env, cwd=ROOT)


def run() -> int:
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from gongkai.search import backends
    from tests.search.judged import recall, searchable_titles

    call_command("migrate", verbosity=0)
    call_command("demo", stdout=io.StringIO())  # idempotent: loads once
    documents = searchable_titles()
    mean, rows = recall(lambda q: backends.search(q, per_page=5000).document_ids, documents)
    print(
        f"\nSearch recall on the judged queries ({connection.vendor}, {len(documents):,} public documents and annual reports)"
    )
    print(f"{'query':24}{'relevant':>10}{'found':>8}{'recall':>9}")
    for query, relevant, found in rows:
        print(f"{query:24}{relevant:10}{found:8}{found / relevant:9.2f}")
    print(f"mean recall: {mean:.3f} over {len(rows)} queries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
