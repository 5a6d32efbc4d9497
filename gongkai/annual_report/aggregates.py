"""Keep ``YearAggregate`` exact: recount an agency-year's part from the records whenever one changes.

The same mechanism as the per-column counters (``gongkai/publishing/counters.py``): model
signals, sent inside the writing transaction, recount the affected part of the affected
agency-years from the records themselves (a recount, never an increment, so an aggregate can
only be as wrong as the records). The parts and what moves them:

============  ==============================================  =====================================
part          records                                         years an edit touches
============  ==============================================  =====================================
applications  Application (received, decided, outcome,        received year … decided year (or this
              category, fee paid, due date)                   year while open), fee-paid year
remedies      RemedyCase (filed, concluded, kind, outcome)    filed year
proactive     NormativeRecord, publishing.YearlyFigures       issue year … this year; the year
publication   Document (status, published_at), MediaYear      the publication year; the year
============  ==============================================  =====================================

A save that changes none of the counted fields (a clerk's note, an assignee) recounts nothing.
Paths that bypass the signals (``bulk_create``, ``QuerySet.update``) call :func:`touch` or
:func:`recount` afterwards; ``gongkai annual_report recount`` rebuilds everything from the records.
:func:`deferred` lets a bulk load (the demo) recount each agency-year part once at the end.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.signals import post_delete, post_init, post_save
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application, RemedyCase
from gongkai.applications.selectors import remedy_counts, year_counts
from gongkai.publishing.models import (
    Document,
    DocumentStatus,
    Interpretation,
    MediaPlatform,
    MediaYear,
    NormativeRecord,
)
from gongkai.publishing.models import YearlyFigures as EnteredFigures
from gongkai.publishing.selectors.reports import proactive_section, year_bounds

from .models import YearAggregate

PARTS: tuple[str, ...] = ("applications", "remedies", "proactive", "publication")

_pending: ContextVar[set | None] = ContextVar("aggregates_pending", default=None)


def this_year() -> int:
    return timezone.localdate().year


# --- counting one part of one agency-year from the records -----------------------------------


def _count_applications(agency_id: int, year: int) -> dict:
    jan1, dec31 = date(year, 1, 1), date(year, 12, 31)
    tables = year_counts(agency_id, year)
    extra = Application.objects.filter(agency_id=agency_id).aggregate(
        fee=Sum("fee_amount", filter=Q(fee_paid_on__range=(jan1, dec31))),
        overdue=Count(
            "pk",
            filter=Q(decided_on__range=(jan1, dec31), due_date__isnull=False, decided_on__gt=F("due_date")),
        ),
    )
    disclosed = sum(tables[row]["total"] for row in ("disclosed", "partially_disclosed"))
    return {
        "applications": tables,
        "fee_yuan": Decimal(extra["fee"] or 0),
        "overdue": extra["overdue"] or 0,
        "applications_new": tables["new_this_year"]["total"],
        "applications_handled": tables["total_handled"]["total"],
        "applications_disclosed": disclosed,
        "applications_partially_disclosed": tables["partially_disclosed"]["total"],
        "carried_forward": tables["carried_forward"]["total"],
    }


def _count_remedies(agency_id: int, year: int) -> dict:
    tables = remedy_counts(agency_id, year)
    return {
        "remedies": tables,
        "remedies_total": sum(group["total"] for group in tables.values()),
        "remedies_corrected": sum(group["corrected"] for group in tables.values()),
        "remedies_pending": sum(group["pending"] for group in tables.values()),
    }


def _count_proactive(agency_id: int, year: int) -> dict:
    section = proactive_section(agency_id, year)
    amount = section["fees"]["amount_10k_yuan"]
    if amount is not None:
        section["fees"]["amount_10k_yuan"] = str(amount)  # JSON keeps the decimal exactly as entered
    return {"proactive": section}


def _count_publication(agency_id: int, year: int) -> dict:
    start, end = year_bounds(year)
    published = Document.objects.filter(
        agency_id=agency_id, status=DocumentStatus.PUBLISHED, published_at__gte=start, published_at__lt=end
    ).count()
    order = list(MediaPlatform.values)
    rows = (
        MediaYear.objects.filter(account__agency_id=agency_id, year=year)
        .order_by()
        .values("account__platform")
        .annotate(
            posts=Sum("posts"),
            accounts=Count("id"),
            followers_start=Sum("followers_start"),
            followers_end=Sum("followers_end"),
        )
    )
    media = sorted(
        (
            {
                "platform": row["account__platform"],
                "posts": row["posts"] or 0,
                "accounts": row["accounts"],
                "followers_start": row["followers_start"] or 0,
                "followers_end": row["followers_end"] or 0,
            }
            for row in rows
        ),
        key=lambda m: order.index(m["platform"]) if m["platform"] in order else len(order),
    )
    return {"published": published, "media": media}


_COUNTERS = {
    "applications": _count_applications,
    "remedies": _count_remedies,
    "proactive": _count_proactive,
    "publication": _count_publication,
}


@transaction.atomic  # the row lock needs a transaction: a save outside one (a shell, a script) still counts
def recount(agency_id: int, year: int, parts: Iterable[str] = PARTS) -> YearAggregate:
    """Recount ``parts`` of one agency-year from the records and store them; return the row.

    A row that does not exist yet is created with every part counted, so no row ever holds a
    part that was never counted.
    """
    parts = [p for p in PARTS if p in set(parts)]
    row = YearAggregate.objects.select_for_update().filter(agency_id=agency_id, year=year).first()
    if row is None:
        values: dict = {}
        for part in PARTS:
            values.update(_COUNTERS[part](agency_id, year))
        try:
            with transaction.atomic():
                return YearAggregate.objects.create(agency_id=agency_id, year=year, **values)
        except IntegrityError:  # created meanwhile by a concurrent writer: update it instead
            row = YearAggregate.objects.select_for_update().get(agency_id=agency_id, year=year)
            parts = list(PARTS)
    values = {}
    for part in parts:
        values.update(_COUNTERS[part](agency_id, year))
    for name, value in values.items():
        setattr(row, name, value)
    row.save()
    return row


def touch(agency_id: int, years: Iterable[int], parts: Iterable[str]) -> None:
    """Recount ``parts`` of the agency's ``years`` now, or at the end of the enclosing :func:`deferred`."""
    years = sorted({y for y in years if y is not None and 2000 <= y <= this_year()})
    parts = tuple(parts)
    pending = _pending.get()
    if pending is not None:
        pending.update((agency_id, y, p) for y in years for p in parts)
        return
    for year in years:
        recount(agency_id, year, parts)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Collect the recounts of a bulk load and run each agency-year part once, when the block ends.

    Run it inside the load's transaction when the aggregates must never be seen stale.
    """
    if _pending.get() is not None:  # nested: the outermost block recounts
        yield
        return
    pending: set = set()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    by_key: dict[tuple[int, int], set[str]] = {}
    for agency_id, year, part in pending:
        by_key.setdefault((agency_id, year), set()).add(part)
    with transaction.atomic():
        for (agency_id, year), parts in sorted(by_key.items()):
            recount(agency_id, year, parts)


def rebuild(agency_ids: Iterable[int] | None = None, years: Iterable[int] | None = None) -> int:
    """Recount every part of the given agency-years (default: every agency, 2008 to this year)."""
    ids = list(agency_ids) if agency_ids is not None else list(Agency.objects.values_list("pk", flat=True))
    years = list(years) if years is not None else _record_years(ids)
    written = 0
    with transaction.atomic():
        YearAggregate.objects.filter(agency_id__in=ids, year__in=years).delete()
        for agency_id in ids:
            for year in years:
                recount(agency_id, year)
                written += 1
    return written


def _record_years(agency_ids: list[int]) -> list[int]:
    """Return the years from the earliest record of these agencies to this year."""
    firsts = [
        Application.objects.filter(agency_id__in=agency_ids, received_on__isnull=False)
        .order_by("received_on")
        .values_list("received_on", flat=True)
        .first(),
        NormativeRecord.objects.filter(agency_id__in=agency_ids)
        .order_by("issued_on")
        .values_list("issued_on", flat=True)
        .first(),
    ]
    start = min([d.year for d in firsts if d] + [this_year()])
    return list(range(max(start, 2008), this_year() + 1))


# --- which agency-years a change touches ------------------------------------------------------

_APPLICATION_FIELDS = (
    "agency_id",
    "received_on",
    "decided_on",
    "outcome",
    "applicant_category",
    "fee_paid_on",
    "fee_amount",
    "due_date",
)
_REMEDY_FIELDS = ("application_id", "filed_on", "concluded_on", "kind", "outcome")
_NORMATIVE_FIELDS = ("agency_id", "kind", "issued_on", "repealed_on", "expired_on")
_DOCUMENT_FIELDS = ("agency_id", "status", "published_at")


def _snapshot(instance, fields) -> tuple:
    return tuple(instance.__dict__.get(name) for name in fields)


def _remember(fields):
    def receiver(sender, instance, **kwargs) -> None:
        instance._aggregate_was = _snapshot(instance, fields) if instance.pk else None

    return receiver


def _application_years(state: tuple | None) -> tuple[int | None, set[int]]:
    if state is None:
        return None, set()
    agency_id, received, decided, _outcome, _category, fee_paid, _fee, _due = state
    years: set[int] = set()
    if received is not None:
        last = decided.year if decided is not None else this_year()
        years.update(range(received.year, max(last, received.year) + 1))
    if fee_paid is not None:
        years.add(fee_paid.year)
    return agency_id, years


def _on_change(fields: tuple[str, ...], affected):
    """Build the save/delete receiver of a watched model: when any of ``fields`` changed, touch
    what ``affected(was, now)`` names, ``(agency id, years, parts)`` for the old and new state
    (a state is None for a record not yet saved or just deleted)."""

    def receiver(sender, instance, raw=False, **kwargs) -> None:
        if raw:
            return
        deleted = kwargs.get("signal") is post_delete
        now = None if deleted else _snapshot(instance, fields)
        was = getattr(instance, "_aggregate_was", None)
        if now == was:
            return
        for agency_id, years, parts in affected(was, now):
            touch(agency_id, years, parts)
        instance._aggregate_was = now

    return receiver


def _application_affects(was, now):
    for agency_id, years in (_application_years(was), _application_years(now)):
        if agency_id is not None and years:
            yield agency_id, years, ["applications"]


def _remedy_affects(was, now):
    states = [s for s in (was, now) if s is not None and s[1] is not None]
    agencies = dict(Application.objects.filter(pk__in={s[0] for s in states}).values_list("pk", "agency_id"))
    for application_id, filed_on, *_ in states:
        if application_id in agencies:
            yield agencies[application_id], [filed_on.year], ["remedies"]


def _normative_affects(was, now):
    for state in (was, now):
        if state is not None and state[2] is not None:
            # "valid" counts every year from the issue date on
            yield state[0], range(state[2].year, this_year() + 1), ["proactive"]


def _document_affects(was, now):
    for state in (was, now):
        if state is not None and state[2] is not None:
            yield state[0], [timezone.localtime(state[2]).year], ["publication"]


def _figures_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        touch(instance.agency_id, [instance.year], ["proactive"])


def _media_changed(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    agency_id = instance.account.agency_id
    touch(agency_id, [instance.year], ["publication"])


def connect() -> None:
    """Connect the receivers (from ``AnnualReportConfig.ready``)."""
    watched = (
        (Application, _APPLICATION_FIELDS, _application_affects),
        (RemedyCase, _REMEDY_FIELDS, _remedy_affects),
        (NormativeRecord, _NORMATIVE_FIELDS, _normative_affects),
        (Document, _DOCUMENT_FIELDS, _document_affects),
        # a proxy's instances send signals as the proxy: an interpretation saved as one counts too
        (Interpretation, _DOCUMENT_FIELDS, _document_affects),
    )
    for model, fields, affected in watched:
        uid = f"annual_report.aggregates.{model.__name__}"
        receiver = _on_change(fields, affected)
        post_init.connect(_remember(fields), sender=model, weak=False, dispatch_uid=f"{uid}.init")
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}.save")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}.delete")
    for model, receiver in ((EnteredFigures, _figures_changed), (MediaYear, _media_changed)):
        uid = f"annual_report.aggregates.{model.__name__}"
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}.delete")


__all__ = ["PARTS", "connect", "deferred", "rebuild", "recount", "touch"]
