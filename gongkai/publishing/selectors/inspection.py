"""Freshness inspection per the Inspection Indicators (国办秘函〔2019〕19号, RULES.md §2).

OUR RULE (docs/decisions/0004), measured on the documents the public can see:

- a news/dynamic column is stale when its latest item is older than 14 days: an item published
  on ``today - 14`` keeps it fresh, one on ``today - 15`` does not;
- a notice or policy-document column is stale when its latest item is older than 6 calendar
  months (``today`` minus 6 months, the day clamped to the month's end); plan/personnel columns
  after 12 months; procurement and other columns have no freshness rule;
- a blank column is an active column without children that has never had a public item;
- an item is late when it was published more than 20 working days after it was formed
  (Regulation art. 26), looking back 12 months from ``today``.

The site fails when 5 or more news/notice/policy columns are stale, 10 or more columns are
stale in all, or 5 or more columns are blank.

New media (RULES.md §2, OUR RULE): an active government new-media account is stale when its latest
recorded post (``MediaPost``) is older than 14 calendar days — a post on ``today - 14`` keeps it
fresh, one on ``today - 15`` does not — and one stale account fails the site. An account with no
post recorded is shown as unknown (无发布记录), never guessed fresh or stale.
"""

from __future__ import annotations

import calendar as pycalendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Max, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..deadlines import PUBLISH_WITHIN_WORKDAYS
from ..models import Column, ColumnKind, DisclosureItem, Document, DocumentStatus, MediaAccount

NEWS_DAYS = 14
MEDIA_DAYS = 14
FRESHNESS_MONTHS = {ColumnKind.NOTICE: 6, ColumnKind.POLICY: 6, ColumnKind.PLAN: 12}
INDICATOR_KINDS = frozenset({ColumnKind.NEWS, ColumnKind.NOTICE, ColumnKind.POLICY})
FAIL_STALE = 5
FAIL_STALE_ALL = 10
FAIL_BLANK = 5
LATE_LOOKBACK_DAYS = 365
LATE_LIST_LIMIT = 100


def months_before(day: date, months: int) -> date:
    """Return the same day ``months`` calendar months earlier, clamped to the month's last day."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, pycalendar.monthrange(year, month)[1]))


def oldest_fresh_day(kind: str, today: date) -> date | None:
    """Return the earliest publication date that still keeps a column of ``kind`` fresh."""
    if kind == ColumnKind.NEWS:
        return today - timedelta(days=NEWS_DAYS)
    months = FRESHNESS_MONTHS.get(kind)
    return months_before(today, months) if months else None


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _cutoff(today: date) -> datetime:
    return min(timezone.now(), _end_of(today))


def _public(prefix: str, cutoff: datetime) -> Q:
    return Q(**{f"{prefix}status": DocumentStatus.PUBLISHED, f"{prefix}published_at__lte": cutoff})


@dataclass
class ColumnState:
    column: Column
    state: str  # "blank" | "stale" | "fresh" | "container" | "no_rule"
    last_published: date | None
    public_count: int
    oldest_fresh: date | None

    @property
    def label(self) -> str:
        return {
            "blank": "空白栏目",
            "stale": "未按时更新",
            "fresh": "正常",
            "container": "父栏目",
            "no_rule": "不考核更新",
        }[self.state]

    @property
    def rule(self) -> str:
        kind = self.column.kind
        if kind == ColumnKind.NEWS:
            return "2周内应有更新"
        if kind in FRESHNESS_MONTHS:
            return f"{FRESHNESS_MONTHS[kind]}个月内应有更新"
        return "—"


@dataclass
class MediaState:
    """A new-media account's freshness on the inspection day."""

    account: MediaAccount
    last_posted: date | None
    oldest_fresh: date

    @property
    def state(self) -> str:
        if self.last_posted is None:
            return "unknown"
        return "stale" if self.last_posted < self.oldest_fresh else "fresh"

    @property
    def label(self) -> str:
        return {"unknown": "无发布记录", "stale": "超过2周未更新", "fresh": "正常"}[self.state]

    @property
    def idle_days(self) -> int | None:
        """Days since the latest post (``oldest_fresh`` is ``today - MEDIA_DAYS``)."""
        if self.last_posted is None:
            return None
        return (self.oldest_fresh - self.last_posted).days + MEDIA_DAYS


@dataclass
class Finding:
    """One fileable inspection result (a supervisor can turn it into a rectification item)."""

    code: str
    title: str
    description: str
    column_id: int | None = None


@dataclass
class Inspection:
    agency: object
    today: date
    columns: list[ColumnState] = field(default_factory=list)
    late_count: int = 0
    late: list[Document] = field(default_factory=list)
    media: list[MediaState] = field(default_factory=list)

    @property
    def stale_media(self) -> list[MediaState]:
        return [m for m in self.media if m.state == "stale"]

    @property
    def unknown_media(self) -> list[MediaState]:
        return [m for m in self.media if m.state == "unknown"]

    def _of(self, state: str, kinds=None) -> list[ColumnState]:
        return [c for c in self.columns if c.state == state and (kinds is None or c.column.kind in kinds)]

    @property
    def stale(self) -> list[ColumnState]:
        return self._of("stale")

    @property
    def stale_news(self) -> list[ColumnState]:
        return self._of("stale", {ColumnKind.NEWS})

    @property
    def stale_notice_policy(self) -> list[ColumnState]:
        return self._of("stale", {ColumnKind.NOTICE, ColumnKind.POLICY})

    @property
    def stale_indicator(self) -> list[ColumnState]:
        return self._of("stale", INDICATOR_KINDS)

    @property
    def blank(self) -> list[ColumnState]:
        return self._of("blank")

    @property
    def failures(self) -> list[str]:
        """The Inspection Indicators' single-veto items this agency's site fails."""
        out = []
        if len(self.stale_indicator) >= FAIL_STALE:
            out.append(
                f"动态要闻、通知公告、政策文件类栏目有{len(self.stale_indicator)}个未按时更新（5个及以上即不合格）"
            )
        if len(self.stale) >= FAIL_STALE_ALL:
            out.append(f"应更新但长期未更新的栏目有{len(self.stale)}个（10个及以上即不合格）")
        if len(self.blank) >= FAIL_BLANK:
            out.append(f"空白栏目有{len(self.blank)}个（5个及以上即不合格）")
        if self.stale_media:
            out.append(f"政务新媒体账号有{len(self.stale_media)}个超过2周未更新（1个即不合格）")
        return out

    @property
    def passed(self) -> bool:
        return not self.failures

    def findings(self) -> list[Finding]:
        """Return every problem found, each fileable as a rectification item."""
        out = []
        for state in self.stale:
            last = state.last_published.isoformat() if state.last_published else "—"
            out.append(
                Finding(
                    code=f"stale_{state.column.kind}",
                    title=f"栏目“{state.column.name}”未按时更新",
                    description=f"{state.column.get_kind_display()}栏目{state.rule}，最近一次发布为{last}（检查日{self.today.isoformat()}）。",
                    column_id=state.column.pk,
                )
            )
        for state in self.blank:
            out.append(
                Finding(
                    code="blank",
                    title=f"栏目“{state.column.name}”为空白栏目",
                    description="该栏目没有任何已公开的信息，请补充内容或按规定整合栏目。",
                    column_id=state.column.pk,
                )
            )
        for media in self.stale_media:
            out.append(
                Finding(
                    code=f"media_{media.account.pk}",
                    title=f"政务新媒体账号“{media.account}”超过2周未更新",
                    description=f"最近一次发布为{media.last_posted.isoformat()}，距检查日{self.today.isoformat()}已{media.idle_days}天（2周内应有更新）。",
                )
            )
        if self.late_count:
            out.append(
                Finding(
                    code="late",
                    title=f"{self.late_count}条信息超过20个工作日公开",
                    description="条例第二十六条：属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开。",
                )
            )
        return out

    def finding(self, code: str, column_id: int | None) -> Finding | None:
        return next((f for f in self.findings() if f.code == code and f.column_id == column_id), None)


def _column_state(column: Column, today: date) -> ColumnState:
    last = timezone.localdate(column.last_published) if column.last_published else None
    oldest = oldest_fresh_day(column.kind, today)
    if column.child_count:
        state = "container"
    elif not column.public_count:
        state = "blank"
    elif oldest is None:
        state = "no_rule"
    elif last < oldest:
        state = "stale"
    else:
        state = "fresh"
    return ColumnState(column, state, last, column.public_count, oldest)


def inspect_agencies(
    agencies: Iterable, today: date | None = None, *, with_late_list: bool = False
) -> dict[int, Inspection]:
    """Inspect several agencies with a fixed number of queries (three, four with the late lists)."""
    today = today or timezone.localdate()
    agencies = list(agencies)
    cutoff = _cutoff(today)
    result = {a.pk: Inspection(agency=a, today=today) for a in agencies}
    columns = (
        Column.objects.filter(agency__in=[a.pk for a in agencies], is_active=True)
        .annotate(
            last_published=Max("documents__published_at", filter=_public("documents__", cutoff)),
            public_count=Count("documents", filter=_public("documents__", cutoff), distinct=True),
            child_count=Count("children", filter=Q(children__is_active=True), distinct=True),
        )
        .order_by("agency_id", "position", "id")
    )
    for column in columns:
        result[column.agency_id].columns.append(_column_state(column, today))
    oldest_media = today - timedelta(days=MEDIA_DAYS)
    accounts = (
        MediaAccount.objects.filter(agency__in=[a.pk for a in agencies], is_active=True)
        .annotate(last_posted=Max("posts__posted_on", filter=Q(posts__posted_on__lte=today)))
        .order_by("agency_id", "platform", "name")
    )
    for account in accounts:
        result[account.agency_id].media.append(MediaState(account, account.last_posted, oldest_media))
    late = Document.objects.filter(
        _public("", cutoff),
        agency__in=[a.pk for a in agencies],
        published_at__gte=_end_of(today - timedelta(days=LATE_LOOKBACK_DAYS)),
        publish_elapsed_workdays__gt=PUBLISH_WITHIN_WORKDAYS,
    )
    for row in late.order_by().values("agency_id").annotate(n=Count("id")):
        result[row["agency_id"]].late_count = row["n"]
    if with_late_list:
        for document in late.order_by("-published_at")[: LATE_LIST_LIMIT * max(len(agencies), 1)]:
            bucket = result[document.agency_id].late
            if len(bucket) < LATE_LIST_LIMIT:
                bucket.append(document)
    return result


def inspect_agency(agency, today: date | None = None) -> Inspection:
    """Inspect one agency's site (columns' and new-media freshness, blank columns, late publication)."""
    return inspect_agencies([agency], today, with_late_list=True)[agency.pk]


@dataclass
class ItemStatus:
    item: DisclosureItem
    public_count: int
    late_count: int
    last_published: date | None
    column_names: list[str]

    @property
    def flags(self) -> list[str]:
        out = []
        if not self.column_names:
            out.append("未关联发布栏目")
        elif not self.public_count:
            out.append("栏目中没有已公开的信息")
        if self.late_count:
            out.append(f"{self.late_count}条信息超过公开时限")
        return out


def disclosure_list_status(agency, today: date | None = None) -> list[ItemStatus]:
    """Return the agency's full disclosure list, each item flagged when nothing is published in its
    columns or something was published later than its time limit (the item's working days, else 20)."""
    cutoff = _cutoff(today or timezone.localdate())
    public = _public("columns__documents__", cutoff)
    limit = Coalesce(F("time_limit_workdays"), Value(PUBLISH_WITHIN_WORKDAYS))
    items = (
        DisclosureItem.objects.filter(agency=agency)
        .annotate(
            public_count=Count("columns__documents", filter=public, distinct=True),
            late_count=Count(
                "columns__documents",
                filter=public & Q(columns__documents__publish_elapsed_workdays__gt=limit),
                distinct=True,
            ),
            last_published=Max("columns__documents__published_at", filter=public),
        )
        .prefetch_related("columns")
        .order_by("position", "id")
    )
    return [
        ItemStatus(
            item=item,
            public_count=item.public_count,
            late_count=item.late_count,
            last_published=timezone.localdate(item.last_published) if item.last_published else None,
            column_names=[c.name for c in item.columns.all()],
        )
        for item in items
    ]
