"""celery beat's schedule names real tasks, and each runs in-process without a broker."""

from __future__ import annotations

import io

from django.conf import settings
from django.core.management import call_command

from gongkai.celery import app


def test_every_scheduled_task_exists():
    app.loader.import_default_modules()
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert names == {"gongkai.jobs.drain_outbox", "gongkai.publishing.tick", "gongkai.applications.daily"}
    assert names <= set(app.tasks)


def test_without_a_broker_tasks_run_in_process(db):
    from gongkai.applications.tasks import daily
    from gongkai.publishing.tasks import tick

    assert settings.CELERY_TASK_ALWAYS_EAGER
    assert tick.delay().get() == {"published": 0, "validity": 0}
    assert daily.delay().get()["mails"] == 0


def test_outbox_command_reports_and_drains(db):
    out = io.StringIO()
    call_command("outbox", "status", stdout=out)
    call_command("outbox", "drain", stdout=out)
    assert "没有待投递的消息" in out.getvalue() and "已投递 0 条" in out.getvalue()
