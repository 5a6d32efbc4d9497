"""Search results as the portal shows them: documents with highlighted, escaped snippets."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.safestring import SafeString, mark_safe

from . import backends, snippets
from .backends import SearchFilters, SearchResults
from .records import document_text


@dataclass
class ResultItem:
    document: object
    title_html: SafeString
    snippet_html: SafeString
    score: float


def search_documents(query: str, filters: SearchFilters | None = None, page=1) -> tuple[SearchResults, list]:
    """Run a search and load the page's documents (publicly visible ones only) with snippets."""
    from gongkai.publishing.models import Attachment
    from gongkai.publishing.selectors import published_documents

    results = backends.search(query, filters, page)
    ids = results.document_ids
    if not ids:
        return results, []
    documents = (
        published_documents()
        .filter(pk__in=ids)
        .order_by()  # by primary key; the hits give the order
        .select_related("agency")
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.only("id", "document_id", "text"))
        )
    )
    by_id = {d.pk: d for d in documents}
    items = []
    for hit in results.hits:
        document = by_id.get(hit.document_id)
        if document is None:  # withdrawn between indexing and now
            continue
        text = document_text(document, document.attachments.all())
        items.append(
            ResultItem(
                document=document,
                # Both are built from escaped pieces (snippets escapes before marking).
                title_html=mark_safe(snippets.highlight(document.title, results.terms)),  # noqa: S308
                snippet_html=mark_safe(snippets.snippet(text, results.terms)),  # noqa: S308
                score=hit.score,
            )
        )
    return results, items
