"""``gongkai import IN.zip``: restore an agency exported by ``gongkai export`` into an empty database."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.ops.transfer import TransferError, import_agency


class Command(BaseCommand):
    help = "把 gongkai export 导出的机关恢复到空数据库（全部成功或全部不导入）"

    def add_arguments(self, parser) -> None:
        parser.add_argument("source", help="gongkai export 生成的 ZIP 文件")

    def handle(self, *args, source: str, **options) -> None:
        try:
            summary = import_agency(Path(source))
        except TransferError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"已导入 {summary.agency}：记录 {summary.records} 条，文件 {summary.files} 个")
