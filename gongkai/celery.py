"""The Celery application: long work runs in worker processes when a broker is configured.

With ``GONGKAI_BROKER_URL`` set (``redis://127.0.0.1:6379/0``), tasks are sent to the broker and run
by ``gongkai-worker`` processes (``celery -A gongkai worker``); ``celery -A gongkai beat`` sends the
periodic ones. Without it, the embedded default, every task runs in-process at the moment it is
enqueued (Celery's eager mode), so the demo needs nothing but Python.

Enqueue work the one way described in ``gongkai.jobs``.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")

app = Celery("gongkai")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
