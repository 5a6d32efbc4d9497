"""The foundation's dashboard panels: my agency, the calendar, supervision, administration."""

from __future__ import annotations

from django.utils import timezone

from gongkai.agencies import policy
from gongkai.agencies.selectors import agencies_readable, colleagues, site_totals
from gongkai.auditlog.selectors import events_visible_to
from gongkai.core import workdays
from gongkai.workdays.selectors import get_calendar

from .dashboard import register_panel
from .queues import queues_for


def _my_agency(request) -> dict:
    return {"agency": request.user.agency, "staff_count": colleagues(request.user).count()}


def _calendar(request) -> dict:
    today = timezone.localdate()
    cal = get_calendar()
    upcoming = []
    day = today
    # The next few non-working weekdays and make-up working weekends, for the clerk's planning.
    for day in (today + timezone.timedelta(days=i) for i in range(0, 60)):
        working = workdays.is_working_day(cal, day)
        weekend = day.weekday() >= 5
        if working == weekend:
            upcoming.append((day, "调休上班" if working else "放假"))
        if len(upcoming) >= 5:
            break
    return {
        "today": today,
        "is_working": workdays.is_working_day(cal, today),
        "upcoming": upcoming,
    }


def _supervision(request) -> dict:
    agencies = agencies_readable(request.user)
    return {"agencies": agencies[:50], "count": agencies.count()}


def _admin(request) -> dict:
    return site_totals()


def _queues(request) -> dict:
    today = timezone.localdate()
    rows = queues_for(request.user, today)
    return {
        "rows": rows,
        "waiting": [r for r in rows if r.count],  # the table lists only what waits
        "clear": [r for r in rows if not r.count],  # named in one line below it
        "today": today,
        "total": sum(r.count for r in rows),
    }


def _recent(request) -> dict:
    return {"events": events_visible_to(request.user)[:8]}


def register() -> None:
    register_panel(
        key="queues",
        title="待我处理",
        template="console/panels/queues.html",
        context=_queues,
        roles=policy.STAFF_READ_ROLES,
        order=1,
    )
    register_panel(
        key="agency",
        title="本机关",
        template="console/panels/agency.html",
        context=_my_agency,
        roles=policy.WORK_ROLES,
        order=10,
    )
    register_panel(
        key="calendar", title="工作日历", template="console/panels/calendar.html", context=_calendar, order=80
    )
    register_panel(
        key="supervision",
        title="监督范围",
        template="console/panels/supervision.html",
        context=_supervision,
        roles=policy.SUPERVISOR_ROLES,
        order=20,
    )
    register_panel(
        key="admin",
        title="系统管理",
        template="console/panels/admin.html",
        context=_admin,
        roles=policy.SITE_ADMIN_ROLES,
        order=90,
    )
    register_panel(
        key="recent", title="最近操作", template="console/panels/recent.html", context=_recent, order=95
    )
