"""Keep the index in step with publication: publish, correction, withdrawal, deletion.

The publishing signals are sent after their transaction commits. Indexing runs in its own
transaction; a failure is logged and never turns a successful publication into an error page
(the index is derived data: ``gongkai search rebuild`` repairs it).
"""

from __future__ import annotations

import logging

from django.db.models.signals import post_delete

logger = logging.getLogger(__name__)


def _reindex(sender, document, **kwargs) -> None:
    from . import backends

    try:
        fresh = type(document)._default_manager.filter(pk=document.pk).first()
        if fresh is None:
            backends.remove_document(document.pk)
        else:
            backends.index_document(fresh)
    except Exception:
        logger.exception("search index: could not update document %s", document.pk)


def _remove(sender, document, **kwargs) -> None:
    from . import backends

    try:
        backends.remove_document(document.pk)
    except Exception:
        logger.exception("search index: could not remove document %s", document.pk)


def _deleted(sender, instance, **kwargs) -> None:
    _remove(sender, instance)


def connect() -> None:
    from gongkai.publishing import signals
    from gongkai.publishing.models import Document

    signals.document_published.connect(_reindex, dispatch_uid="search.published")
    signals.document_corrected.connect(_reindex, dispatch_uid="search.corrected")
    signals.document_withdrawn.connect(_remove, dispatch_uid="search.withdrawn")
    post_delete.connect(_deleted, sender=Document, dispatch_uid="search.deleted")
