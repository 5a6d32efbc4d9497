"""``gongkai inspect [--agency A] [--date YYYY-MM-DD]``: the freshness inspection on the command line.

Prints what the staff inspection page shows: per agency, the single-veto verdict, the stale and
blank columns, the new-media accounts not updated for two weeks (or with no post recorded) and
the number of late publications. ``A`` is a unified social credit code or an
agency's exact name. Exit status 0 when every agency inspected passes, 1 when any fails.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from gongkai.agencies.models import Agency
from gongkai.publishing.selectors import inspect_agencies


class Command(BaseCommand):
    help = "按《政府网站与政务新媒体检查指标》检查栏目更新情况（--agency 统一社会信用代码或机关全称）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", help="统一社会信用代码或机关全称（默认：全部机关）")
        parser.add_argument("--date", help="检查日 YYYY-MM-DD（默认：今天）")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options.get("date"):
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"日期格式应为 YYYY-MM-DD：{options['date']}") from None
        agencies = Agency.objects.filter(is_active=True).order_by("path")
        if options.get("agency"):
            key = options["agency"].strip()
            agencies = agencies.filter(Q(credit_code=key.upper()) | Q(name=key))
            if not agencies.exists():
                raise CommandError(f"找不到机关：{key}（请使用统一社会信用代码或机关全称）")
        agencies = list(agencies)
        results = inspect_agencies(agencies, today, with_late_list=True)
        failed = 0
        for agency in agencies:
            result = results[agency.pk]
            failed += not result.passed
            self._print(result)
        if len(agencies) > 1:
            self.stdout.write(f"共检查 {len(agencies)} 个机关，不合格 {failed} 个")
        if failed:
            raise SystemExit(1)

    def _print(self, r) -> None:
        w = self.stdout.write
        w(f"{r.agency.name}（{r.agency.credit_code}） 检查日 {r.today.isoformat()}")
        w(f"  结论：{'合格' if r.passed else '不合格'}")
        for failure in r.failures:
            w(f"  单项否决：{failure}")
        w(
            f"  栏目 {len(r.columns)} 个；动态要闻类未更新 {len(r.stale_news)} 个；"
            f"通知公告、政策文件类未更新 {len(r.stale_notice_policy)} 个；"
            f"空白栏目 {len(r.blank)} 个；近12个月超期公开 {r.late_count} 条"
        )
        for state in r.stale:
            last = state.last_published.isoformat() if state.last_published else "—"
            w(
                f"  未按时更新：{state.column.name}（{state.column.get_kind_display()}，{state.rule}，最近发布 {last}）"
            )
        for state in r.blank:
            w(f"  空白栏目：{state.column.name}")
        w(
            f"  政务新媒体账号 {len(r.media)} 个；超过2周未更新 {len(r.stale_media)} 个；"
            f"无发布记录 {len(r.unknown_media)} 个"
        )
        for media in r.stale_media:
            w(
                f"  新媒体未更新：{media.account}（最近发布 {media.last_posted.isoformat()}，"
                f"已 {media.idle_days} 天）"
            )
        for media in r.unknown_media:
            w(f"  新媒体无发布记录：{media.account}（无法判断是否按时更新）")
        for document in r.late[:20]:
            w(
                f"  超期公开：{document.title}（形成 {document.formed_on.isoformat()}，"
                f"期限 {document.publish_due.isoformat() if document.publish_due else '—'}，"
                f"发布 {document.published_at:%Y-%m-%d}）"
            )
