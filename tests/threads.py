"""Run jobs at the same moment, each thread on its own database connection (PostgreSQL races)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections


def run_together(jobs: list[Callable[[], object]], *, timeout: float = 120) -> list[BaseException]:
    """Start every job behind one barrier; return the exceptions they raised (none expected)."""
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def work(job: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            job()
        except BaseException as exc:  # reported to the caller
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return errors
