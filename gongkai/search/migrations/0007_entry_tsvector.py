"""PostgreSQL: the full text's tsvector moves onto the entries, stored out of line (toast_tuple_target).

A match used to be found in search_searchtext, whose rows hold the tokens (a kilobyte or more):
counting 10,001 matches of a common word read 10,000 heap pages, its bitmap went lossy beyond
work_mem and every row of a lossy page had its tsvector rechecked, and the facets then joined
each match to its entry. On the entries the facets and the date are in the row that matched,
and the bitmap of a common word stays exact. A row that the tsvector makes longer than the TOAST
threshold (~2 kB) is cut down to 128 bytes (toast_tuple_target), its tsvector out of line; a
shorter one keeps it inline (PostgreSQL toasts nothing below the threshold), so the heap is
~425 MB at a million documents, not ~25 bytes a row. ts_rank reads the tsvector of the ranked rows
only. The trigger of migration 0006 now fills both columns; search_searchtext keeps the tokens.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "ALTER TABLE search_searchentry ADD COLUMN tsv tsvector",
    # Rows longer than 128 bytes move their long values out of line: the tsvector goes to TOAST.
    "ALTER TABLE search_searchentry SET (toast_tuple_target = 128)",
    """CREATE OR REPLACE FUNCTION search_entry_title_tsv() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE search_searchentry SET
            title_tsv = to_tsvector('simple'::regconfig, NEW.title_tokens),
            tsv = setweight(to_tsvector('simple'::regconfig, NEW.title_tokens), 'A')
                || setweight(to_tsvector('simple'::regconfig, NEW.body_tokens), 'B')
        WHERE document_id = NEW.document_id;
        RETURN NULL;
    END
    $$""",
    "DROP TRIGGER search_text_title_tsv ON search_searchtext",
    """CREATE TRIGGER search_text_title_tsv AFTER INSERT OR UPDATE OF title_tokens, body_tokens
    ON search_searchtext FOR EACH ROW EXECUTE FUNCTION search_entry_title_tsv()""",
    "UPDATE search_searchentry e SET tsv = t.tsv FROM search_searchtext t WHERE t.document_id = e.document_id",
    "SET LOCAL maintenance_work_mem = '256MB'",  # a GIN index over a million rows builds in memory
    "CREATE INDEX search_entry_tsv ON search_searchentry USING GIN (tsv)",
    # The old structure on the tokens' table: nothing reads it any more.
    "DROP INDEX IF EXISTS search_text_tsv",
    "ALTER TABLE search_searchtext DROP COLUMN IF EXISTS tsv",
]
POSTGRES_BACKWARD = [
    """ALTER TABLE search_searchtext ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_tokens), 'A')
        || setweight(to_tsvector('simple'::regconfig, body_tokens), 'B')
    ) STORED""",
    "CREATE INDEX search_text_tsv ON search_searchtext USING GIN (tsv)",
    "DROP INDEX IF EXISTS search_entry_tsv",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS tsv",
    "ALTER TABLE search_searchentry RESET (toast_tuple_target)",
    """CREATE OR REPLACE FUNCTION search_entry_title_tsv() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE search_searchentry SET title_tsv = to_tsvector('simple'::regconfig, NEW.title_tokens)
        WHERE document_id = NEW.document_id;
        RETURN NULL;
    END
    $$""",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0006_title_tsvector")]

    operations = [
        migrations.RunPython(_run({"postgresql": POSTGRES_FORWARD}), _run({"postgresql": POSTGRES_BACKWARD})),
    ]
