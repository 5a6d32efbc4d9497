"""PostgreSQL: a tsvector of the title on the entries, with a GIN index (other databases: nothing).

A search matching many documents ranks only the newest of those with every word in the title
(backends.RANK_ALL): finding them must not read the whole text's tsvector of each match. The
column sits on the narrow entries, beside the date the ranking also reads; a trigger on
search_searchtext keeps it in step with the title's tokens (every index write goes through it).
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "ALTER TABLE search_searchentry ADD COLUMN title_tsv tsvector",
    """CREATE FUNCTION search_entry_title_tsv() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE search_searchentry SET title_tsv = to_tsvector('simple'::regconfig, NEW.title_tokens)
        WHERE document_id = NEW.document_id;
        RETURN NULL;
    END
    $$""",
    """CREATE TRIGGER search_text_title_tsv AFTER INSERT OR UPDATE OF title_tokens ON search_searchtext
    FOR EACH ROW EXECUTE FUNCTION search_entry_title_tsv()""",
    """UPDATE search_searchentry e SET title_tsv = to_tsvector('simple'::regconfig, t.title_tokens)
    FROM search_searchtext t WHERE t.document_id = e.document_id""",
    "SET LOCAL maintenance_work_mem = '256MB'",  # a GIN index over a million rows builds in memory
    "CREATE INDEX search_entry_title_tsv ON search_searchentry USING GIN (title_tsv)",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_text_title_tsv ON search_searchtext",
    "DROP FUNCTION IF EXISTS search_entry_title_tsv()",
    "DROP INDEX IF EXISTS search_entry_title_tsv",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS title_tsv",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0005_covering_indexes")]

    operations = [
        migrations.RunPython(_run({"postgresql": POSTGRES_FORWARD}), _run({"postgresql": POSTGRES_BACKWARD})),
    ]
