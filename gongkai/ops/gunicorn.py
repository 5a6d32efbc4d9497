"""Gunicorn settings for Gongkai: ``gunicorn -c python:gongkai.ops.gunicorn gongkai.wsgi``.

Read from the environment so one file serves the demo and production:

GONGKAI_BIND          address to listen on; default 127.0.0.1:8000 (behind a proxy keep it local)
WEB_CONCURRENCY       worker processes; default 2 (rule of thumb: 2 × CPU cores)
GONGKAI_THREADS       threads per worker; default 4
GONGKAI_TIMEOUT       seconds before a stuck worker is replaced; default 60

Each line of the access log is a JSON object carrying the request id the app set (X-Request-ID).
"""

from __future__ import annotations

import os
import sys

bind = [os.environ.get("GONGKAI_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GONGKAI_THREADS", "4"))
timeout = int(os.environ.get("GONGKAI_TIMEOUT", "60"))
graceful_timeout = 20
max_requests = 2000  # recycle workers now and then: bounds any slow leak
max_requests_jitter = 200
accesslog = "-"
access_log_format = (
    '{"time":"%(t)s","level":"INFO","logger":"gunicorn.access","request_id":"%({x-request-id}o)s",'
    '"remote":"%(h)s","method":"%(m)s","path":"%(U)s","status":%(s)s,"bytes":"%(B)s","ms":%(M)s}'
)
errorlog = "-"
loglevel = os.environ.get("GONGKAI_LOG_LEVEL", "warning").lower()
preload_app = True  # import Django once; workers fork from a warm master


def when_ready(server) -> None:
    """Say where the server really listens (the port may differ from the one asked for)."""
    for listener in server.LISTENERS:
        print(
            f"Gongkai 已启动（gunicorn，{server.num_workers} 个进程）：{listener}/   "
            f"工作人员登录：{listener}/staff/login/   按 Ctrl+C 停止",
            file=sys.stderr,
            flush=True,
        )
