"""Run the benchmarks: ``python -m bench [--only NAME] [--quick] [extra args for the modules]``.

Every module ``bench/<name>.py`` that defines ``main(argv)`` is a benchmark; each runs in turn
(alphabetically) and prints its own figures. ``--quick`` is passed on to each.

With ``GONGKAI_DATABASE_URL`` pointing at PostgreSQL, the benchmarks that take one database per
run (``applications``, ``search``) run twice in the same run, on SQLite and then on PostgreSQL,
one after the other; ``annual_report`` prints both engines itself.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
import time
from pathlib import Path


def discover() -> list[str]:
    here = Path(__file__).resolve().parent
    return sorted(
        info.name
        for info in pkgutil.iter_modules([str(here)])
        if not info.name.startswith("_") and not info.ispkg
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", default=[], metavar="NAME", help="run only this benchmark")
    parser.add_argument("--quick", action="store_true", help="smaller data sets")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args, rest = parser.parse_known_args(argv)
    names = discover()
    if args.list:
        print("\n".join(names))
        return 0
    unknown = [n for n in args.only if n not in names]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(names)}")
    status = 0
    for name in args.only or names:
        module = importlib.import_module(f"bench.{name}")
        if not hasattr(module, "main"):
            continue
        module_args = [*(["--quick"] if args.quick else []), *rest]
        for engine, extra in _engines(name, quick=args.quick):
            print(f"== bench.{name}{engine} ==", flush=True)
            started = time.monotonic()
            with _database_url(extra):
                result = module.main([*module_args, *extra])
            print(f"(bench.{name}{engine}: {time.monotonic() - started:.0f} s)\n", flush=True)
            status = status or int(result or 0)
    return status


TWICE = {"applications", "search"}


def _postgres_url() -> str:
    url = os.environ.get("GONGKAI_DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else ""


def _engines(name: str, *, quick: bool) -> list[tuple[str, list[str]]]:
    """SQLite alone, or SQLite then PostgreSQL for the one-database benchmarks when one is configured."""
    url = _postgres_url()
    if not url or name not in TWICE:
        return [("", [])]
    if name == "search":  # a catalogue database per size, built once and kept, like the SQLite file
        base, database = url.rsplit("/", 1)[0], f"gongkai_bench_search_{'quick' if quick else 'full'}"
        import psycopg

        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone():
                conn.execute(f'CREATE DATABASE "{database}"')
        return [(" (SQLite)", ["--sqlite"]), (" (PostgreSQL)", ["--database-url", f"{base}/{database}"])]
    return [(" (SQLite)", ["--sqlite"]), (" (PostgreSQL)", [])]


class _database_url:
    """Hide GONGKAI_DATABASE_URL from the SQLite run (the marker ``--sqlite`` is not passed on)."""

    def __init__(self, extra: list[str]):
        self.sqlite = "--sqlite" in extra
        if self.sqlite:
            extra.remove("--sqlite")
        self.saved = None

    def __enter__(self):
        if self.sqlite:
            self.saved = os.environ.pop("GONGKAI_DATABASE_URL", None)

    def __exit__(self, *exc):
        if self.saved is not None:
            os.environ["GONGKAI_DATABASE_URL"] = self.saved


if __name__ == "__main__":
    sys.exit(main())
