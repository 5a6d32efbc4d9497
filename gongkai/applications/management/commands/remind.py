"""``gongkai remind``: apply the day's deemed withdrawals, then mail the due-soon and overdue digest.

Safe to run any number of times a day (cron): deemed withdrawals are idempotent and each
application is reminded at most once per day.
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from gongkai.applications.services import applications_expire, send_reminders
from gongkai.jobs.services import outbox_drain


class Command(BaseCommand):
    help = "发送依申请公开到期提醒（先执行逾期视为放弃申请等每日步骤）"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="以该日期为今天（YYYY-MM-DD），默认今天")
        parser.add_argument("--no-expire", action="store_true", help="不执行视为放弃申请等每日步骤")

    def handle(self, *args, date: str | None = None, no_expire: bool = False, **options):
        day = _parse(date)
        if not no_expire:
            result = applications_expire()
            self.stdout.write(
                f"征求意见逾期结束 {result['consultations_closed']} 件，视为放弃申请 {result['deemed_withdrawn']} 件"
            )
        sent = send_reminders(day=day)
        delivered = outbox_drain()  # cron users: hand the queued mail to the server now
        self.stdout.write(f"发送提醒邮件 {sent.mails} 封，涉及申请 {sent.applications} 件")
        if delivered.failed:
            self.stdout.write(f"有 {delivered.failed} 封邮件暂未发出，将自动重试")


def _parse(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期“{value}”无效，应为 YYYY-MM-DD") from None
