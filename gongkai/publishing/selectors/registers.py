"""Reads of the registers: the normative register, yearly figures, new media and the disclosure list."""

from __future__ import annotations

from django.db.models import Max, Prefetch, QuerySet

from gongkai.agencies.scoping import get_scoped

from ..models import DisclosureItem, MediaAccount, MediaPost, MediaYear, NormativeRecord, YearlyFigures


def normative_records(agency) -> QuerySet[NormativeRecord]:
    """Return the agency's register entries, newest issue date first."""
    return (
        NormativeRecord.objects.filter(agency=agency)
        .select_related("document", "replaced_by")
        .order_by("-issued_on", "-id")
    )


def normative_record_get(user, pk: int, *, write: bool = False) -> NormativeRecord:
    """Return the register entry ``pk`` if ``user`` may read it (``write``: change it)."""
    return get_scoped(NormativeRecord.objects.select_related("agency"), user, write=write, pk=pk)


def yearly_figures(agency) -> QuerySet[YearlyFigures]:
    """Return the agency's yearly figures, latest year first."""
    return YearlyFigures.objects.filter(agency=agency).select_related("entered_by").order_by("-year")


def media_accounts(agency) -> QuerySet[MediaAccount]:
    """Return the agency's new-media accounts with their years (latest first) and latest post day."""
    return (
        MediaAccount.objects.filter(agency=agency)
        .annotate(last_posted=Max("posts__posted_on"))
        .prefetch_related(Prefetch("years", queryset=MediaYear.objects.order_by("-year")))
    )


def media_account_get(user, pk: int, *, write: bool = False) -> MediaAccount:
    """Return the new-media account ``pk`` if ``user`` may read it (``write``: change it)."""
    return get_scoped(MediaAccount.objects.select_related("agency"), user, write=write, pk=pk)


def media_years(account: MediaAccount) -> QuerySet[MediaYear]:
    """Return the recorded years of ``account``, latest first."""
    return MediaYear.objects.filter(account=account).select_related("entered_by").order_by("-year")


def media_posts(account: MediaAccount, *, limit: int = 100) -> list[MediaPost]:
    """Return the latest ``limit`` recorded posts of ``account``, newest first."""
    return list(
        MediaPost.objects.filter(account=account)
        .select_related("entered_by")
        .order_by("-posted_on", "-id")[:limit]
    )


def media_post_count(account: MediaAccount) -> int:
    """Return how many posts of ``account`` are recorded."""
    return MediaPost.objects.filter(account=account).count()


def disclosure_item_get(user, pk: int, *, write: bool = False) -> DisclosureItem:
    """Return the disclosure-list item ``pk`` if ``user`` may read it (``write``: change it)."""
    return get_scoped(DisclosureItem.objects.select_related("agency"), user, write=write, pk=pk)
