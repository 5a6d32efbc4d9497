"""``gongkai auditlog verify``: walk the hash chain and report the first broken link."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from gongkai.auditlog.chain import first_break
from gongkai.auditlog.models import AuditEvent
from gongkai.auditlog.services import chain_fields


class Command(BaseCommand):
    help = "审计日志：verify 校验哈希链，报告第一处断裂（退出码 1）"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"], help="verify：校验哈希链")
        parser.add_argument("--expect-head", default="", help="此前记录的链尾哈希：链尾被截断时也能发现")

    def handle(self, *args, action: str, expect_head: str, **options):
        events = (
            {**chain_fields(e), "id": e.id, "prev_hash": e.prev_hash, "hash": e.hash}
            for e in AuditEvent.objects.order_by("id").iterator(chunk_size=2000)
        )
        broken, count, head = first_break(events)
        events.close()  # release the cursor now, not after the connection has gone (a break stops early)
        if broken is not None:
            raise CommandError(
                f"审计日志哈希链在第 {broken.event_id} 号事件处断裂：{broken.reason}（已校验 {count} 条）"
            )
        if expect_head and expect_head != head and not AuditEvent.objects.filter(hash=expect_head).exists():
            raise CommandError(f"此前记录的链尾哈希 {expect_head} 已不在日志中：日志被截断或替换")
        self.stdout.write(f"审计日志完整：共 {count} 条事件，哈希链无断裂。链尾哈希：{head}")
