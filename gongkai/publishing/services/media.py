"""Writes of government new-media accounts (政务新媒体) and their yearly figures."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.agencies import policy
from gongkai.auditlog.services import audit_record, field_changes, snapshot

from ..media_csv import PostRow, parse_posted_on, parse_posts_csv
from ..models import MediaAccount, MediaPost, MediaYear


@transaction.atomic
def media_account_save(*, actor, agency, account: MediaAccount | None = None, **fields: Any) -> MediaAccount:
    policy.check_actor(actor, "catalogue.edit", agency if account is None else account.agency)
    creating = account is None
    if creating:
        account = MediaAccount(agency=agency)
        before = {}
    else:
        account = MediaAccount.objects.select_for_update().get(pk=account.pk)
        before = snapshot(account, ["platform", "platform_name", "name", "is_active"])
    for name, value in fields.items():
        setattr(account, name, value)
    duplicate = MediaAccount.objects.filter(
        agency=account.agency_id, platform=account.platform, name=account.name
    )
    if duplicate.exclude(pk=account.pk).exists():
        raise ValidationError({"name": "本机关已登记该平台的同名账号"})
    account.full_clean()
    account.save()
    audit_record(
        actor=actor,
        action="publishing.media.create" if creating else "publishing.media.update",
        obj=account,
        changes=field_changes(before, snapshot(account, ["platform", "platform_name", "name", "is_active"])),
    )
    return account


@transaction.atomic
def media_year_save(
    *, actor, account: MediaAccount, year: int, posts: int, followers_start: int, followers_end: int
) -> MediaYear:
    """Record (or replace) one year of a new-media account."""
    policy.check_actor(actor, "catalogue.edit", account.agency)
    entry = MediaYear.objects.select_for_update().filter(account=account, year=year).first()
    fields = ["posts", "followers_start", "followers_end"]
    before = snapshot(entry, fields) if entry else {}
    if entry is None:
        entry = MediaYear(account=account, year=year)
    entry.posts, entry.followers_start, entry.followers_end = posts, followers_start, followers_end
    entry.entered_by, entry.entered_at = actor, timezone.now()
    entry.full_clean(exclude=["entered_by"])
    entry.save()
    audit_record(
        actor=actor,
        action="publishing.media.year",
        obj=entry,
        changes=field_changes(before, snapshot(entry, fields)),
    )
    return entry


def _new_posts(account: MediaAccount, rows: list[PostRow]) -> tuple[list[PostRow], int]:
    """Split rows into those not yet recorded and the number already recorded (same day, same title)."""
    days = {row.posted_on for row in rows}
    known = set(
        MediaPost.objects.filter(account=account, posted_on__in=days).values_list("posted_on", "title")
    )
    fresh, seen = [], set()
    for row in rows:
        key = (row.posted_on, row.title)
        if key not in known and key not in seen:
            fresh.append(row)
            seen.add(key)
    return fresh, len(rows) - len(fresh)


def _record_posts(*, actor, account: MediaAccount, rows: list[PostRow], action: str) -> tuple[int, int]:
    fresh, repeated = _new_posts(account, rows)
    now = timezone.now()
    MediaPost.objects.bulk_create(
        MediaPost(
            account=account,
            posted_on=row.posted_on,
            title=row.title,
            url=row.url,
            entered_by=actor,
            entered_at=now,
        )
        for row in fresh
    )
    latest = max((row.posted_on for row in fresh), default=None)
    audit_record(
        actor=actor,
        action=action,
        obj=account,
        changes={"posts": [None, len(fresh)], "latest": [None, latest.isoformat() if latest else None]},
    )
    return len(fresh), repeated


@transaction.atomic
def media_post_add(
    *, actor, account: MediaAccount, posted_on: date, title: str, url: str = "", today: date | None = None
) -> int:
    """Record one post of the account; return 1, or 0 when the same day and title is already recorded."""
    policy.check_actor(actor, "catalogue.edit", account.agency)
    today = today or timezone.localdate()
    try:
        parse_posted_on(posted_on.isoformat(), today)
    except ValueError as exc:
        raise ValidationError({"posted_on": str(exc)}) from None
    title = title.strip()
    if not title:
        raise ValidationError({"title": "标题不能为空"})
    row = PostRow(line=0, posted_on=posted_on, title=title, url=url.strip())
    saved, _ = _record_posts(actor=actor, account=account, rows=[row], action="publishing.media.post")
    return saved


@transaction.atomic
def media_posts_import_csv(
    *, actor, account: MediaAccount, text: str, today: date | None = None
) -> tuple[int, int]:
    """Import posts from CSV: every line is validated first, one bad line and nothing is saved.

    Return (recorded, already recorded): a post of the same day and title is recorded once, and
    the repeats are counted for the page's message rather than dropped unmentioned.
    """
    policy.check_actor(actor, "catalogue.edit", account.agency)
    rows = parse_posts_csv(text, today=today or timezone.localdate())
    return _record_posts(actor=actor, account=account, rows=rows, action="publishing.media.posts_import")
