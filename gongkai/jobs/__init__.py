"""Background work: tracked jobs, Celery tasks and the transactional outbox.

The one way to run long work outside the request:

- **A job a person waits for** (a batch audit, a large export): register a handler in your app's
  ``jobs.py`` with ``@job_handler("app.kind", "中文名称")`` and start it with
  ``gongkai.jobs.services.job_start(kind="app.kind", params={...}, actor=request.user)``. The job
  row records status and progress (``job_progress``), so a page can show a progress bar that
  survives a reload (``jobs/_progress.html``; ``/staff/jobs/<id>/``).
- **Fire-and-forget work** (render a PDF, warm a cache): a ``@shared_task`` in your app's
  ``tasks.py``, enqueued with ``task.delay_on_commit(...)`` inside the service's transaction.
- **Side effects that must never be lost** (search-index updates, mail): ``outbox_put`` in the
  same transaction as the change; the worker delivers them with retries.

With ``GONGKAI_BROKER_URL`` set, all of it runs in Celery workers; without it (the embedded
default) the same code runs in-process when the transaction commits.
"""
