"""Keep ``ColumnYearCount`` exact: recount from the records whenever a publication changes.

Two figures per (column, year), both over the documents published in the year and still public:
``published``, every document in the column; ``first``, the documents of the column's agency
whose first column (lowest position, then id, among all their columns) is this one — so that the
annual report's narrative counts each document once (RULES.md, OUR RULE (publication)).

Model signals, inside the writing transaction, recount the (column, year) pairs a change can
move: a document's save (the year it left and the year it entered) and deletion; a change of its
columns from either side of the relation, clear included (every column of the document: its first
column may pass to another); a column's move (position) or deletion, which can change the first
column of every document in it. A recount, never an increment (decision 0014). Bulk loads that
bypass the signals call :func:`refresh_column_counts` or :func:`rebuild_column_counts` afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import ExtractYear
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save, pre_delete
from django.utils import timezone

from .models import Column, ColumnYearCount, Document, DocumentStatus, Interpretation
from .selectors.reports import year_bounds

_PUBLIC = Q(document__status=DocumentStatus.PUBLISHED)


def _counted(rows, *group):
    """Group the through ``rows`` by ``group`` and count ``published`` and ``first`` in each.

    A row is its document's first when the document has no column that sorts before this one
    (position, then id) — one probe of the through table's (document, column) index per row.
    """
    through = rows.model
    earlier = through.objects.filter(document_id=OuterRef("document_id")).filter(
        Q(column__position__lt=OuterRef("column__position"))
        | Q(column__position=OuterRef("column__position"), column_id__lt=OuterRef("column_id"))
    )
    first = Q(document__agency_id=F("column__agency_id")) & ~Exists(earlier)
    return (
        rows.order_by()
        .values_list(*group)
        .annotate(published=Count("id"), first=Count("id", filter=first))
        .values_list(*group, "published", "first")
    )


def refresh_column_counts(column_ids: Iterable[int], year: int) -> None:
    """Recount the given columns for one year from the documents themselves.

    The counter rows are locked before the documents are counted (created first when missing),
    so that on PostgreSQL a concurrent writer of the same column waits and then counts what the
    other committed, instead of overwriting it with a count taken before. Four statements,
    whatever the number of columns.
    """
    column_ids = sorted(set(column_ids))
    if not column_ids:
        return
    with transaction.atomic():
        ColumnYearCount.objects.bulk_create(
            [ColumnYearCount(column_id=c, year=year) for c in column_ids], ignore_conflicts=True
        )
        locked = ColumnYearCount.objects.select_for_update().filter(column_id__in=column_ids, year=year)
        list(locked.order_by("column_id").values_list("pk", flat=True))
        start, end = year_bounds(year)
        through = Document.columns.through
        rows = through.objects.filter(
            _PUBLIC,
            # the columns' rows as a subquery of ids: SQLite otherwise reads the year's documents
            # of every agency by their date index and probes each for these columns (10× slower
            # for an agency-year of 100,000 documents, and growing with the other agencies)
            pk__in=through.objects.filter(column_id__in=column_ids).values("pk"),
            document__published_at__gte=start,
            document__published_at__lt=end,
        )
        counts = {c: (published, first) for c, published, first in _counted(rows, "column_id")}
        ColumnYearCount.objects.bulk_create(
            [
                ColumnYearCount(column_id=c, year=year, published=n[0], first=n[1])
                for c, n in ((c, counts.get(c, (0, 0))) for c in column_ids)
            ],
            update_conflicts=True,
            unique_fields=["column", "year"],
            update_fields=["published", "first"],
        )


def rebuild_column_counts(agency=None) -> int:
    """Recount every (column, year) of ``agency`` (or of all agencies); return the rows written."""
    return rebuild(Document.columns.through, ColumnYearCount, agency_id=getattr(agency, "pk", agency))


def rebuild(through, counts_model, *, agency_id=None) -> int:
    """Rebuild ``counts_model`` from ``through`` (the models passed, so that a migration can run it)."""
    rows = through.objects.filter(_PUBLIC, document__published_at__isnull=False)
    existing = counts_model.objects.all()
    if agency_id is not None:
        rows = rows.filter(column__agency_id=agency_id)
        existing = existing.filter(column__agency_id=agency_id)
    rows = rows.annotate(year=ExtractYear("document__published_at", tzinfo=timezone.get_current_timezone()))
    with transaction.atomic():
        objs = [
            counts_model(column_id=c, year=y, published=p, first=f)
            for c, y, p, f in _counted(rows, "column_id", "year")
        ]
        existing.delete()
        counts_model.objects.bulk_create(objs, batch_size=1000)
    return len(objs)


def _columns_by_year(document_ids) -> dict[int, set[int]]:
    """Return ``{year: column ids}`` of the public documents among ``document_ids`` (ids or a
    subquery), in one query; a document without columns still names its year."""
    rows = (
        Document.objects.filter(
            pk__in=document_ids, status=DocumentStatus.PUBLISHED, published_at__isnull=False
        )
        .annotate(year=ExtractYear("published_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values_list("year", "columns")
        .distinct()
    )
    by_year: dict[int, set[int]] = {}
    for year, column_id in rows:
        columns = by_year.setdefault(year, set())
        if column_id is not None:
            columns.add(column_id)
    return by_year


def _documents_in(column_id: int):
    return Document.columns.through.objects.filter(column_id=column_id).values("document_id")


# --- which (column, year) pairs a change touches ----------------------------------------------

_DOCUMENT_STATE = ("agency_id", "status", "published_at")


def _document_state(document: Document) -> tuple:
    return tuple(document.__dict__.get(name) for name in _DOCUMENT_STATE)


def _year_of(published_at) -> int | None:
    return None if published_at is None else timezone.localtime(published_at).year


def _remember_document(sender, instance: Document, **kwargs) -> None:
    instance._counted_was = _document_state(instance) if instance.pk else None


def _document_saved(sender, instance: Document, raw=False, **kwargs) -> None:
    """Recount the document's columns in the year it left and the year it is in now."""
    if raw:
        return
    was, now = getattr(instance, "_counted_was", None), _document_state(instance)
    instance._counted_was = now
    if was == now:  # a save that moves no counted field (a title, a deadline) recounts nothing
        return
    years = {_year_of(state[2]) for state in (was, now) if state is not None} - {None}
    if not years:
        return
    columns = list(
        Document.columns.through.objects.filter(document_id=instance.pk).values_list("column_id", flat=True)
    )
    for year in sorted(years):
        refresh_column_counts(columns, year)


def _document_deleting(sender, instance: Document, **kwargs) -> None:
    # the through rows go with the document and send no m2m_changed: note its columns now
    instance._counted_columns = list(
        Document.columns.through.objects.filter(document_id=instance.pk).values_list("column_id", flat=True)
    )


def _document_deleted(sender, instance: Document, **kwargs) -> None:
    year = _year_of(instance.published_at)
    if year is not None and instance.status == DocumentStatus.PUBLISHED:
        refresh_column_counts(getattr(instance, "_counted_columns", []), year)


def _columns_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """Recount every column of the documents whose columns changed: any of them may become, or
    stop being, a document's first column, not only the ones added or removed."""
    if action == "pre_clear":  # by post_clear the cleared side is gone: note what it touches
        documents = _documents_in(instance.pk) if reverse else [instance.pk]
        instance._counted_pairs = _columns_by_year(documents)
        return
    if action == "post_clear":
        pairs = getattr(instance, "_counted_pairs", {})
    elif action in ("post_add", "post_remove") and pk_set:
        pairs = _columns_by_year(pk_set if reverse else [instance.pk])
        also = {instance.pk} if reverse else set(pk_set)  # the side that changed
        pairs = {year: columns | also for year, columns in pairs.items()}
    else:
        return
    for year, columns in sorted(pairs.items()):
        refresh_column_counts(columns, year)


_COLUMN_STATE = ("agency_id", "position")


def _remember_column(sender, instance: Column, **kwargs) -> None:
    instance._counted_was = tuple(instance.__dict__.get(n) for n in _COLUMN_STATE) if instance.pk else None


def _column_saved(sender, instance: Column, created=False, raw=False, **kwargs) -> None:
    """A column that moved may now come before (or after) another column of its documents."""
    now = tuple(instance.__dict__.get(n) for n in _COLUMN_STATE)
    was = getattr(instance, "_counted_was", None)
    instance._counted_was = now
    if raw or created or was == now:
        return
    for year, columns in sorted(_columns_by_year(_documents_in(instance.pk)).items()):
        refresh_column_counts(columns, year)


def _column_deleting(sender, instance: Column, **kwargs) -> None:
    # the through rows go with the column and send no m2m_changed: their documents' first column
    # may pass to another of their columns
    instance._counted_pairs = _columns_by_year(_documents_in(instance.pk))


def _column_deleted(sender, instance: Column, **kwargs) -> None:
    for year, columns in sorted(getattr(instance, "_counted_pairs", {}).items()):
        refresh_column_counts(columns - {instance.pk}, year)


def connect() -> None:
    uid = "publishing.column_counts"
    for model in (Document, Interpretation):  # a proxy's instances send signals as the proxy
        name = model.__name__
        post_init.connect(_remember_document, sender=model, dispatch_uid=f"{uid}.{name}.init")
        post_save.connect(_document_saved, sender=model, dispatch_uid=f"{uid}.{name}.save")
        pre_delete.connect(_document_deleting, sender=model, dispatch_uid=f"{uid}.{name}.deleting")
        post_delete.connect(_document_deleted, sender=model, dispatch_uid=f"{uid}.{name}.deleted")
    m2m_changed.connect(_columns_changed, sender=Document.columns.through, dispatch_uid=f"{uid}.m2m")
    post_init.connect(_remember_column, sender=Column, dispatch_uid=f"{uid}.column_init")
    post_save.connect(_column_saved, sender=Column, dispatch_uid=f"{uid}.column_save")
    pre_delete.connect(_column_deleting, sender=Column, dispatch_uid=f"{uid}.column_deleting")
    post_delete.connect(_column_deleted, sender=Column, dispatch_uid=f"{uid}.column_deleted")
