"""The annual report's rows of “待我处理”: to review, to approve, to publish (by 31 January)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Min

from gongkai.agencies import policy
from gongkai.agencies.scoping import scope
from gongkai.console.queues import register_queue

from .models import AnnualReport, ReportStatus, publication_deadline


def reports_in(user, status: str) -> tuple[int, date | None]:
    row = scope(AnnualReport.objects.filter(status=status), user, write=True).aggregate(
        n=Count("pk"), year=Min("year")
    )
    return row["n"], publication_deadline(row["year"]) if row["year"] else None


def register() -> None:
    for order, (status, label, roles) in enumerate(
        [
            (ReportStatus.DRAFT, "年度报告待审核", policy.REPORT_REVIEWERS),
            (ReportStatus.REVIEWED, "年度报告待我批准", policy.REPORT_APPROVERS),
            (ReportStatus.APPROVED, "年度报告待公布", policy.REPORT_PUBLISHERS),
        ],
        start=50,
    ):
        register_queue(
            key=f"annual_report_{status}",
            label=label,
            roles=roles,
            count=lambda user, today, status=status: reports_in(user, status),
            url_name="annual_report:list",
            order=order,
        )
