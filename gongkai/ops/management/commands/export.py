"""``gongkai export --agency A OUT.zip``: all of an agency's records, files and audit log."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from gongkai.agencies.models import Agency
from gongkai.ops.transfer import export_agency


class Command(BaseCommand):
    help = "导出一个机关的全部记录、文件和审计日志（JSON + 文件，ZIP 格式），用于迁移平台或异地备份"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--agency", required=True, help="机关名称、统一社会信用代码或编号")
        parser.add_argument("out", help="输出的 ZIP 文件")

    def handle(self, *args, agency: str, out: str, **options) -> None:
        lookup = Q(name=agency) | Q(credit_code=agency.upper())
        if agency.isdigit():
            lookup |= Q(pk=int(agency))
        found = list(Agency.objects.filter(lookup)[:2])
        if len(found) != 1:
            raise CommandError(f"找不到机关“{agency}”" if not found else f"“{agency}”对应多个机关，请用编号")
        target = Path(out)
        if target.exists():
            raise CommandError(f"文件已存在：{target}（不覆盖）")
        summary = export_agency(found[0], target)
        self.stdout.write(
            f"已导出 {summary.agency}：记录 {summary.records} 条，文件 {summary.files} 个 → {target}"
        )
