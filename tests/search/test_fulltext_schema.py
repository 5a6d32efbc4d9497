"""The full-text structure exists after all migrations, on whichever database the suite runs.

It lives in raw SQL (``search/migrations/0003_text_apart.py``): SQLite keeps an FTS5 table in
step with ``search_searchtext`` by three triggers, which any later migration that makes SQLite
rebuild that table would silently drop; PostgreSQL has a generated ``tsv`` column with a GIN
index. Run the suite on both databases (``GONGKAI_DATABASE_URL``) to check both.
"""

from __future__ import annotations

import pytest
from django.db import connection

from gongkai.search.models import SearchText

pytestmark = pytest.mark.django_db

TABLE = SearchText._meta.db_table


def _sqlite_triggers() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search_fts_%'"
        )
        return dict(cursor.fetchall())


def _sqlite_tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {row[0] for row in cursor.fetchall()}


def _postgres_fulltext() -> tuple[str | None, set[str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generation_expression FROM information_schema.columns WHERE table_name = %s AND column_name = 'tsv'",
            [TABLE],
        )
        row = cursor.fetchone()
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [TABLE])
        indexes = {r[0] for r in cursor.fetchall()}
    return (row[0] if row else None), indexes


def test_the_full_text_structure_exists_after_all_migrations():
    assert connection.vendor in {"sqlite", "postgresql"}
    if connection.vendor == "sqlite":
        assert _sqlite_triggers() == {"search_fts_ai": TABLE, "search_fts_ad": TABLE, "search_fts_au": TABLE}
        assert "search_fts" in _sqlite_tables()
    else:
        expression, indexes = _postgres_fulltext()
        assert expression is not None and "title_tokens" in expression and "body_tokens" in expression
        assert any("USING gin (tsv)" in definition for definition in indexes)
