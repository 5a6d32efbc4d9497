"""Writes of government new-media accounts (政务新媒体) and their yearly figures."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.agencies import policy
from gongkai.auditlog.services import audit_record, field_changes, snapshot

from ..models import MediaAccount, MediaYear


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
