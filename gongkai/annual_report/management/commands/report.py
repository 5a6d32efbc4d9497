"""`gongkai report --agency AGENCY --year YEAR --format FMT [-o FILE]`.

Prints the agency-year's published report (its latest version); when none is published, the
report computed now from the records with the drafted narrative (nothing is saved). ``--fresh``
always computes from the records.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from gongkai.agencies.models import Agency
from gongkai.report.model import Report
from gongkai.report.render import FORMATS, render

from ...compute import compute_figures, compute_tables
from ...models import AnnualReport
from ...narrative import draft_text
from ...selectors import latest_published


def find_agency(value: str) -> Agency:
    value = (value or "").strip()
    agency = (
        Agency.objects.filter(credit_code=value.upper()).first() or Agency.objects.filter(name=value).first()
    )
    if agency is None:
        raise CommandError(f"找不到机关“{value}”（请给出统一社会信用代码或完整名称）", returncode=2)
    return agency


class Command(BaseCommand):
    help = "输出一个机关一个年度的政府信息公开工作年度报告"

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="统一社会信用代码或机关全称")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--format", default="json", choices=FORMATS)
        parser.add_argument("-o", "--output", help="写入文件（默认输出到标准输出）")
        parser.add_argument("--fresh", action="store_true", help="不取已公布版本，按当前台账重新计算")

    def handle(self, *args, agency, year, format, output=None, fresh=False, **options):
        found = find_agency(agency)
        published = None if fresh else latest_published(found, year)
        report = published.to_report() if published else self._computed(found, year)
        content = render(report, format)
        if output:
            mode = "wb" if isinstance(content, bytes) else "w"
            with open(output, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as fh:
                fh.write(content)
            self.stderr.write(f"已写入 {output}")
            return
        if isinstance(content, bytes):
            if sys.stdout.isatty():
                raise CommandError(f"{format} 是二进制格式，请用 -o 指定输出文件", returncode=2)
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
            return
        self.stdout.write(content.rstrip("\n"))

    @staticmethod
    def _computed(agency: Agency, year: int) -> Report:
        draft = AnnualReport(agency=agency, year=year)
        try:
            draft.tables = compute_tables(agency, year)
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from None
        draft.figures = compute_figures(agency, year)
        draft.text = draft_text(agency=agency.name, year=year, figures=draft.figures)
        return draft.to_report()
