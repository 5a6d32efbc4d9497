"""``gongkai publishing tick``: the periodic work of proactive disclosure (run it every few minutes).

- publishes the scheduled documents whose time has come (idempotent: running it twice, or two
  at once, publishes each document once);
- marks documents repealed or expired when their register date arrives.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gongkai.publishing.counters import rebuild_column_counts
from gongkai.publishing.services import publish_due_scheduled, sync_validity


class Command(BaseCommand):
    help = "主动公开定时任务：tick（发布到时的定时信息，按登记簿标注废止/失效）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        tick = sub.add_parser("tick", help="发布到时的定时信息并按登记簿更新有效性")
        tick.add_argument("--now", help="以该时间为当前时间（ISO 8601，测试用）")
        sub.add_parser("recount", help="按记录重新统计各栏目各年度的发布数（批量导入数据后使用）")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "recount":
            self.stdout.write(f"已重新统计栏目年度发布数：{rebuild_column_counts()} 项")
            return
        now = timezone.now()
        if options.get("now"):
            try:
                now = datetime.fromisoformat(options["now"])
            except ValueError:
                raise CommandError(f"时间格式应为 ISO 8601：{options['now']}") from None
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        published = publish_due_scheduled(now=now)
        marked = sync_validity(today=timezone.localdate(now))
        for document in published:
            self.stdout.write(f"已发布：{document.index_number} {document.title}")
        self.stdout.write(f"定时发布 {len(published)} 条；有效性更新 {marked} 条")
