"""``gongkai annual_report recount``: rebuild the yearly aggregates from the records.

The aggregates are kept exact in every writing transaction (``annual_report/aggregates.py``);
this repairs them after a bulk import that went around the model signals, or after a restore.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.annual_report.aggregates import rebuild

from .report import find_agency


class Command(BaseCommand):
    help = "年度报告统计：recount（按记录重新统计各机关各年度的汇总数据）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        recount = sub.add_parser("recount", help="按记录重新统计机关年度汇总数据（批量导入数据后使用）")
        recount.add_argument("--agency", help="只统计该机关（统一社会信用代码或全称）；默认全部机关")
        recount.add_argument(
            "--year", type=int, action="append", help="只统计该年度（可重复）；默认有记录的各年"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        agency_ids = [find_agency(options["agency"]).pk] if options.get("agency") else None
        written = rebuild(agency_ids, options.get("year"))
        self.stdout.write(f"已重新统计机关年度汇总：{written} 项")
