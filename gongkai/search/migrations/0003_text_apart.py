"""Move the tokens out of search_searchentry into search_searchtext, and the full-text index with them.

Ranking a common word joins every matching entry for its publication date; with the tokens in
the same row each of those lookups read a kilobyte of tokens. The entries are narrow now.
The tokens are copied (nothing to rebuild); the FTS5 table (SQLite) and the generated tsvector
column (PostgreSQL) move to the new table.
"""

import django.db.models.deletion
from django.db import migrations, models

OLD = "search_searchentry"
NEW = "search_searchtext"


def _sqlite_fulltext(table):
    return [
        f"""CREATE VIRTUAL TABLE search_fts USING fts5(
            title_tokens, body_tokens,
            content='{table}', content_rowid='document_id',
            tokenize='unicode61 remove_diacritics 0'
        )""",
        f"""CREATE TRIGGER search_fts_ai AFTER INSERT ON {table} BEGIN
            INSERT INTO search_fts(rowid, title_tokens, body_tokens)
            VALUES (new.document_id, new.title_tokens, new.body_tokens);
        END""",
        f"""CREATE TRIGGER search_fts_ad AFTER DELETE ON {table} BEGIN
            INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens)
            VALUES ('delete', old.document_id, old.title_tokens, old.body_tokens);
        END""",
        f"""CREATE TRIGGER search_fts_au AFTER UPDATE ON {table} BEGIN
            INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens)
            VALUES ('delete', old.document_id, old.title_tokens, old.body_tokens);
            INSERT INTO search_fts(rowid, title_tokens, body_tokens)
            VALUES (new.document_id, new.title_tokens, new.body_tokens);
        END""",
        "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    ]


SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
]


def _postgres_fulltext(table, index):
    return [
        f"""ALTER TABLE {table} ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('simple'::regconfig, title_tokens), 'A')
            || setweight(to_tsvector('simple'::regconfig, body_tokens), 'B')
        ) STORED""",
        f"CREATE INDEX {index} ON {table} USING GIN (tsv)",
    ]


def _postgres_drop(table, index):
    return [f"DROP INDEX IF EXISTS {index}", f"ALTER TABLE {table} DROP COLUMN IF EXISTS tsv"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


COPY_FORWARD = (
    f"INSERT INTO {NEW} (document_id, title_tokens, body_tokens) "
    f"SELECT document_id, title_tokens, body_tokens FROM {OLD}"
)
COPY_BACKWARD = (
    f"UPDATE {OLD} SET title_tokens = (SELECT t.title_tokens FROM {NEW} t WHERE t.document_id = {OLD}.document_id), "
    f"body_tokens = (SELECT t.body_tokens FROM {NEW} t WHERE t.document_id = {OLD}.document_id)"
)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_fulltext"),
    ]

    operations = [
        # 1. Take the full-text structure off the entries (it would block removing the columns).
        migrations.RunPython(
            _run({"sqlite": SQLITE_DROP, "postgresql": _postgres_drop(OLD, "search_entry_tsv")}),
            _run({"sqlite": _sqlite_fulltext(OLD), "postgresql": _postgres_fulltext(OLD, "search_entry_tsv")}),
        ),
        # 2. The new table, filled from the old columns.
        migrations.CreateModel(
            name="SearchText",
            fields=[
                (
                    "entry",
                    models.OneToOneField(
                        db_column="document_id",
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="text",
                        serialize=False,
                        to="search.searchentry",
                    ),
                ),
                ("title_tokens", models.TextField(blank=True)),
                ("body_tokens", models.TextField(blank=True)),
            ],
        ),
        migrations.RunSQL(COPY_FORWARD, COPY_BACKWARD),
        migrations.RemoveField(model_name="searchentry", name="body_tokens"),
        migrations.RemoveField(model_name="searchentry", name="title_tokens"),
        # 3. The full-text structure on the new table (FTS5 rebuilt from the copied rows).
        migrations.RunPython(
            _run({"sqlite": _sqlite_fulltext(NEW), "postgresql": _postgres_fulltext(NEW, "search_text_tsv")}),
            _run({"sqlite": SQLITE_DROP, "postgresql": _postgres_drop(NEW, "search_text_tsv")}),
        ),
    ]
