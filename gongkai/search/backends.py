"""Full-text search behind one interface, on the database's own engine.

``index_document``, ``remove_document``, ``search(query, filters, page)`` and ``rebuild()`` choose
the backend by ``connection.vendor``:

- SQLite: an external-content FTS5 table over the pre-segmented tokens (migration 0002), ranked by
  bm25 (title weighted above the text) combined with a recency boost.
- PostgreSQL: a generated ``tsvector`` column ('simple' configuration: the tokens are already
  words) with a GIN index, ranked by ts_rank combined with the same recency boost.
- Anything else: a LIKE scan over the tokens (correct, slow; keeps the portal working).

A query that looks like an index number or a 文号 is first looked up exactly; only when nothing
matches does it go to the full-text search. The index is a derived structure: ``rebuild()``
recreates it from the publicly visible documents at any time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from . import segment
from .models import SearchEntry, SearchEntryColumn, SearchText
from .records import IndexRecord, indexable_records, record_for, report_keys, report_record

PER_PAGE = 20
MAX_PAGE = 250  # deeper pages are refused: nobody reads them and OFFSET grows linearly
# Totals and facets count at most COUNT_CAP matches (MAX_PAGE pages of PER_PAGE); above, the total
# reads "5,000+" and each facet count is a lower bound ("N+"). Counting stops at COUNT_CAP + 1 rows,
# so a common word costs what a rarer one does. 5,000, not 10,000: on PostgreSQL each match counted
# reads its heap page, and at a million documents the p95 of a search with facets was 52–58 ms at
# 10,000 against 37 ms at 5,000 (decision 0005); no reader pages past 250 pages.
COUNT_CAP = MAX_PAGE * PER_PAGE
# A search matching at most RANK_ALL documents ranks all of them. Above, ranking every match is what
# made a common word slow (bm25 or ts_rank and the publication date of each of 100,000 matches), so
# only a bounded candidate set is ranked: the RANK_ALL newest of the documents with every word in
# the title, by the same formula over the title; the other title matches follow newest first, then
# the remaining matches newest first by index order (document id). Nothing is left out.
RANK_ALL = 1_000
# Recency boost: relevance is divided by (1 + age in days / RECENCY_DAYS), so a document published
# RECENCY_DAYS ago counts half as much as an equally relevant one published today.
RECENCY_DAYS = 730.0
TITLE_WEIGHT = 4.0  # bm25 weight of a title match relative to a match in the text

ENTRY = SearchEntry._meta.db_table
TEXT = SearchText._meta.db_table
ENTRY_COLUMN = SearchEntryColumn._meta.db_table
FACTS_INDEX = "search_entry_facts"  # SearchEntry: id, date and the filtered fields (see models.py)


@dataclass(frozen=True)
class SearchFilters:
    agency_id: int | None = None
    column_id: int | None = None
    year: int | None = None
    validity: str | None = None
    topic: str | None = None
    kind: str | None = None

    def is_empty(self) -> bool:
        values = (self.agency_id, self.column_id, self.year, self.validity, self.topic, self.kind)
        return all(v in (None, "") for v in values)

    def only_column(self) -> bool:
        """Whether the column is the only narrowing filter (the agency is implied by it)."""
        return bool(self.column_id) and not (self.year or self.validity or self.topic or self.kind)


FACET_CAP = COUNT_CAP
FACET_FIELDS = ("agency", "column", "year", "kind")


@dataclass
class Facets:
    """Counts of the matching documents by agency, column, year and kind (zero counts absent).

    ``capped``: more than ``FACET_CAP`` documents matched and the counts are of the first
    ``FACET_CAP + 1`` of them in the index's order, so each is a lower bound (shown "N+"), and a
    value may be missing.
    """

    counts: dict[str, list[tuple[object, int]]] = field(default_factory=dict)
    capped: bool = False


@dataclass(frozen=True)
class Hit:
    document_id: int
    score: float = 0.0


@dataclass
class SearchResults:
    """One page of results. ``mode``: exact (identifier), fulltext, browse (no query), none."""

    query: str
    mode: str
    terms: list[str] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = PER_PAGE
    capped: bool = False  # more than ``total`` (COUNT_CAP) documents matched
    facets: Facets | None = None  # counted with the total when asked for

    @property
    def total_label(self) -> str:
        """The total as the page shows it: exact, or "5,000+" when counting stopped at the cap."""
        return f"{self.total:,}+" if self.capped else str(self.total)

    @property
    def num_pages(self) -> int:
        return min(MAX_PAGE, max(1, -(-self.total // self.per_page)))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def document_ids(self) -> list[int]:
        return [h.document_id for h in self.hits]


def _clamp_page(page) -> int:
    try:
        page = int(page)
    except (TypeError, ValueError):
        return 1
    return min(max(page, 1), MAX_PAGE)


class Backend:
    """The generic backend: writes through the ORM, full text by LIKE over the tokens."""

    vendor = "generic"

    # ---- writing -------------------------------------------------------------------------
    def write(self, records: Sequence[IndexRecord], *, fresh: bool = False) -> None:
        """Insert or replace the entries of ``records`` (``fresh``: the index holds none of them).

        The tokens go in before their entries (the foreign key is checked at commit): on
        PostgreSQL an entry takes its tsvectors from its tokens as it is inserted, so it is
        written once, not inserted and then updated (migration 0008).
        """
        if not records:
            return
        with transaction.atomic():
            if not fresh:
                self.delete([r.document_id for r in records])
            SearchText.objects.bulk_create(
                [
                    SearchText(entry_id=r.document_id, title_tokens=r.title_tokens, body_tokens=r.body_tokens)
                    for r in records
                ]
            )
            SearchEntry.objects.bulk_create(
                [
                    SearchEntry(
                        document_id=r.document_id,
                        agency_id=r.agency_id,
                        published_at=r.published_at,
                        published_on=r.published_on,
                        year=r.year,
                        topic=r.topic,
                        kind=r.kind,
                        validity=r.validity,
                        index_number=r.index_number,
                        doc_number=r.doc_number,
                    )
                    for r in records
                ]
            )
            SearchEntryColumn.objects.bulk_create(
                [
                    SearchEntryColumn(entry_id=r.document_id, column_id=c, published_at=r.published_at)
                    for r in records
                    for c in r.column_ids
                ]
            )

    def delete(self, document_ids: Iterable[int]) -> None:
        ids = list(document_ids)
        if not ids:
            return
        with transaction.atomic():
            SearchEntryColumn.objects.filter(entry_id__in=ids).delete()
            SearchText.objects.filter(entry_id__in=ids).delete()
            SearchEntry.objects.filter(document_id__in=ids).delete()

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {ENTRY_COLUMN}")  # noqa: S608 - table names from _meta
            cursor.execute(f"DELETE FROM {TEXT}")  # noqa: S608
            cursor.execute(f"DELETE FROM {ENTRY}")  # noqa: S608

    def optimize(self) -> None:
        """Compact the index after a bulk load (no-op where the engine does it itself)."""

    @contextmanager
    def bulk_load(self):
        """Write many entries at once (an engine may defer index work to the end)."""
        yield

    # ---- reading -------------------------------------------------------------------------
    @contextmanager
    def reading(self):
        """Run a search's statements (an engine may set the planner up for them)."""
        yield

    def search(
        self,
        query: str,
        filters: SearchFilters | None = None,
        page=1,
        *,
        per_page: int = PER_PAGE,
        today: date | None = None,
        facets: Sequence[str] = (),
    ) -> SearchResults:
        """Return one page of documents matching ``query`` (all words) within ``filters``.

        The total is counted up to ``COUNT_CAP`` (``capped`` above it); ``facets`` names the facets
        (of ``FACET_FIELDS``) to count in the same query as the total, for a full-text or browsing
        search (``results.facets``; an exact identifier look-up has none).
        """
        query = " ".join((query or "").split())[:200]
        filters = filters or SearchFilters()
        page = _clamp_page(page)
        offset = (page - 1) * per_page
        if not query:
            total, counted = self._tally(None, filters, facets)
            hits = self._browse(filters, per_page, offset) if total else []
            return SearchResults(
                query, "browse", [], hits, total, page, per_page, counted.capped, counted if facets else None
            )
        if segment.identifier_kind(query):
            hits, total = self._exact(query, filters, per_page, offset)
            if total:
                return SearchResults(query, "exact", [query], hits, total, page, per_page)
        terms = segment.query_terms(query)
        if not terms:
            return SearchResults(query, "none", [], [], 0, page, per_page)
        hits = []
        with self.reading():
            total, counted = self._tally(terms, filters, facets)
            if total:
                many = counted.capped or total > RANK_ALL
                hits = self._fulltext(
                    terms, filters, per_page, offset, today or timezone.localdate(), many=many
                )
        return SearchResults(
            query,
            "fulltext",
            segment.highlight_terms(terms),
            hits,
            total,
            page,
            per_page,
            counted.capped,
            counted if facets else None,
        )

    def _entries(self, filters: SearchFilters):
        qs = SearchEntry.objects.all()
        if filters.agency_id:
            qs = qs.filter(agency_id=filters.agency_id)
        if filters.year:
            qs = qs.filter(year=filters.year)
        if filters.topic:
            qs = qs.filter(topic=filters.topic)
        if filters.validity:
            qs = qs.filter(validity=filters.validity)
        if filters.kind:
            qs = qs.filter(kind=filters.kind)
        if filters.column_id:
            in_column = SearchEntryColumn.objects.filter(column_id=filters.column_id)
            qs = qs.filter(document_id__in=in_column.values("entry_id"))
        return qs

    def _newest(self, qs, limit: int, offset: int) -> list[Hit]:
        ordered = qs.order_by("-published_at", "-document_id").values_list("document_id", flat=True)
        return [Hit(i) for i in ordered[offset : offset + limit]]

    # ---- the catalogue: newest first, one index range scan --------------------------------
    def _listing(self, filters: SearchFilters):
        """Return the rows of ``filters`` in catalogue order and the field holding the document id."""
        if filters.only_column():
            # A column belongs to one agency (callers check that it is the agency asked for), so
            # the agency adds nothing here, and leaving it out keeps this an index-only scan.
            qs = SearchEntryColumn.objects.filter(column_id=filters.column_id)
            return qs.order_by("-published_at", "-entry_id"), "entry_id"
        listing = self._entries(filters).documents()  # the catalogue: documents, not annual reports
        return listing.order_by("-published_at", "-document_id"), "document_id"

    def browse_ids(self, filters: SearchFilters, limit: int, offset: int = 0) -> list[int]:
        """Return the ids of the documents matching ``filters``, newest first."""
        qs, field = self._listing(filters)
        return list(qs.values_list(field, flat=True)[offset : offset + limit])

    def browse_count(self, filters: SearchFilters) -> int:
        qs, _ = self._listing(filters)
        return qs.order_by().count()

    def _browse(self, filters: SearchFilters, limit: int, offset: int) -> list[Hit]:
        """Newest first without a query: documents and annual reports (a column holds documents only)."""
        if filters.only_column():
            return [Hit(i) for i in self.browse_ids(filters, limit, offset)]
        return self._newest(self._entries(filters), limit, offset)

    def _exact(self, query: str, filters: SearchFilters, limit: int, offset: int) -> tuple[list[Hit], int]:
        """Look a 索引号 or 文号 up exactly (Regulation art. 12: the catalogue's identifiers)."""
        wanted = Q(index_number=segment.normalize_index_number(query)) | Q(
            doc_number=segment.normalize_doc_number(query)
        )
        qs = self._entries(filters).filter(wanted)
        hits = self._newest(qs, limit, offset)
        return hits, (qs.count() if hits or offset else 0)  # an identifier names a handful at most

    def _fulltext(self, terms, filters, limit, offset, today, *, many: bool = False) -> list[Hit]:
        """Return one page of the matches, ranked (``many``: more than RANK_ALL matched)."""
        qs = self._entries(filters)
        for term in terms:
            qs = qs.filter(self._has_term(term))
        return self._newest(qs, limit, offset)

    @staticmethod
    def _has_term(term) -> Q:
        def has(token: str) -> Q:
            return Q(text__title_tokens__contains=token) | Q(text__body_tokens__contains=token)

        condition = has(term.word)
        if term.parts:
            parts = Q()
            for part in term.parts:
                parts &= has(part)
            condition |= parts
        return condition

    # ---- counting: the total and the facets, in one query, up to the cap ---------------------
    def facets(self, query: str, filters: SearchFilters | None = None, *, cap: int | None = None) -> Facets:
        """Count the documents matching ``query`` within ``filters`` by each facet, in one query.

        The matches are read up to ``cap + 1`` rows, so the cost is bounded however common the
        word; only values that have documents are returned.
        """
        query = " ".join((query or "").split())[:200]
        terms = None
        if query:
            terms = segment.query_terms(query)
            if not terms:
                return Facets({name: [] for name in FACET_FIELDS})
        with self.reading():
            return self._tally(terms, filters or SearchFilters(), FACET_FIELDS, cap=cap)[1]

    def _tally(self, terms, filters: SearchFilters, fields: Sequence[str], *, cap: int | None = None):
        """Return (the total up to ``cap``, ``Facets`` of ``fields``) of the matches of ``terms``.

        ``terms`` None: the entries within ``filters`` (browsing). One query either way; with no
        facet asked for it only counts (and may skip the join the facets need).
        """
        cap = COUNT_CAP if cap is None else cap
        counts: dict[str, list[tuple[object, int]]] = {name: [] for name in FACET_FIELDS}
        if not fields:
            sql, params = self._match_sql(terms, filters, facts=False)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT count(*) FROM ({sql} LIMIT %s) AS capped", [*params, cap + 1])  # noqa: S608
                n = int(cursor.fetchone()[0])
            return min(n, cap), Facets(counts, n > cap)
        sql, params = self._match_sql(terms, filters, facts=True)
        # One grouping by (agency, year, kind) -- a few hundred groups -- summed here into the
        # three facets and the total; the columns (a document may have several) group apart.
        select = "SELECT agency, year, kind, NULL, count(*) FROM m GROUP BY agency, year, kind"
        if "column" in fields:
            select += (
                f" UNION ALL SELECT NULL, NULL, NULL, c.column_id, count(*) FROM m {self.OUTER_FIRST} "  # noqa: S608
                f"{ENTRY_COLUMN} c ON c.entry_id = m.id GROUP BY c.column_id"
            )
        with connection.cursor() as cursor:
            # Table and column names come from _meta and constants; values are parameters.
            cursor.execute(f"WITH m(id, agency, year, kind) AS ({sql} LIMIT %s) {select}", [*params, cap + 1])
            rows = cursor.fetchall()
        n = 0
        tallies: dict[str, Counter] = {name: Counter() for name in FACET_FIELDS}
        for agency, year, kind, column, count in rows:
            if column is not None:
                tallies["column"][int(column)] += count
                continue
            n += count
            tallies["agency"][int(agency)] += count
            tallies["year"][int(year)] += count
            if kind:
                tallies["kind"][kind] += count
        for name in fields:
            counts[name] = sorted(tallies[name].items(), key=lambda item: (-item[1], str(item[0])))
        counts["year"].sort(key=lambda item: -item[0])
        return min(n, cap), Facets(counts, n > cap)

    # The join keyword that makes the matches the outer loop (SQLite would rather scan the columns).
    OUTER_FIRST = "JOIN"

    def _match_sql(self, terms, filters: SearchFilters, *, facts: bool) -> tuple[str, list]:
        """Return SQL selecting the matches of ``terms`` (None: every entry) within ``filters``.

        ``facts``: select (id, agency_id, year, kind) for the facets; else the id alone.
        """
        qs = self._entries(filters)
        for term in terms or ():
            qs = qs.filter(self._has_term(term))
        columns = ("document_id", "agency_id", "year", "kind") if facts else ("document_id",)
        return qs.order_by().values_list(*columns).query.sql_with_params()

    def _where(self, filters: SearchFilters) -> tuple[list[str], list]:
        """Return SQL conditions on the entry alias ``e`` for ``filters``, and their parameters."""
        where, params = [], []
        columns = (("agency_id", int), ("year", int), ("topic", str), ("validity", str), ("kind", str))
        for column, cast in columns:
            value = getattr(filters, column)
            if value:
                where.append(f"e.{column} = %s")
                params.append(cast(value))
        if filters.column_id:
            where.append(f"e.document_id IN (SELECT c.entry_id FROM {ENTRY_COLUMN} c WHERE c.column_id = %s)")  # noqa: S608
            params.append(int(filters.column_id))
        return where, params


class SqliteBackend(Backend):
    vendor = "sqlite"
    OUTER_FIRST = "CROSS JOIN"  # SQLite never reorders a CROSS JOIN: the matches stay outside

    def optimize(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")

    def _from(self, filters: SearchFilters, *, join: bool) -> tuple[str, list]:
        """Return the FROM and WHERE of a MATCH (its expression the first parameter) within ``filters``.

        The entries are read through their covering index (``search_entry_facts``): one B-tree
        descent per match, where the primary key (a bigint, not SQLite's rowid) costs two.
        """
        where, params = self._where(filters)
        if not where and not join:
            return "FROM search_fts WHERE search_fts MATCH %s", params
        return (
            f"FROM search_fts CROSS JOIN {ENTRY} e INDEXED BY {FACTS_INDEX} "
            "ON e.document_id = search_fts.rowid WHERE search_fts MATCH %s"
            + "".join(f" AND {w}" for w in where)
        ), params

    def _match_sql(self, terms, filters: SearchFilters, *, facts: bool) -> tuple[str, list]:
        if terms is None:
            return super()._match_sql(terms, filters, facts=facts)
        sql_from, params = self._from(filters, join=facts)
        columns = "e.document_id, e.agency_id, e.year, e.kind" if facts else "search_fts.rowid"
        return f"SELECT {columns} {sql_from}", [fts5_expression(terms), *params]

    def _fulltext(self, terms, filters, limit, offset, today, *, many: bool = False) -> list[Hit]:
        match = fts5_expression(terms)
        sql_from, params = self._from(filters, join=True)
        score = "-bm25(search_fts, %s, 1.0) / (1.0 + MAX(0, julianday(%s) - julianday(e.published_on)) / %s)"
        scoring = [TITLE_WEIGHT, today.isoformat(), RECENCY_DAYS]
        with connection.cursor() as cursor:
            if not many:
                cursor.execute(
                    f"SELECT e.document_id, {score} AS score {sql_from} "
                    "ORDER BY score DESC, e.published_on DESC, e.document_id DESC LIMIT %s OFFSET %s",
                    [*scoring, match, *params, limit, offset],
                )
                return [Hit(int(i), float(score)) for i, score in cursor.fetchall()]
            # Many matches: the documents with every word in the title come first (a column filter
            # on the same expression), newest first; the RANK_ALL newest of them are ranked by
            # bm25 over the title with the recency boost. SQLite evaluates bm25 inside CASE only
            # for the rows that take its branch, so ranking costs RANK_ALL rows, not all of them.
            title = "{title_tokens} : (" + match + ")"
            cursor.execute(
                f"SELECT e.published_on {sql_from} ORDER BY e.published_on DESC LIMIT 1 OFFSET %s",
                [title, *params, RANK_ALL - 1],
            )
            row = cursor.fetchone()
            cutoff = row[0] if row else "0001-01-01"
            cursor.execute(
                f"SELECT e.document_id, CASE WHEN e.published_on >= %s THEN {score} END AS score {sql_from} "
                "ORDER BY score IS NULL, score DESC, e.published_on DESC, e.document_id DESC LIMIT %s",
                [cutoff, *scoring, title, *params, offset + limit],
            )
            ranked = [Hit(int(i), float(score or 0.0)) for i, score in cursor.fetchall()]
            hits = ranked[offset : offset + limit]
            if len(ranked) == offset + limit:
                return hits
            # Past the title matches (all fetched above): the others, newest first by index order.
            skip, seen = max(0, offset - len(ranked)), {h.document_id for h in ranked}
            rest_from, params = self._from(filters, join=False)
            cursor.execute(
                f"SELECT search_fts.rowid {rest_from} ORDER BY search_fts.rowid DESC LIMIT %s",
                [match, *params, skip + limit - len(hits) + len(seen)],
            )
            rest = [i for (i,) in cursor.fetchall() if i not in seen][skip : skip + limit - len(hits)]
        return hits + [Hit(int(i)) for i in rest]


class PostgresBackend(Backend):
    vendor = "postgresql"

    # The planner does not know that a tsvector stored out of line costs a TOAST fetch to test:
    # with a LIMIT it would rather scan the entries in order and test each (0.6 s for a common
    # word) than use the GIN index. Parallel workers and JIT only add start-up time here.
    PLANNER = (
        "SELECT set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true), "
        "set_config('max_parallel_workers_per_gather', '0', true)"
    )

    GIN_INDEXES = ("search_entry_tsv", "search_entry_title_tsv")

    def optimize(self) -> None:
        """Merge what a bulk load queued in the GIN indexes' pending lists (see ``bulk_load``)."""
        with connection.cursor() as cursor:
            for index in self.GIN_INDEXES:
                cursor.execute(f"ALTER INDEX {index} SET (fastupdate = off)")
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])

    @contextmanager
    def bulk_load(self):
        """Queue the GIN indexes' new entries while loading many entries, merge them at the end.

        The indexes take every write directly (migration 0008), so that no search reads a
        pending list; a bulk load of a million entries is faster with one (``optimize``).
        """
        with connection.cursor() as cursor:
            for index in self.GIN_INDEXES:
                cursor.execute(f"ALTER INDEX {index} SET (fastupdate = on)")
        try:
            yield
        finally:
            self.optimize()

    @contextmanager
    def reading(self):
        with transaction.atomic():  # the settings hold for this transaction only
            with connection.cursor() as cursor:
                cursor.execute(self.PLANNER)
            yield

    def _from(self, filters: SearchFilters) -> tuple[str, list]:
        """Return the FROM and WHERE of a match (the tsquery the first parameter) within ``filters``.

        The entries carry the tsvector (migration 0007), out of line: a match is found, filtered,
        dated and faceted in its own narrow row.
        """
        where, params = self._where(filters)
        return (
            f"FROM {ENTRY} e, to_tsquery('simple', %s) AS q(q) WHERE e.tsv @@ q.q"
            + "".join(f" AND {w}" for w in where)
        ), params

    def _match_sql(self, terms, filters: SearchFilters, *, facts: bool) -> tuple[str, list]:
        if terms is None:
            return super()._match_sql(terms, filters, facts=facts)
        sql_from, params = self._from(filters)
        columns = "e.document_id, e.agency_id, e.year, e.kind" if facts else "e.document_id"
        return f"SELECT {columns} {sql_from}", [tsquery_expression(terms), *params]

    def _fulltext(self, terms, filters, limit, offset, today, *, many: bool = False) -> list[Hit]:
        text = tsquery_expression(terms)
        recency = "(1.0 + GREATEST(0, %s::date - e.published_on)::float8 / %s)"
        with connection.cursor() as cursor:
            if not many:
                sql_from, params = self._from(filters)
                cursor.execute(
                    f"SELECT e.document_id, ts_rank(e.tsv, q.q)::float8 / {recency} AS score {sql_from} "
                    "ORDER BY score DESC, e.published_on DESC, e.document_id DESC LIMIT %s OFFSET %s",
                    [today.isoformat(), RECENCY_DAYS, text, *params, limit, offset],
                )
                return [Hit(int(i), float(score)) for i, score in cursor.fetchall()]
            # Many matches: as on SQLite, the title matches first (the entries' own title tsvector,
            # migration 0006), newest first, the RANK_ALL newest of them ranked by ts_rank over the
            # title with the recency boost (CASE: ts_rank runs for those rows only).
            where, params = self._where(filters)
            cursor.execute(
                f"SELECT id, score FROM (SELECT e.document_id AS id, e.published_on AS day, "  # noqa: S608
                "CASE WHEN row_number() OVER (ORDER BY e.published_on DESC, e.document_id DESC) <= %s "
                f"THEN ts_rank(e.title_tsv, q.q)::float8 / {recency} END AS score "
                f"FROM {ENTRY} e, to_tsquery('simple', %s) AS q(q) WHERE e.title_tsv @@ q.q"
                + "".join(f" AND {w}" for w in where)
                + ") AS tier ORDER BY score DESC NULLS LAST, day DESC, id DESC LIMIT %s",
                [RANK_ALL, today.isoformat(), RECENCY_DAYS, text, *params, offset + limit],
            )
            ranked = [Hit(int(i), float(score or 0.0)) for i, score in cursor.fetchall()]
            hits = ranked[offset : offset + limit]
            if len(ranked) == offset + limit:
                return hits
            # Past the title matches (all fetched above): the others, newest first by document id.
            skip, seen = max(0, offset - len(ranked)), {h.document_id for h in ranked}
            rest_from, params = self._from(filters)
            cursor.execute(
                f"SELECT e.document_id {rest_from} ORDER BY e.document_id DESC LIMIT %s",
                [text, *params, skip + limit - len(hits) + len(seen)],
            )
            rest = [i for (i,) in cursor.fetchall() if i not in seen][skip : skip + limit - len(hits)]
        return hits + [Hit(int(i)) for i in rest]


def fts5_expression(terms: Sequence[segment.QueryTerm]) -> str:
    """Return an FTS5 MATCH expression: every word, each as itself or as all of its parts."""

    def quoted(token: str) -> str:
        return '"' + token.replace('"', '""') + '"'

    def one(term: segment.QueryTerm) -> str:
        if not term.parts:
            return quoted(term.word)
        return f"({quoted(term.word)} OR ({' AND '.join(quoted(p) for p in term.parts)}))"

    return " AND ".join(one(t) for t in terms)


def tsquery_expression(terms: Sequence[segment.QueryTerm]) -> str:
    """Return the same expression in to_tsquery syntax (tokens are letters and digits only)."""

    def quoted(token: str) -> str:
        return "'" + token.replace("'", "''").replace("\\", "") + "'"

    def one(term: segment.QueryTerm) -> str:
        if not term.parts:
            return quoted(term.word)
        return f"({quoted(term.word)} | ({' & '.join(quoted(p) for p in term.parts)}))"

    return " & ".join(one(t) for t in terms)


@cache
def _backend_for(vendor: str) -> Backend:
    return {"sqlite": SqliteBackend, "postgresql": PostgresBackend}.get(vendor, Backend)()


def get_backend() -> Backend:
    return _backend_for(connection.vendor)


# ---- the interface ------------------------------------------------------------------------


def index_document(document) -> bool:
    """Bring the index in step with ``document``: add or replace it if public, else remove it.

    Return whether the document is now in the index.
    """
    record = record_for(document)
    if record is None:
        get_backend().delete([document.pk])
        return False
    get_backend().write([record])
    return True


def index_annual_report(report) -> bool:
    """Bring the index in step with ``report``'s agency-year: its newest published version only.

    Return whether ``report`` is now in the index.
    """
    backend = get_backend()
    record = report_record(report)
    with transaction.atomic():
        backend.delete(report_keys(report))
        if record is not None:
            backend.write([record], fresh=True)
    return record is not None


def remove_document(document) -> None:
    """Take a document (or a document id) out of the index."""
    get_backend().delete([getattr(document, "pk", document)])


def search(query: str, filters: SearchFilters | None = None, page=1, **options) -> SearchResults:
    return get_backend().search(query, filters, page, **options)


def facets(query: str, filters: SearchFilters | None = None, **options) -> Facets:
    return get_backend().facets(query, filters, **options)


def rebuild(*, batch_size: int = 500, progress=None) -> int:
    """Recreate the whole index from the public documents and annual reports, in one transaction.

    Readers keep seeing the old index until the new one commits. Return the number indexed.
    """
    backend = get_backend()
    count = 0
    with transaction.atomic():
        backend.clear()
        batch: list[IndexRecord] = []
        for record in indexable_records(chunk_size=batch_size):
            batch.append(record)
            if len(batch) >= batch_size:
                backend.write(batch, fresh=True)
                count += len(batch)
                batch = []
                if progress:
                    progress(count)
        backend.write(batch, fresh=True)
        count += len(batch)
    backend.optimize()
    return count
