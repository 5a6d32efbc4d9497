"""``gongkai outbox drain|status``: deliver the waiting index updates and mail (cron users), or list them."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db.models import Count, Max, Min

from gongkai.jobs.models import OutboxMessage
from gongkai.jobs.services import outbox_drain


class Command(BaseCommand):
    help = "待投递消息（检索索引更新、邮件）：drain 立即投递到期的消息；status 查看积压情况"

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{drain,status}")
        sub.add_parser("drain", help="立即投递到期的消息（失败的按退避时间稍后重试）")
        sub.add_parser("status", help="按类型列出积压的消息")

    def handle(self, *args, **options) -> None:
        if options["action"] == "drain":
            total_delivered = total_failed = 0
            while True:
                result = outbox_drain()
                total_delivered += result.delivered
                total_failed += result.failed
                if not result.delivered:
                    break
            self.stdout.write(f"已投递 {total_delivered} 条；失败 {total_failed} 条（将自动重试）")
            return
        rows = (
            OutboxMessage.objects.values("topic")
            .annotate(n=Count("pk"), attempts=Max("attempts"), due=Min("next_attempt_at"))
            .order_by("topic")
        )
        if not rows:
            self.stdout.write("没有待投递的消息")
        for row in rows:
            self.stdout.write(
                f"{row['topic']}：{row['n']} 条，最多已尝试 {row['attempts']} 次，最早下次投递 {row['due']:%Y-%m-%d %H:%M:%S}"
            )
