"""Writes to the calendar (RULES.md §1): import a year's notice, set or delete one override.

Each service runs in one transaction, records an audit event, drops the cached calendar and
recomputes every stored open deadline (``deadlines.recompute_open_deadlines``) before committing,
so the calendar and the deadlines that depend on it never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.agencies import policy
from gongkai.auditlog.services import audit_record
from gongkai.core.workdays import (
    WEEKDAY_NAMES,
    CalendarDataError,
    CalendarRow,
    parse_calendar_csv,
    working_days_in_year,
)

from .deadlines import recompute_open_deadlines
from .models import CalendarSource, CalendarYear, DayKind, DayOverride, notice_title
from .selectors import get_calendar, invalidate_calendar

ACTION_IMPORT = "workdays.calendar_import"
ACTION_OVERRIDE_SET = "workdays.override_set"
ACTION_OVERRIDE_DELETE = "workdays.override_delete"


@dataclass(frozen=True, slots=True)
class YearImport:
    """What importing one notice year changed."""

    year: int
    holidays: int
    workdays: int
    replaced: int  # overrides removed or overwritten
    kept_manual: int  # manual overrides of that year on dates the notice does not mention
    working_days_before: int
    working_days_after: int
    was_loaded: bool


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The outcome of ``calendar_year_import``."""

    years: tuple[YearImport, ...]
    recomputed: int  # stored open deadlines that changed


def _check_actor(actor: Any) -> None:
    """Refuse a signed-in user who is not a site administrator (None: migrations, commands)."""
    policy.check_site_admin(actor, "只有系统管理员可以修改工作日历")


def _describe(override: DayOverride) -> str:
    return f"{override.date.isoformat()} {override.get_kind_display()} {override.name}"


def _user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) and getattr(actor, "pk", None) else None


@transaction.atomic
def calendar_year_import(
    *, rows: Iterable[str] | str, actor: Any, source: str = CalendarSource.CSV
) -> ImportResult:
    """Load holiday notices from CSV text laid out like ``holidays.csv``.

    Header ``date,kind,name,notice_year``; ``kind`` is ``holiday`` or ``workday``; the rows of one
    ``notice_year`` are one notice (the 2023 notice contains 2022-12-31). For every notice year in
    the file: the overrides imported earlier for that notice are replaced; any override on a date
    the file names is replaced; manual overrides on other dates are kept; the year is marked
    loaded (so it is no longer provisional, RULES.md §1 OUR RULE). Every row is validated first
    and errors name the line; nothing is written unless the whole file is valid.
    """
    _check_actor(actor)
    if source not in (CalendarSource.CSV, CalendarSource.CHINESECALENDAR):
        raise ValidationError(f"来源“{source}”无效，应为 csv 或 chinesecalendar")
    try:
        parsed = parse_calendar_csv(rows)
    except CalendarDataError as exc:
        raise ValidationError(str(exc), code="calendar_csv") from exc

    by_year: dict[int, list[CalendarRow]] = {}
    for row in parsed:
        by_year.setdefault(row.notice_year, []).append(row)

    before_calendar = get_calendar()
    user = _user_or_none(actor)
    results: list[YearImport] = []
    for year in sorted(by_year):
        year_rows = by_year[year]
        dates = [row.day for row in year_rows]
        previous = list(
            DayOverride.objects.filter(
                (Q(notice_year=year) & ~Q(source=CalendarSource.MANUAL)) | Q(date__in=dates)
            ).order_by("date")
        )
        kept_manual = (
            DayOverride.objects.filter(source=CalendarSource.MANUAL, date__year=year)
            .exclude(date__in=dates)
            .count()
        )
        DayOverride.objects.filter(pk__in=[o.pk for o in previous]).delete()
        title = notice_title(year)
        created = DayOverride.objects.bulk_create(
            DayOverride(
                date=row.day,
                kind=row.kind.value,
                name=row.name,
                notice=title,
                notice_year=year,
                source=source,
                created_by=user,
            )
            for row in year_rows
        )
        was_loaded = CalendarYear.objects.filter(year=year).exists()
        calendar_year, _ = CalendarYear.objects.update_or_create(
            year=year, defaults={"loaded_at": timezone.now(), "source": source, "notice": title}
        )
        invalidate_calendar()
        after_calendar = get_calendar()
        before_days = working_days_in_year(before_calendar, year).days
        after_days = working_days_in_year(after_calendar, year).days
        old_list = [_describe(o) for o in previous]
        new_list = [_describe(o) for o in sorted(created, key=lambda o: o.date)]
        changes: dict[str, list[Any]] = {"working_days": [before_days, after_days]}
        if not was_loaded:
            changes["loaded"] = [False, True]
        if old_list != new_list:
            changes["overrides"] = [old_list, new_list]
        audit_record(
            actor=actor,
            action=ACTION_IMPORT,
            obj=calendar_year,
            changes=changes,
            note=f"载入《{title}》：放假{sum(r.kind == DayKind.HOLIDAY for r in year_rows)}天，"
            f"调休上班{sum(r.kind == DayKind.WORKDAY for r in year_rows)}天（来源：{source}）",
        )
        results.append(
            YearImport(
                year=year,
                holidays=sum(1 for r in year_rows if r.kind == DayKind.HOLIDAY),
                workdays=sum(1 for r in year_rows if r.kind == DayKind.WORKDAY),
                replaced=len(previous),
                kept_manual=kept_manual,
                working_days_before=before_days,
                working_days_after=after_days,
                was_loaded=was_loaded,
            )
        )
        before_calendar = after_calendar

    invalidate_calendar()
    transaction.on_commit(invalidate_calendar)
    years = "、".join(str(y) for y in sorted(by_year))
    recomputed = recompute_open_deadlines(actor=actor, reason=f"载入{years}年节假日安排")
    return ImportResult(years=tuple(results), recomputed=recomputed)


def validate_override(day: date, kind: str, name: str) -> None:
    """Refuse an unknown kind, a make-up working day on a weekday, and an empty name."""
    if kind not in DayKind.values:
        raise ValidationError({"kind": f"类型“{kind}”无效，应为 holiday（放假）或 workday（调休上班）"})
    if kind == DayKind.WORKDAY and day.weekday() < 5:
        raise ValidationError(
            {"kind": f"{day.isoformat()} 是{WEEKDAY_NAMES[day.weekday()]}，本来就是工作日，不能设为调休上班"}
        )
    if not name.strip():
        raise ValidationError({"name": "请填写名称，例如：春节、调休上班"})


@transaction.atomic
def day_override_set(*, date: date, kind: str, name: str, notice: str = "", actor: Any) -> DayOverride:
    """Enter or change one date by hand (an administrator's correction or a special holiday).

    The override is recorded as ``manual``; the year's loaded status does not change. Stored
    open deadlines are recomputed (RULES.md §1 OUR RULE).
    """
    _check_actor(actor)
    validate_override(date, kind, name)
    override = DayOverride.objects.select_for_update().filter(date=date).first()
    fields = ("kind", "name", "notice", "source", "notice_year")
    before = {f: getattr(override, f) for f in fields} if override else dict.fromkeys(fields)
    if override is None:
        override = DayOverride(date=date)
    override.kind = kind
    override.name = name.strip()
    override.notice = notice.strip()
    override.source = CalendarSource.MANUAL
    override.notice_year = None
    override.created_by = _user_or_none(actor)
    override.full_clean()
    override.save()
    after = {f: getattr(override, f) for f in fields}
    changes = {f: [before[f], after[f]] for f in fields if before[f] != after[f]}
    audit_record(
        actor=actor, action=ACTION_OVERRIDE_SET, obj=override, changes=changes, note=_describe(override)
    )
    invalidate_calendar()
    transaction.on_commit(invalidate_calendar)
    recompute_open_deadlines(actor=actor, reason=f"修改工作日历：{_describe(override)}")
    return override


@transaction.atomic
def day_override_delete(*, date: date, actor: Any) -> None:
    """Remove the override of one date, so it follows the Monday–Friday rule again."""
    _check_actor(actor)
    override = DayOverride.objects.select_for_update().filter(date=date).first()
    if override is None:
        raise ValidationError(f"{date.isoformat()} 没有节假日调整记录")
    description = _describe(override)
    changes = {f: [getattr(override, f), None] for f in ("kind", "name", "notice", "source")}
    audit_record(actor=actor, action=ACTION_OVERRIDE_DELETE, obj=override, changes=changes, note=description)
    override.delete()
    invalidate_calendar()
    transaction.on_commit(invalidate_calendar)
    recompute_open_deadlines(actor=actor, reason=f"删除工作日历调整：{description}")
