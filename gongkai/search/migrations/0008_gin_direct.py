"""PostgreSQL: the GIN indexes take writes directly (no pending list), and an entry is written once.

A GIN index with ``fastupdate`` (the default) queues new entries in a pending list of up to
``gin_pending_list_limit`` (4 MB) that every search reads in full before its posting trees: at a
million documents that was ~430 buffers and ~2 ms of each of a search's two or three index scans,
whatever the word. Without it a write updates the posting trees itself (a few milliseconds for a
document's hundred-odd words); the list left by earlier writes is merged now.

An entry's tsvectors were set by the trigger on search_searchtext after the entry was inserted, so
every write left a dead version of the entry behind (a million after the bench's bulk load, each
also inserted into every index of the entries) for vacuum to clear. Now the index writes the
tokens first and the entry after them (the foreign key is checked at commit), and a BEFORE INSERT
trigger on the entries fills both tsvectors from the tokens; the trigger of migration 0007 still
refreshes an existing entry when its tokens change.
"""

from django.db import migrations

FILL = """CREATE FUNCTION search_entry_fill_tsv() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT to_tsvector('simple'::regconfig, t.title_tokens),
           setweight(to_tsvector('simple'::regconfig, t.title_tokens), 'A')
           || setweight(to_tsvector('simple'::regconfig, t.body_tokens), 'B')
    INTO NEW.title_tsv, NEW.tsv
    FROM search_searchtext t WHERE t.document_id = NEW.document_id;
    RETURN NEW;
END
$$"""

POSTGRES_FORWARD = [
    "ALTER INDEX search_entry_tsv SET (fastupdate = off)",
    "ALTER INDEX search_entry_title_tsv SET (fastupdate = off)",
    "SELECT gin_clean_pending_list('search_entry_tsv'::regclass)",
    "SELECT gin_clean_pending_list('search_entry_title_tsv'::regclass)",
    FILL,
    """CREATE TRIGGER search_entry_fill_tsv BEFORE INSERT ON search_searchentry
    FOR EACH ROW EXECUTE FUNCTION search_entry_fill_tsv()""",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_entry_fill_tsv ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_entry_fill_tsv()",
    "ALTER INDEX search_entry_title_tsv RESET (fastupdate)",
    "ALTER INDEX search_entry_tsv RESET (fastupdate)",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0007_entry_tsvector")]

    operations = [
        migrations.RunPython(_run({"postgresql": POSTGRES_FORWARD}), _run({"postgresql": POSTGRES_BACKWARD})),
    ]
