"""Reads for the public portal: only active agencies and publicly visible documents.

Everything here is public by construction: documents come from
``gongkai.publishing.selectors.published_documents`` (published, publish time reached, not
withdrawn), agencies must be active. Orderings and counts of the catalogue come from the search
index's ordered indexes (see ``gongkai.search.models``), aggregated in the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from gongkai.agencies.models import Agency
from gongkai.publishing.models import Attachment, Column, Document, Topic
from gongkai.publishing.selectors import published_documents
from gongkai.search.backends import SearchFilters, get_backend
from gongkai.search.models import SearchEntry, SearchEntryColumn

LIST_FIELDS = (
    "id",
    "agency_id",
    "title",
    "index_number",
    "document_number",
    "published_at",
    "validity",
    "topic",
    "kind",
)


def active_agencies() -> QuerySet[Agency]:
    return Agency.objects.filter(is_active=True).order_by("path")


def agency_by_code(credit_code: str) -> Agency:
    """Return the active agency with this 统一社会信用代码, or 404."""
    try:
        return Agency.objects.get(credit_code=(credit_code or "").upper(), is_active=True)
    except Agency.DoesNotExist:
        raise Http404("没有这个机关") from None


def listing(qs: QuerySet[Document]) -> QuerySet[Document]:
    """Trim a document queryset to what a list row shows, newest first."""
    return qs.only(*LIST_FIELDS).order_by("-published_at", "-id")


def latest_documents(agency: Agency | None = None, limit: int = 10) -> list[Document]:
    qs = published_documents(agency)
    if agency is None:
        qs = qs.select_related("agency").only(*LIST_FIELDS, "agency__name", "agency__credit_code")
        return list(qs.order_by("-published_at", "-id")[:limit])
    return list(listing(qs)[:limit])


class IndexedListing:
    """Documents in catalogue order, paged through the index's (column | agency, published_at) order.

    Give it to ``django.core.paginator.Paginator``: ``count()`` is an index-only count, a slice
    fetches that page's ids from the index and loads those documents from the publishing tables,
    public ones only, so a document withdrawn a moment ago is never shown.
    """

    def __init__(self, filters: SearchFilters, *, with_agency: bool = False):
        self.filters = filters
        self.with_agency = with_agency
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = get_backend().browse_count(self.filters)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        start, stop = key.start or 0, key.stop if key.stop is not None else self.count()
        ids = get_backend().browse_ids(self.filters, max(0, stop - start), start)
        return documents_in_order(ids, with_agency=self.with_agency)


def documents_in_order(ids: list[int], *, with_agency: bool = False) -> list[Document]:
    """Load the public documents among ``ids`` (one query), in the order of ``ids``."""
    if not ids:
        return []
    qs = published_documents().filter(pk__in=ids).order_by()  # by primary key; order restored below
    if with_agency:
        qs = qs.select_related("agency").only(*LIST_FIELDS, "agency__name", "agency__credit_code")
    else:
        qs = qs.only(*LIST_FIELDS)
    by_id = {d.pk: d for d in qs}
    return [by_id[i] for i in ids if i in by_id]


@dataclass(frozen=True)
class ColumnNode:
    column: Column
    depth: int
    count: int


def column_tree(agency: Agency) -> list[ColumnNode]:
    """Return the agency's active columns in tree order with their public document counts (two queries)."""
    columns = list(Column.objects.filter(agency=agency, is_active=True).order_by("position", "id"))
    counts = dict(
        SearchEntryColumn.objects.filter(column_id__in=[c.pk for c in columns])
        .values("column_id")
        .annotate(n=Count("*"))
        .values_list("column_id", "n")
    )
    children: dict[int | None, list[Column]] = {}
    known = {c.pk for c in columns}
    for column in columns:
        parent = column.parent_id if column.parent_id in known else None
        children.setdefault(parent, []).append(column)
    nodes: list[ColumnNode] = []

    def walk(parent: int | None, depth: int) -> None:
        for column in children.get(parent, []):
            nodes.append(ColumnNode(column, depth, counts.get(column.pk, 0)))
            walk(column.pk, depth + 1)

    walk(None, 0)
    return nodes


def column_of(agency: Agency, column_id) -> Column:
    try:
        return Column.objects.get(agency=agency, pk=int(column_id), is_active=True)
    except (Column.DoesNotExist, TypeError, ValueError):
        raise Http404("没有这个栏目") from None


def year_counts(agency: Agency) -> list[tuple[int, int]]:
    """Return ``[(year, count)]`` of public documents, newest first (an index-only GROUP BY)."""
    rows = (
        SearchEntry.objects.documents()
        .filter(agency=agency)
        .values("year")
        .annotate(n=Count("*"))
        .order_by("-year")
        .values_list("year", "n")
    )
    return list(rows)


def topic_counts(agency: Agency) -> list[tuple[str, str, int]]:
    """Return ``[(topic code, label, count)]`` for the topics the agency has published under."""
    rows = SearchEntry.objects.documents().filter(agency=agency).values("topic").annotate(n=Count("*"))
    counts = {row["topic"]: row["n"] for row in rows}
    return [(code, label, counts[code]) for code, label in Topic.choices if counts.get(code)]


def catalogue(
    agency: Agency, *, column: Column | None = None, topic: str = "", year: int | None = None
) -> IndexedListing:
    """Return the agency's public documents, newest first, optionally in one column, topic or year."""
    return IndexedListing(
        SearchFilters(
            agency_id=agency.pk,
            column_id=column.pk if column else None,
            topic=topic or None,
            year=year or None,
        )
    )


def annual_report_documents(agency: Agency, limit: int = 100) -> list[Document]:
    """Return the documents of the agency's annual-report columns, newest first (a document counts once)."""
    columns = list(
        Column.objects.filter(agency=agency, is_annual_report=True, is_active=True).values_list(
            "pk", flat=True
        )
    )
    if not columns:
        return []
    rows = (
        SearchEntryColumn.objects.filter(column_id__in=columns)
        .order_by("-published_at", "-entry_id")
        .values_list("entry_id", flat=True)[: limit * len(columns)]
    )
    return documents_in_order(list(dict.fromkeys(rows))[:limit])


def public_document(agency: Agency, pk) -> Document:
    """Return one publicly visible document of ``agency`` with what its page shows, or 404."""
    try:
        return (
            published_documents(agency)
            .select_related("agency", "replaced_by", "interprets")
            .prefetch_related(
                Prefetch(
                    "attachments",
                    queryset=Attachment.objects.only("id", "document_id", "name", "size", "content_type"),
                ),
                Prefetch(
                    "columns", queryset=Column.objects.filter(is_active=True).only("id", "name", "agency_id")
                ),
            )
            .get(pk=int(pk))
        )
    except (Document.DoesNotExist, TypeError, ValueError):
        raise Http404("信息不存在或尚未公开") from None


def visible(document: Document | None) -> Document | None:
    """Return ``document`` when the public may see it (for links to a replacing document)."""
    return document if document is not None and document.is_public else None


def related_documents(document: Document) -> tuple[list[Document], list[Document]]:
    """Return the public interpretations of ``document`` and the documents it replaced.

    Each id lookup is a single equality on its own foreign-key index: combined with ORDER BY or
    OR, SQLite's planner (with statistics that see a mostly-NULL column) scans the whole table.
    """
    interpretations = list(
        Document.objects.filter(interprets_id=document.pk).order_by().values_list("pk", flat=True)[:50]
    )
    replaced = list(
        Document.objects.filter(replaced_by_id=document.pk).order_by().values_list("pk", flat=True)[:50]
    )
    if not interpretations and not replaced:
        return [], []
    found = {
        d.pk: d
        for d in published_documents(document.agency)
        .filter(pk__in=interpretations + replaced)
        .only(*LIST_FIELDS)
        .order_by()
    }
    return (
        [found[i] for i in sorted(interpretations, key=lambda i: _newest(found, i)) if i in found],
        [found[i] for i in sorted(replaced, key=lambda i: _newest(found, i)) if i in found],
    )


def _newest(found: dict, pk: int):
    document = found.get(pk)
    return (-(document.published_at.timestamp()) if document else 0, -pk)


def public_attachment(agency: Agency, document_pk, attachment_pk) -> Attachment:
    document = public_document(agency, document_pk)
    try:
        return Attachment.objects.get(document=document, pk=int(attachment_pk))
    except (Attachment.DoesNotExist, TypeError, ValueError):
        raise Http404("附件不存在") from None
