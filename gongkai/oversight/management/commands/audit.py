"""``gongkai audit FILE_OR_DIR...``: read and check published annual reports, no database needed.

A thin shell over gongkai.report.audit, which holds the whole auditor (and runs without Django
as ``python -m gongkai.report.audit``). Exit status 0 when every file was read, 2 when any
could not be.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.report import audit


class Command(BaseCommand):
    help = (
        "审核政府信息公开工作年度报告（txt/html/docx/pdf/md/json，目录递归查找）：逐份输出摘要与核对结果；"
        "全部可读时退出码为 0，有文件无法读取时为 2。"
    )
    # Pure file work: no system checks, no migrations, no database.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        audit.add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        status = audit.run(options, stdout=self.stdout, stderr=self.stderr)
        if status:
            self.stdout.flush()
            raise SystemExit(status)
