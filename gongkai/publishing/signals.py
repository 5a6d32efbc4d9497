"""Signals other apps connect to (the search index, the portal's caches).

``document_changed`` is sent inside the transaction that changes a public document, with
``sender=Document``, ``document=<Document>`` and ``change=<the signal below>``: a receiver that
writes (the search index's outbox row) commits or rolls back with the change itself.

The others are sent after that transaction commits (``transaction.on_commit``), with
``sender=Document`` and ``document=<Document>``; a receiver never sees a change that was rolled
back. ``document_corrected`` also carries ``version=<DocumentVersion>`` (the new one).
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

from .models import Document

document_changed = Signal()
document_published = Signal()
document_withdrawn = Signal()
document_corrected = Signal()


def send_on_commit(signal: Signal, document, **extra) -> None:
    """Send ``document_changed`` now and ``signal`` for ``document`` once the transaction commits."""
    document_changed.send(sender=Document, document=document, change=signal)

    def _send() -> None:
        signal.send(sender=Document, document=document, **extra)

    transaction.on_commit(_send)
