"""Signals other apps connect to (the search index, the portal's caches).

Each is sent after the transaction that caused it commits (``transaction.on_commit``), with
``sender=Document`` and ``document=<Document>``; a receiver never sees a change that was rolled
back. ``document_corrected`` also carries ``version=<DocumentVersion>`` (the new one).
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

from .models import Document

document_published = Signal()
document_withdrawn = Signal()
document_corrected = Signal()


def send_on_commit(signal: Signal, document, **extra) -> None:
    """Send ``signal`` for ``document`` once the current transaction commits."""

    def _send() -> None:
        signal.send(sender=Document, document=document, **extra)

    transaction.on_commit(_send)
