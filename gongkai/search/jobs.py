"""The search index's outbox deliverer (autodiscovered by gongkai.jobs)."""

from __future__ import annotations

from gongkai.jobs.services import outbox_topic


@outbox_topic("search.sync")
def sync_document(payload: dict) -> None:
    """Bring the index in step with the document as it is now (gone or not public: out of the index)."""
    from gongkai.publishing.models import Document

    from . import backends

    document = Document._default_manager.filter(pk=payload["document_id"]).first()
    if document is None:
        backends.remove_document(payload["document_id"])
    else:
        backends.index_document(document)
