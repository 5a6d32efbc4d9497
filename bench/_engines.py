"""Run a benchmark module once per database engine, each in a child process of its own.

A benchmark that prints SQLite and PostgreSQL side by side (``annual_report``, ``supervision``)
calls ``on_each_engine`` from its ``main``; the child sees ``GONGKAI_BENCH_CHILD`` and measures.
SQLite is a file in a temporary folder; PostgreSQL a database of its own on the server of
``GONGKAI_DATABASE_URL``, created fresh and dropped afterwards.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def postgres_url(*, probe_local: bool = False) -> str | None:
    """Return the PostgreSQL URL to measure on: the configured one, else (``probe_local``) a local server."""
    url = os.environ.get("GONGKAI_DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url
    if probe_local:
        try:
            with socket.create_connection(("127.0.0.1", 5432), timeout=1):
                return "postgres://postgres@127.0.0.1:5432/test"
        except OSError:
            return None
    return None


def _recreate(base: str, name: str, *, create: bool) -> None:
    import psycopg  # lazy: only a PostgreSQL run needs the driver

    admin = urlunsplit(urlsplit(base)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{name}"')


def on_each_engine(module: str, child: str, argv: list[str], *, db_name: str, postgres: str | None) -> int:
    """Run ``python -m bench.<module> argv`` on SQLite, then on PostgreSQL when ``postgres`` is set."""
    status = 0
    with tempfile.TemporaryDirectory(prefix=f"gongkai-bench-{module}-") as tmp:
        targets = [("SQLite", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", None)]
        if postgres:
            targets.append(("PostgreSQL", postgres.rsplit("/", 1)[0] + f"/{db_name}", postgres))
        for label, url, pg_base in targets:
            if pg_base is not None:
                _recreate(pg_base, db_name, create=True)
            env = dict(
                os.environ,
                GONGKAI_BENCH_CHILD=child,
                GONGKAI_DATABASE_URL=url,
                GONGKAI_HOME=tmp,
                GONGKAI_MEDIA_ROOT=str(Path(tmp) / "media"),
                GONGKAI_LOG_LEVEL="ERROR",
            )
            print(f"-- {label} --", flush=True)
            try:
                status |= subprocess.call([sys.executable, "-m", f"bench.{module}", *argv], cwd=ROOT, env=env)
            finally:
                if pg_base is not None:
                    _recreate(pg_base, db_name, create=False)
    return status


def child_setup() -> None:
    """Start Django in a benchmark's child process and migrate its fresh database."""
    import warnings

    import django  # lazy: the parent process never starts Django

    warnings.filterwarnings("ignore", message="No directory at")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    django.setup()
    from django.core.management import call_command  # lazy: needs django.setup()

    call_command("migrate", verbosity=0)
