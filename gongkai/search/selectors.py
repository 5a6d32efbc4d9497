"""Search results as the portal shows them: documents with highlighted, escaped snippets."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from gongkai.agencies.models import Agency
from gongkai.annual_report.models import AnnualReport, ReportStatus
from gongkai.publishing.models import Attachment, Column, DocumentKind
from gongkai.publishing.selectors import published_documents

from . import backends, snippets
from .backends import SearchFilters, SearchResults
from .models import ANNUAL_REPORT_KIND, KIND_LABELS, SearchEntry, SearchEntryColumn, report_key
from .records import document_text, report_text


@dataclass
class ResultItem:
    """One hit as the results list shows it: a document or an annual report (``document`` None)."""

    url: str
    kind_label: str
    agency: object
    published_at: object
    title_html: SafeString
    snippet_html: SafeString
    score: float
    document: object = None
    document_number: str = ""
    index_number: str = ""


def _reports_by_key(keys: list[int]) -> dict[int, object]:
    """Load the published annual report versions among the negative index keys ``keys``."""
    if not keys:
        return {}
    reports = AnnualReport.objects.filter(pk__in=[-k for k in keys], status=ReportStatus.PUBLISHED)
    return {report_key(r.pk): r for r in reports.select_related("agency")}


def search_documents(
    query: str, filters: SearchFilters | None = None, page=1, *, facets=()
) -> tuple[SearchResults, list]:
    """Run a search and load the page's documents and annual reports (public ones only) with snippets.

    ``facets``: the facets to count with the total (``results.facets``).
    """
    results = backends.search(query, filters, page, facets=facets)
    ids = results.document_ids
    if not ids:
        return results, []
    documents = (
        published_documents()
        .filter(pk__in=[i for i in ids if i > 0])
        .order_by()  # by primary key; the hits give the order
        .select_related("agency")
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.only("id", "document_id", "text"))
        )
    )
    by_id = {d.pk: d for d in documents}
    reports = _reports_by_key([i for i in ids if i < 0])
    kinds = dict(DocumentKind.choices)

    def marked(title: str, text: str) -> tuple[SafeString, SafeString]:
        # Both are built from escaped pieces (snippets escapes before marking).
        return (
            mark_safe(snippets.highlight(title, results.terms)),  # noqa: S308
            mark_safe(snippets.snippet(text, results.terms)),  # noqa: S308
        )

    items = []
    for hit in results.hits:
        if (document := by_id.get(hit.document_id)) is not None:
            title_html, snippet_html = marked(
                document.title, document_text(document, document.attachments.all())
            )
            items.append(
                ResultItem(
                    url=reverse("portal:document", args=[document.agency.credit_code, document.pk]),
                    kind_label=kinds.get(document.kind, "其他"),
                    agency=document.agency,
                    published_at=document.published_at,
                    title_html=title_html,
                    snippet_html=snippet_html,
                    score=hit.score,
                    document=document,
                    document_number=document.document_number,
                    index_number=document.index_number,
                )
            )
        elif (report := reports.get(hit.document_id)) is not None:
            title_html, snippet_html = marked(str(report), report_text(report))
            items.append(
                ResultItem(
                    url=reverse("annual_report_public:report", args=[report.agency.credit_code, report.year]),
                    kind_label=KIND_LABELS[ANNUAL_REPORT_KIND],
                    agency=report.agency,
                    published_at=report.published_at,
                    title_html=title_html,
                    snippet_html=snippet_html,
                    score=hit.score,
                )
            )
        # else: withdrawn (or superseded) between indexing and now: not shown
    return results, items


# --- facets, years, popular columns (issue 13) ------------------------------------------------

FACET_TITLES = {"agency": "发布机关", "column": "栏目", "year": "发布年份", "kind": "信息类型"}
CACHE_SECONDS = 600


def years_with_documents(agency_id: int | None) -> list[int]:
    """Return the years that have public documents (newest first), cached for a few minutes."""

    def load() -> list[int]:
        qs = SearchEntry.objects.all()
        if agency_id:
            qs = qs.filter(agency_id=agency_id)
        return sorted(set(qs.values_list("year", flat=True).distinct()), reverse=True)

    return cache.get_or_set(f"search:years:{agency_id or 'all'}", load, CACHE_SECONDS)


def popular_columns(agency_id: int | None, limit: int = 8) -> list[dict]:
    """Return the columns with the most public documents (for the page before a search)."""

    def load() -> list[dict]:
        qs = SearchEntryColumn.objects.all()
        if agency_id:
            qs = qs.filter(entry__agency_id=agency_id)
        top = list(qs.values("column_id").annotate(n=Count("pk")).order_by("-n", "column_id")[:limit])
        columns = {
            c.pk: c
            for c in Column.objects.filter(pk__in=[t["column_id"] for t in top]).select_related("agency")
        }
        return [
            {
                "pk": c.pk,
                "name": c.name,
                "agency": c.agency.name,
                "code": c.agency.credit_code,
                "count": t["n"],
            }
            for t in top
            if (c := columns.get(t["column_id"])) is not None
        ]

    return cache.get_or_set(f"search:popular:{agency_id or 'all'}", load, CACHE_SECONDS)


FACET_SHOWN = 12  # values offered per facet, the largest counts first


def facet_groups(facets: backends.Facets, params, *, fixed_agency=None) -> list[dict]:
    """Turn facet counts into links that narrow the search (zero counts never appear).

    ``params`` is the request's query (a QueryDict); each link keeps it, sets one facet and goes
    back to the first page. A chosen value links to its removal. Only the ``FACET_SHOWN`` largest
    values of a facet are offered, so only their agencies are loaded and only their links built
    (a search across all agencies counts forty of them).
    """
    counts = facets.counts
    agencies = {}
    if fixed_agency is None:  # a search within an agency filtered by one counts only that one
        agency_ids = [v for v, _ in counts.get("agency", [])[:FACET_SHOWN]]
        agencies = {
            a.pk: a for a in Agency.objects.filter(pk__in=agency_ids).only("pk", "name", "credit_code")
        }
    code = str(params.get("agency") or "").upper()[:18]
    chosen_agency = fixed_agency or next((a for a in agencies.values() if a.credit_code == code), None)
    columns = {}
    if chosen_agency is not None:  # a column narrows within one agency's site
        column_ids = [v for v, _ in counts.get("column", [])]
        columns = {c.pk: c for c in Column.objects.filter(pk__in=column_ids, agency=chosen_agency)}
    kinds = dict(DocumentKind.choices) | KIND_LABELS
    # The query as (name, values) pairs in its order, without the page: each link changes one.
    base = [(k, v) for k, v in params.lists() if k != "page"]

    def link(name: str, value: str) -> tuple[str, bool]:
        selected = params.get(name) == value
        query = []
        for k, values in base:
            if k == name:
                if not selected:
                    query.append((k, [value]))  # replaces the value where it stood
            elif not (name == "agency" and k == "column" and not selected):
                query.append((k, values))
        if not selected and name not in params:
            query.append((name, [value]))
        return "?" + urlencode([(k, v) for k, values in query for v in values]), selected

    def shown(n: int) -> str:
        return f"{n:,}+" if facets.capped else f"{n:,}"

    groups = []
    for name in ("agency", "column", "year", "kind"):
        entries = []
        for value, n in counts.get(name, []):
            if len(entries) == FACET_SHOWN:
                break
            if name == "agency":
                if fixed_agency is not None or value not in agencies:
                    continue
                label, key = agencies[value].name, agencies[value].credit_code
            elif name == "column":
                column = columns.get(value)
                if column is None:
                    continue
                label, key = column.name, str(column.pk)
            elif name == "year":
                label, key = f"{value}年", str(value)
            else:
                label, key = kinds.get(value, "其他"), str(value)
            url, selected = link(name, key)
            entries.append({"label": label, "count": shown(n), "url": url, "selected": selected})
        if entries:
            groups.append({"name": name, "title": FACET_TITLES[name], "entries": entries})
    return groups
