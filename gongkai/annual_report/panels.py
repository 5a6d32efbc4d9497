"""Dashboard reminder and navigation for the annual report."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from gongkai.agencies import policy
from gongkai.console.dashboard import register_nav, register_panel
from gongkai.portal.registry import register_annual_report_provider

from . import queues
from .models import AnnualReport, ReportStatus, publication_deadline
from .views import agency_reports_for_portal


def due_report_year(today: date) -> int:
    """The report year the office is working on: this year from December, else last year."""
    return today.year if today.month == 12 else today.year - 1


def reminder(agency, today: date) -> dict:
    """From December on remind; after 31 January flag an unpublished report as late."""
    year = due_report_year(today)
    deadline = publication_deadline(year)
    versions = (
        list(AnnualReport.objects.filter(agency=agency, year=year).order_by("-version")) if agency else []
    )
    published = any(r.status == ReportStatus.PUBLISHED for r in versions)
    return {
        "year": year,
        "deadline": deadline,
        "report": versions[0] if versions else None,
        "published": published,
        "remind": not published and (today.month == 12 or today <= deadline),
        "late": not published and today > deadline,
    }


def _panel(request) -> dict:
    return reminder(request.user.agency, timezone.localdate())


def register() -> None:
    queues.register()
    register_panel(
        key="annual_report",
        title="政府信息公开工作年度报告",
        template="annual_report/panel.html",
        context=_panel,
        roles=policy.REPORT_STAFF,
        order=30,
    )
    register_nav(label="年度报告", url_name="annual_report:list", order=40)
    register_nav(label="年报总览", url_name="annual_report:overview", roles=policy.SUPERVISOR_ROLES, order=41)
    register_annual_report_provider(agency_reports_for_portal, key="annual_report")
