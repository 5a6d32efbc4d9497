"""``gongkai collect [--agency NAME]``: collect the registered annual-report columns now.

Starts the same background job as the supervisor's button: with a broker it is queued for the
Celery worker; without one it runs here, and the command prints what it filed and what it could
not take.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.collection.models import CollectionRun, CollectionSource
from gongkai.collection.services import run_start
from gongkai.jobs.services import job_run


class Command(BaseCommand):
    help = (
        "采集已登记的下级机关年度报告栏目：抓取列表与报告页面（含 PDF/DOCX 附件），审读后按机关、年度归档。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", help="只采集该机关（名称）的栏目")

    def handle(self, *args: Any, **options: Any) -> None:
        sources = CollectionSource.objects.filter(active=True).select_related("agency")
        if options["agency"]:
            sources = sources.filter(agency__name=options["agency"])
            if not sources.exists():
                raise CommandError(f"机关“{options['agency']}”没有启用的采集栏目")
        try:
            run = run_start(actor=None, sources=list(sources))
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        run = CollectionRun.objects.select_related("job").get(pk=run.pk)
        job = run.job
        if not job.finished and settings.CELERY_TASK_ALWAYS_EAGER:
            # No broker: run it here (inside an outer transaction the on-commit hand-off has not
            # fired yet; job_run claims a queued job once, so the later hand-off does nothing).
            job_run(job.pk)
            run = CollectionRun.objects.select_related("job").get(pk=run.pk)
            job = run.job
        if not job.finished:
            self.stdout.write(f"已提交后台任务 #{job.pk}（采集 #{run.pk}），由任务队列执行。")
            return
        if job.status == job.Status.FAILED:
            raise CommandError(f"采集失败：{job.error}")
        s = run.summary
        self.stdout.write(
            f"采集 #{run.pk}：列表页 {s.get('pages', 0)} 页，新归档 {s.get('filed', 0)} 份，"
            f"未变化 {s.get('unchanged', 0)} 份，未能采集 {s.get('problems', 0)} 项。"
        )
        for f in run.findings:
            self.stdout.write(f"  {f['id']} {f['message']}")
