"""Reads of the applications app: work lists, duplicates, the fee's monthly count, and the
yearly counts of the annual report (aggregate queries only; no Python loops over records)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, QuerySet, Value, When

from gongkai.agencies.models import Agency
from gongkai.agencies.scoping import get_scoped, scope
from gongkai.core.workdays import is_working_day, nth_working_day_after
from gongkai.report import format as fmt
from gongkai.workdays.selectors import get_calendar

from .models import Application, Attachment, Letter, LetterNumber, RemedyCase, RemedyDocument
from .workflow import CLOCK_STATUSES, OPEN_STATUSES, Status

_CLOCK = sorted(s.value for s in CLOCK_STATUSES)
_OPEN = sorted(s.value for s in OPEN_STATUSES)
DUE_SOON_WORKDAYS = 3


def applications_for(user) -> QuerySet[Application]:
    """Every application ``user`` may read (the scoping function)."""
    return scope(Application.objects.all(), user)


# --- work lists ----------------------------------------------------------------------------------


def due_soon_limit(day: date) -> date:
    """The last day of "due within 3 working days" as seen on ``day``."""
    return nth_working_day_after(get_calendar(), day, DUE_SOON_WORKDAYS).day


BUCKETS: dict[str, str] = {
    "open": "全部在办",
    "due_today": "今日到期",
    "due_soon": "3个工作日内到期",
    "overdue": "已超期",
    "unconfirmed": "网上申请待确认收到",
    "awaiting_correction": "待补正",
    "consultation": "征求意见中",
    "awaiting_fee": "待缴费",
    "awaiting_approval": "答复待批准",
    "notice_unsigned": "告知书待签发",
    "awaiting_delivery": "待送达",
    "receipt_lag": "确认收到滞后（超过1个工作日）",
    "correction_late": "补正告知逾期（超过7个工作日）",
}


def receipt_lag_cutoff(day: date) -> date:
    """Return the first arrival date whose confirmation on ``day`` would not lag (art. 31 (三)).

    An online submission of date d lags on ``day`` when more than 1 working day lies in
    (d, day]: exactly when d is before the returned date.
    """
    calendar = get_calendar()
    counted = 0
    while True:
        if is_working_day(calendar, day):
            counted += 1
            if counted == 2:
                return day
        day -= timedelta(days=1)


def _unsigned_notice() -> Q:
    """A correction or fee notice drafted by a clerk that the office head has not signed yet."""

    def signed(kind: str) -> Exists:
        return Exists(LetterNumber.objects.filter(application=OuterRef("pk"), kind=kind))

    return Q(Q(status=Status.AWAITING_CORRECTION) & ~Q(signed("correction"))) | Q(
        Q(status=Status.AWAITING_FEE) & ~Q(signed("fee"))
    )


def bucket_q(bucket: str, day: date, limit: date) -> Q:
    if bucket == "receipt_lag":  # unconfirmed too long, or confirmed late (art. 31 (三))
        unconfirmed = Q(status=Status.REGISTERED, arrived_at__date__lt=receipt_lag_cutoff(day))
        return unconfirmed | Q(status__in=_OPEN, receipt_lag_workdays__gt=1)
    clock = Q(status__in=_CLOCK)
    return {
        "open": Q(status__in=_OPEN),
        "due_today": clock & Q(due_date=day),
        "due_soon": clock & Q(due_date__gt=day, due_date__lte=limit),
        "overdue": clock & Q(due_date__lt=day),
        "unconfirmed": Q(status=Status.REGISTERED),
        "awaiting_correction": Q(status=Status.AWAITING_CORRECTION),
        "consultation": Q(status=Status.CONSULTATION),
        "awaiting_fee": Q(status=Status.AWAITING_FEE),
        "awaiting_approval": Q(status=Status.DECIDED, approved_by__isnull=True),
        "awaiting_delivery": Q(status=Status.DECIDED, approved_by__isnull=False),
        "notice_unsigned": _unsigned_notice(),
        "correction_late": Q(status__in=_OPEN, correction_late=True),
    }[bucket]


_WORK = sorted({*_OPEN, Status.DECIDED.value})


def worklist_counts(queryset: QuerySet[Application], day: date, limit: date) -> dict[str, int]:
    """Count every bucket in one aggregate query over the open and decided records (indexed)."""
    return queryset.filter(status__in=_WORK).aggregate(
        **{name: Count("pk", filter=bucket_q(name, day, limit)) for name in BUCKETS}
    )


def assignee_counts(queryset: QuerySet[Application], day: date) -> list[dict]:
    """Open and overdue applications per clerk (one GROUP BY)."""
    return list(
        queryset.filter(status__in=_OPEN)
        .values("assignee_id", "assignee__full_name", "assignee__username")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(status__in=_CLOCK, due_date__lt=day)))
        .order_by("assignee__full_name", "assignee__username")
    )


# --- the same applicant ---------------------------------------------------------------------------


def month_count(agency_id: int, id_number: str, day: date) -> int:
    """The applicant's applications at this agency received in the calendar month of ``day``."""
    return Application.objects.filter(
        agency_id=agency_id, id_number=id_number, received_on__year=day.year, received_on__month=day.month
    ).count()


def month_position(application: Application) -> int:
    """N of the Fee Measures art. 4: this application's place among the applicant's this month.

    Counted at this agency, matched by identity number, ordered by receipt date then record id.
    """
    day = application.received_on
    return (
        Application.objects.filter(
            agency_id=application.agency_id,
            id_number=application.id_number,
            received_on__year=day.year,
            received_on__month=day.month,
        )
        .filter(Q(received_on__lt=day) | Q(received_on=day, pk__lte=application.pk))
        .count()
    )


_STOPWORDS = frozenset(
    "申请 公开 政府 信息 政府信息 关于 请求 要求 提供 获取 依法 本人 我 贵 机关 单位 相关 有关 以及 及 和 与 或 等 的 了 "
    "是 在 对 中 其 该 此 为 请 予以 年度 情况 文件".split()
)
_WORD = re.compile(r"\w", re.UNICODE)


@lru_cache(maxsize=1)
def _jieba():
    # lazy: jieba (dictionary load), only when descriptions are compared
    import jieba

    jieba.setLogLevel(60)
    return jieba


def tokens(text: str) -> frozenset[str]:
    """The content words of a description (jieba segmentation, stop words and punctuation dropped)."""
    words = _jieba().lcut(text or "", HMM=False)
    return frozenset(
        w for w in (w.strip().lower() for w in words) if w and _WORD.search(w) and w not in _STOPWORDS
    )


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


SIMILARITY_THRESHOLD = 0.5
_SIMILAR_SCAN = 200


def similar_applications(
    *,
    agency_id: int,
    id_number: str,
    description: str,
    exclude_pk: int | None = None,
    threshold: float = SIMILARITY_THRESHOLD,
) -> list[tuple[Application, float]]:
    """The same applicant's earlier applications here whose text is alike (a likely 重复申请).

    Only that applicant's applications (same agency, same identity number) are compared, newest
    first and at most 200, so the check stays cheap.
    """
    if not id_number or not description:
        return []
    mine = tokens(description)
    candidates = (
        Application.objects.filter(agency_id=agency_id, id_number=id_number)
        .exclude(pk=exclude_pk)
        .only(
            "pk",
            "tracking_number",
            "description",
            "status",
            "outcome",
            "received_on",
            "arrived_at",
            "decided_on",
        )
        .order_by("-arrived_at")[:_SIMILAR_SCAN]
    )
    found = [(a, jaccard(mine, tokens(a.description))) for a in candidates]
    return sorted(((a, s) for a, s in found if s >= threshold), key=lambda pair: -pair[1])


# --- the annual report (section 三) ----------------------------------------------------------------


def _agency_q(agency) -> Q:
    if isinstance(agency, Agency):
        return Q(agency_id=agency.pk)
    if isinstance(agency, int):
        return Q(agency_id=agency)
    if isinstance(agency, QuerySet):
        return Q(agency_id__in=agency.values("pk"))
    if isinstance(agency, Iterable):
        return Q(agency_id__in=[a.pk if isinstance(a, Agency) else int(a) for a in agency])
    raise TypeError(f"agency must be an Agency, an id or a collection of them, got {agency!r}")


def _year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _year_base(agency, year: int) -> QuerySet[Application]:
    """Applications received by 31 Dec of ``year`` and not concluded before 1 Jan of it."""
    jan1, dec31 = _year_bounds(year)
    return (
        Application.objects.filter(_agency_q(agency), received_on__isnull=False, received_on__lte=dec31)
        .filter(Q(decided_on__isnull=True) | Q(decided_on__gte=jan1))
        .order_by()
    )


_STOCK_ROWS = ("new_this_year", "carried_over", "carried_forward", "total_handled")


def _stock_filters(year: int) -> dict[str, Q]:
    jan1, dec31 = _year_bounds(year)
    return {
        "new_this_year": Q(received_on__gte=jan1),
        "carried_over": Q(received_on__lt=jan1),
        "carried_forward": Q(decided_on__isnull=True) | Q(decided_on__gt=dec31),
        "total_handled": Q(decided_on__gte=jan1, decided_on__lte=dec31),
    }


def year_counts(agency, year: int) -> dict[str, dict[str, int]]:
    """Section 三 of the annual report for ``agency`` (an Agency, id, or several) and ``year``.

    Returns ``{row code: {applicant category: n, ..., "total": n}}`` for every row of
    ``report.format.APPLICATION_ROWS``. Conventions: *new* = receipt date in the year; *carried
    over* = received before the year and not concluded before it; each outcome row = concluded
    (``decided_on``, which for withdrawals is the day they took effect) in the year with that
    outcome code; *carried forward* = received by 31 Dec and not concluded by then. Hence, per
    column, new + carried over = total handled + carried forward, and a year's carried over
    equals the previous year's carried forward. One aggregate query, grouped by applicant
    category and outcome (at most 6 × 22 groups come back).
    """
    categories = fmt.APPLICANT_CATEGORIES
    result = {row.code: dict.fromkeys((*categories, "total"), 0) for row in fmt.APPLICATION_ROWS}
    filters = _stock_filters(year)
    groups = (
        _year_base(agency, year)
        .values("applicant_category", "outcome")
        .annotate(**{name: Count("pk", filter=filters[name]) for name in _STOCK_ROWS})
    )
    for group in groups:
        category = group["applicant_category"]
        cells = [(name, group[name]) for name in _STOCK_ROWS]
        if group["outcome"]:
            cells.append((group["outcome"], group["total_handled"]))
        for row, n in cells:
            result[row][category] += n
            result[row]["total"] += n
    return result


def year_counts_records(agency, year: int, row: str, column: str) -> QuerySet[Application]:
    """The applications behind one cell of :func:`year_counts` (so a cell can link to its records)."""
    if row not in fmt.ROW_BY_CODE:
        raise ValueError(f"unknown row {row!r}")
    if column not in fmt.COLUMN_BY_CODE:
        raise ValueError(f"unknown column {column!r}")
    filters = _stock_filters(year)
    queryset = _year_base(agency, year)
    if row in filters:
        queryset = queryset.filter(filters[row])
    else:
        queryset = queryset.filter(filters["total_handled"], outcome=row)
    if column != "total":
        queryset = queryset.filter(applicant_category=column)
    return queryset.order_by("received_on", "pk")


# --- the annual report (section 四) ----------------------------------------------------------------


def _remedy_state(year: int) -> Case:
    _, dec31 = _year_bounds(year)
    return Case(
        When(concluded_on__isnull=False, concluded_on__lte=dec31, then=F("outcome")),
        default=Value("pending"),
        output_field=CharField(),
    )


def remedy_counts(agency, year: int) -> dict[str, dict[str, int]]:
    """Section 四: cases filed in ``year`` by group and their state on 31 Dec (RULES.md §5 OUR RULE)."""
    result = {g.code: dict.fromkeys([c.code for c in fmt.REMEDY_CELLS], 0) for g in fmt.REMEDY_GROUPS}
    rows = (
        RemedyCase.objects.filter(_agency_q_remedy(agency), filed_on__year=year)
        .annotate(state=_remedy_state(year))
        .values("kind", "state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for item in rows:
        result[item["kind"]][item["state"]] += item["n"]
        result[item["kind"]]["total"] += item["n"]
    return result


def remedy_counts_records(agency, year: int, group: str, cell: str) -> QuerySet[RemedyCase]:
    queryset = RemedyCase.objects.filter(_agency_q_remedy(agency), filed_on__year=year, kind=group)
    if cell != "total":
        queryset = queryset.annotate(state=_remedy_state(year)).filter(state=cell)
    return queryset.order_by("filed_on", "pk")


def _agency_q_remedy(agency) -> Q:
    q = _agency_q(agency)
    key, value = q.children[0]
    return Q(**{f"application__{key}": value})


# --------------------------------------------------------------------------------------------
# Single records for the staff pages (scoped: 404 outside, 403 when only readable)


def application_get(user, pk: int, *, write: bool = False) -> Application:
    """Return the application ``pk`` with the people named on it, if ``user`` may read it."""
    return get_scoped(
        Application.objects.select_related(
            "agency", "assignee", "decided_by", "approved_by", "extension_approved_by"
        ),
        user,
        write=write,
        pk=pk,
    )


def attachment_get(user, application_pk: int, pk: int) -> Attachment:
    """Return the attachment ``pk`` of application ``application_pk`` if ``user`` may read it."""
    return get_scoped(Attachment.objects.filter(application_id=application_pk), user, pk=pk)


def remedy_cases(user, *, kind: str = "", outcome: str = "") -> QuerySet[RemedyCase]:
    """Return the reconsideration and litigation cases ``user`` may read, latest filed first."""
    cases = scope(RemedyCase.objects.all(), user).select_related("application", "application__agency")
    if kind:
        cases = cases.filter(kind=kind)
    if outcome:
        cases = cases.filter(outcome=outcome)
    return cases.order_by("-filed_on", "-pk")


def remedy_case_get(user, pk: int, *, write: bool = False) -> RemedyCase:
    """Return the case ``pk`` with its application, if ``user`` may read it (``write``: change it)."""
    return get_scoped(
        RemedyCase.objects.select_related("application", "application__agency"), user, write=write, pk=pk
    )


def remedy_document_get(user, pk: int, *, write: bool = False) -> RemedyDocument:
    """Return the case document ``pk`` if ``user`` may read it (``write``: remove it)."""
    return get_scoped(RemedyDocument.objects.select_related("case__application"), user, write=write, pk=pk)


# --------------------------------------------------------------------------------------------
# The portal: no account, the tracking number and the query code are the key (the views check it)


def application_by_tracking_number(tracking_number: str) -> Application | None:
    """Return the application with this tracking number and its agency, or None (no scoping:
    the caller proves the query code or a session grant before showing anything)."""
    return Application.objects.select_related("agency").filter(tracking_number=tracking_number).first()


def submission_seen(idempotency_key) -> bool:
    """Return whether a submission with this form token has already been registered."""
    return Application.objects.filter(idempotency_key=idempotency_key).exists()


def stored_letter(application: Application, kind: str) -> Letter | None:
    """Return the letter of ``kind`` frozen at delivery (with the job typesetting its PDF), or None
    while it is rendered from the record."""
    return application.letters.filter(kind=kind).select_related("pdf_job").first()
