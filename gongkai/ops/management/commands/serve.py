"""``gongkai serve``: run the site under gunicorn (the demo's and production's app server).

When the asked-for port is taken, serve on a free one instead of failing; gunicorn prints the
address it really listens on.
"""

from __future__ import annotations

import os
import socket
import sys

from django.core.management.base import BaseCommand, CommandError


def port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


class Command(BaseCommand):
    help = "用 gunicorn 运行网站（演示与生产环境相同）"

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="监听地址，默认 127.0.0.1")
        parser.add_argument(
            "--port", type=int, default=8000, help="端口，默认 8000；被占用时自动换一个空闲端口"
        )
        parser.add_argument("--workers", type=int, help="进程数，默认取环境变量 WEB_CONCURRENCY 或 2")

    def handle(self, *args, host: str, port: int, workers: int | None, **options):
        if not 0 <= port <= 65535:
            raise CommandError(f"端口 {port} 无效")
        if port and not port_free(host, port):
            self.stderr.write(f"端口 {port} 已被占用，改用一个空闲端口。")
            port = 0
        env = dict(os.environ, GONGKAI_BIND=f"[{host}]:{port}" if ":" in host else f"{host}:{port}")
        if workers:
            env["WEB_CONCURRENCY"] = str(workers)
        argv = [sys.executable, "-m", "gunicorn", "-c", "python:gongkai.ops.gunicorn", "gongkai.wsgi"]
        sys.stdout.flush()
        sys.stderr.flush()
        os.execve(sys.executable, argv, env)  # noqa: S606 (replace this process with gunicorn)
