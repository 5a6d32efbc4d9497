"""The full-text structure exists after all migrations, on whichever database the suite runs.

It lives in raw SQL (``search/migrations/0003_text_apart.py``, ``0006`` and ``0007``): SQLite keeps
an FTS5 table in step with ``search_searchtext`` by three triggers, which any later migration that
makes SQLite rebuild that table would silently drop; PostgreSQL keeps a ``tsv`` and a
``title_tsv`` column on the entries, each with a GIN index, filled by a trigger on
``search_searchtext``. Run the suite on both databases (``GONGKAI_DATABASE_URL``) to check both.
"""

from __future__ import annotations

import pytest
from django.db import connection

from gongkai.search.models import SearchEntry, SearchText

pytestmark = pytest.mark.django_db

TABLE = SearchText._meta.db_table
ENTRY = SearchEntry._meta.db_table


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


def _postgres_fulltext() -> tuple[set[str], set[str], set[str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s", [ENTRY])
        columns = {r[0] for r in cursor.fetchall()}
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [ENTRY])
        indexes = {r[0] for r in cursor.fetchall()}
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass", [TABLE])
        triggers = {r[0] for r in cursor.fetchall()}
    return columns, indexes, triggers


def test_the_full_text_structure_exists_after_all_migrations():
    assert connection.vendor in {"sqlite", "postgresql"}
    if connection.vendor == "sqlite":
        assert _sqlite_triggers() == {"search_fts_ai": TABLE, "search_fts_ad": TABLE, "search_fts_au": TABLE}
        assert "search_fts" in _sqlite_tables()
    else:
        columns, indexes, triggers = _postgres_fulltext()
        assert {"tsv", "title_tsv"} <= columns
        assert any("USING gin (tsv)" in definition for definition in indexes)
        assert any("USING gin (title_tsv)" in definition for definition in indexes)
        assert "search_text_title_tsv" in triggers


def test_postgres_entries_follow_their_tokens(publish):
    """The trigger fills both tsvectors from the tokens, and refills them when the tokens change."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite's FTS5 triggers are checked above")
    doc = publish(title="防汛预案", body="<p>应急值守</p>")

    def matches(column: str, word: str) -> bool:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {column} @@ to_tsquery('simple', %s) FROM {ENTRY} WHERE document_id = %s",  # noqa: S608
                [word, doc.pk],
            )
            return cursor.fetchone()[0]

    assert matches("tsv", "值守") and matches("tsv", "防汛") and matches("title_tsv", "防汛")
    assert not matches("title_tsv", "值守")
    SearchText.objects.filter(entry_id=doc.pk).update(title_tokens="通知", body_tokens="停水")
    assert matches("tsv", "停水") and matches("title_tsv", "通知") and not matches("tsv", "值守")


def test_postgres_gin_indexes_take_writes_directly():
    """No pending list: every search would read it in full before the posting trees."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.reloptions FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am a ON a.oid = c.relam WHERE i.indrelid = %s::regclass AND a.amname = 'gin'",
            [ENTRY],
        )
        options = dict(cursor.fetchall())
    assert set(options) == {"search_entry_tsv", "search_entry_title_tsv"}
    assert all("fastupdate=off" in (o or []) for o in options.values()), options


def test_postgres_an_entry_is_written_once(publish):
    """Indexing a document inserts its entry with both tsvectors; no update leaves a dead row behind."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")

    def updated() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_get_xact_tuples_updated(%s::regclass)", [ENTRY])
            return cursor.fetchone()[0]

    before = updated()
    doc = publish(title="防汛预案", body="<p>应急值守</p>")
    assert updated() == before
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT tsv @@ to_tsquery('simple', '值守'), title_tsv @@ to_tsquery('simple', '防汛') "  # noqa: S608
            f"FROM {ENTRY} WHERE document_id = %s",
            [doc.pk],
        )
        assert cursor.fetchone() == (True, True)


def test_a_bulk_load_leaves_the_gin_indexes_taking_writes_directly(publish):
    """A bulk load may queue GIN entries; at its end they are merged and queueing is off again."""
    from gongkai.search import backends

    with backends.get_backend().bulk_load():
        doc = publish(title="防汛预案", body="<p>应急值守</p>")
    assert backends.search("值守").document_ids == [doc.pk]
    if connection.vendor == "postgresql":
        test_postgres_gin_indexes_take_writes_directly()
