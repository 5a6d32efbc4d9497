"""Signals other apps connect to (the search index).

``report_published`` is sent inside the transaction that publishes a version of an annual report
(a first publication or a correction), with ``sender=AnnualReport`` and ``report=<AnnualReport>``:
a receiver that writes (the search index's outbox row) commits or rolls back with it.
"""

from __future__ import annotations

from django.dispatch import Signal

report_published = Signal()
