"""Keep ``ColumnYearCount`` exact: recount from the records whenever a publication changes.

Model signals (inside the writing transaction) catch every path that saves a document or changes
its columns; bulk loads that bypass signals call :func:`rebuild_column_counts` afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.db.models.signals import m2m_changed, post_save
from django.utils import timezone

from .models import ColumnYearCount, Document, DocumentStatus
from .selectors.reports import year_bounds

_PUBLIC = Q(document__status=DocumentStatus.PUBLISHED)


def refresh_column_counts(column_ids: Iterable[int], year: int) -> None:
    """Recount the given columns for one year from the documents themselves."""
    column_ids = sorted(set(column_ids))
    if not column_ids:
        return
    start, end = year_bounds(year)
    through = Document.columns.through
    counts = dict(
        through.objects.filter(
            _PUBLIC,
            column_id__in=column_ids,
            document__published_at__gte=start,
            document__published_at__lt=end,
        )
        .order_by()
        .values_list("column_id")
        .annotate(n=Count("id"))
    )
    for column_id in column_ids:
        ColumnYearCount.objects.update_or_create(
            column_id=column_id, year=year, defaults={"published": counts.get(column_id, 0)}
        )


def rebuild_column_counts(agency=None) -> int:
    """Recount every (column, year) of ``agency`` (or of all agencies); return the rows written."""
    through = Document.columns.through
    rows = through.objects.filter(_PUBLIC, document__published_at__isnull=False)
    existing = ColumnYearCount.objects.all()
    if agency is not None:
        rows = rows.filter(column__agency=agency)
        existing = existing.filter(column__agency=agency)
    counts = (
        rows.annotate(year=ExtractYear("document__published_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values_list("column_id", "year")
        .annotate(n=Count("id"))
    )
    existing.delete()
    objs = [ColumnYearCount(column_id=c, year=y, published=n) for c, y, n in counts]
    ColumnYearCount.objects.bulk_create(objs, batch_size=1000)
    return len(objs)


def _year_of(document: Document) -> int | None:
    if document.published_at is None:
        return None
    return timezone.localtime(document.published_at).year


def _document_saved(sender, instance: Document, raw=False, **kwargs) -> None:
    year = _year_of(instance)
    if raw or year is None:
        return
    refresh_column_counts(instance.columns.values_list("id", flat=True), year)


def _columns_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "pre_clear", "post_clear"):
        return
    documents = Document.objects.filter(pk__in=pk_set) if reverse else [instance]
    for document in documents:
        year = _year_of(document)
        if year is None:
            continue
        if reverse:
            columns = [instance.pk]
        elif action == "pre_clear":
            document._cleared_columns = list(document.columns.values_list("id", flat=True))
            continue
        elif action == "post_clear":
            columns = getattr(document, "_cleared_columns", [])
        else:
            columns = list(pk_set or [])
        refresh_column_counts(columns, year)


def connect() -> None:
    post_save.connect(_document_saved, sender=Document, dispatch_uid="publishing.column_counts.save")
    m2m_changed.connect(
        _columns_changed, sender=Document.columns.through, dispatch_uid="publishing.column_counts.m2m"
    )
