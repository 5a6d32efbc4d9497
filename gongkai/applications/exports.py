"""CSV and XLSX export of a filtered application list (identity numbers and phones masked).

What applicants typed never becomes a formula: CSV values are neutralised, XLSX cells are text
(gongkai/core/spreadsheet.py).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from gongkai.core.spreadsheet import csv_row, xlsx_row

from . import choices as ch
from .models import Application
from .workflow import STATUS_CHOICES

HEADER = (
    "申请编号",
    "受理机关",
    "申请人类型",
    "申请人",
    "证件号码",
    "联系电话",
    "申请渠道",
    "提交时间",
    "收到申请日期",
    "办理状态",
    "答复期限",
    "承办人",
    "办理结果",
    "答复日期",
)
_STATUS = dict(STATUS_CHOICES)
_CATEGORY = dict(ch.APPLICANT_CATEGORY_CHOICES)
_CHANNEL = dict(ch.CHANNEL_CHOICES)


def _rows(queryset) -> Iterator[list[str]]:
    for a in queryset.select_related("agency", "assignee").iterator(chunk_size=2000):
        yield [
            a.tracking_number,
            a.agency.name,
            _CATEGORY.get(a.applicant_category, a.applicant_category),
            a.applicant_name,
            a.masked_id_number,
            a.masked_phone,
            _CHANNEL.get(a.channel, a.channel),
            timezone.localtime(a.arrived_at).strftime("%Y-%m-%d %H:%M"),
            a.received_on.isoformat() if a.received_on else "",
            _STATUS.get(a.status, a.status),
            a.due_date.isoformat() if a.due_date else ("暂停计时" if a.clock_paused else ""),
            a.assignee.display_name if a.assignee else "",
            ch.OUTCOME_LABELS.get(a.outcome, ""),
            a.decided_on.isoformat() if a.decided_on else "",
        ]


class _Echo:
    def write(self, value):
        return value


def csv_response(queryset, name: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff"  # so that Excel opens UTF-8 Chinese correctly
        yield writer.writerow(HEADER)
        for row in _rows(queryset):
            yield writer.writerow(csv_row(row))

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def xlsx_response(queryset, name: str) -> HttpResponse:
    # lazy: openpyxl, only for an XLSX export
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("申请")
    sheet.append(list(HEADER))
    for row in _rows(queryset):
        sheet.append(xlsx_row(sheet, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def export_response(queryset, fmt: str, name: str):
    return xlsx_response(queryset, name) if fmt == "xlsx" else csv_response(queryset, name)


__all__ = ["HEADER", "Application", "export_response"]
