"""The year's figures of proactive disclosure for the annual report (aggregate queries).

``proactive_section`` returns section 二 of the report in the JSON layout of CODES.md
(``rules``, ``normative_documents``, ``licensing``, ``penalty``, ``coercion``, ``fees``).
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import Count, Q, Sum
from django.utils import timezone

from ..models import (
    Column,
    ColumnYearCount,
    Document,
    DocumentStatus,
    MediaPlatform,
    MediaYear,
    NormativeKind,
    NormativeRecord,
    YearlyFigures,
)

REPORT_KEYS = {NormativeKind.RULE: "rules", NormativeKind.NORMATIVE: "normative_documents"}


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """Return the aware start of ``year`` and of the next year in the site's time zone."""
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(date(year, 1, 1), time.min), tz),
        timezone.make_aware(datetime.combine(date(year + 1, 1, 1), time.min), tz),
    )


def normative_filters(year: int) -> dict[str, Q]:
    """The register's three counts as conditions, shared by the counts and the records behind them.

    OUR RULE (docs/decisions/0004): issued = issue date in the year; repealed = repeal date in
    the year; valid = in force on 31 December: issued on or before it, and neither repealed nor
    expired on or before it (the repeal and expiry dates are the first days out of force).
    """
    first, last = date(year, 1, 1), date(year, 12, 31)
    return {
        "issued": Q(issued_on__range=(first, last)),
        "repealed": Q(repealed_on__range=(first, last)),
        "valid": Q(issued_on__lte=last)
        & (Q(repealed_on__isnull=True) | Q(repealed_on__gt=last))
        & (Q(expired_on__isnull=True) | Q(expired_on__gt=last)),
    }


def _normative_rows(agency, year: int) -> dict[str, dict[str, int]]:
    """Count issued, repealed and valid entries of each kind in one query."""
    filters = normative_filters(year)
    rows = (
        NormativeRecord.objects.filter(agency=agency)
        .order_by()
        .values("kind")
        .annotate(
            issued=Count("id", filter=filters["issued"]),
            repealed=Count("id", filter=filters["repealed"]),
            valid=Count("id", filter=filters["valid"]),
        )
    )
    out = {kind.value: {"issued": 0, "repealed": 0, "valid": 0} for kind in NormativeKind}
    for row in rows:
        out[row["kind"]] = {"issued": row["issued"], "repealed": row["repealed"], "valid": row["valid"]}
    return out


def normative_counts(agency, year: int, kind: str = NormativeKind.NORMATIVE) -> dict[str, int]:
    """Return ``{"issued", "repealed", "valid"}`` of ``kind`` (rules or normative documents) in ``year``."""
    return _normative_rows(agency, year)[str(kind)]


def proactive_section(agency, year: int) -> dict:
    """Return section 二 of the annual report; figures not entered are ``None``, never a guessed 0."""
    rows = _normative_rows(agency, year)
    figures = YearlyFigures.objects.filter(agency=agency, year=year).first()
    return {
        "rules": rows[NormativeKind.RULE],
        "normative_documents": rows[NormativeKind.NORMATIVE],
        "licensing": {"decisions": figures.licensing if figures else None},
        "penalty": {"decisions": figures.penalty if figures else None},
        "coercion": {"decisions": figures.coercion if figures else None},
        "fees": {"amount_10k_yuan": figures.fees_10k_yuan if figures else None},
    }


def published_counts(agency, year: int, *, total: int | None = None) -> dict:
    """Return the items published in ``year``: per column, in total, and per channel.

    Counts documents first published in the year that are still public (a withdrawn one is not
    counted, so that the figures match what a reader finds on the site). The website channel is
    that total; new-media channels are the posts recorded per account in ``MediaYear``. A caller
    that already holds the total (the annual report's yearly aggregate of a past year) passes it.
    """
    start, end = year_bounds(year)
    # the year is half-open (a document of 00:00 on 1 January belongs to the new year only, as
    # in the counters); while it runs, only what is already public
    in_year = Q(
        status=DocumentStatus.PUBLISHED,
        published_at__gte=start,
        published_at__lt=end,
        published_at__lte=timezone.now(),
    )
    # Per-column figures come from the exact counters (see ``counters.py``): no join of a year's
    # documents to their columns at report time. ``first``: the documents whose first column it is.
    per_column = {
        column_id: (published, first)
        for column_id, published, first in ColumnYearCount.objects.filter(
            column__agency=agency, year=year
        ).values_list("column_id", "published", "first")
    }
    columns = [
        {
            **column,
            "count": per_column.get(column["id"], (0, 0))[0],
            "first": per_column.get(column["id"], (0, 0))[1],
        }
        for column in Column.objects.filter(agency=agency)
        .order_by("position", "id")
        .values("id", "name", "parent_id", "kind")
    ]
    if total is None:
        total = Document.objects.filter(in_year, agency=agency).count()
    media = (
        MediaYear.objects.filter(account__agency=agency, year=year)
        .order_by()
        .values("account__platform")
        .annotate(posts=Sum("posts"), accounts=Count("id"), followers_end=Sum("followers_end"))
    )
    labels = dict(MediaPlatform.choices)
    channels = [
        {"channel": "website", "label": "政府网站", "count": total, "accounts": None, "followers_end": None}
    ]
    for row in sorted(media, key=lambda r: list(labels).index(r["account__platform"])):
        channels.append(
            {
                "channel": row["account__platform"],
                "label": labels[row["account__platform"]],
                "count": row["posts"] or 0,
                "accounts": row["accounts"],
                "followers_end": row["followers_end"] or 0,
            }
        )
    return {"year": year, "total": total, "columns": columns, "channels": channels}
