"""Register report columns, start a collection run, and file what it takes (issue 14.5).

The run is a background job (``collection.run``): with a broker it goes to a Celery worker,
without one it runs in-process as the request commits. Each file taken is read and checked by the
auditor exactly as a supervisor's upload is (``report.audit.read_upload`` in a capped process,
``check_reads`` pairing years), and filed as an ``oversight.AuditedReport`` in an audit batch of
the run, so the findings pages are the upload's. A ``CollectedItem`` keeps the address and the
SHA-256 of what was filed: the same bytes are never filed twice, changed bytes are a new version.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.agencies import policy
from gongkai.auditlog.services import audit_record
from gongkai.jobs.services import job_progress, job_start
from gongkai.oversight.models import AuditBatch
from gongkai.oversight.services import audited_report_build, earlier_reports
from gongkai.report import audit as report_audit

from .crawl import Document, crawl
from .fetch import PoliteClient, Politeness
from .models import CollectedItem, CollectionRun, CollectionSource, RunStatus

JOB_KIND = "collection.run"
REFUSED = "只有上级机关的监督员可以为该机关登记或采集年度报告栏目"


def clean_url(url: str) -> str:
    """Return the column address, or raise ValueError (Chinese) unless it is an http(s) address."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("栏目地址须以 http:// 或 https:// 开头")
    return url


@transaction.atomic
def source_register(*, actor, agency, url: str, active: bool = True) -> CollectionSource:
    """Register ``agency``'s annual-report column; only a supervisor above the agency may."""
    if actor is None:
        raise ValueError("登记采集栏目须由监督员进行")
    policy.require(actor, "collection.manage", agency, REFUSED)
    url = clean_url(url)
    if CollectionSource.objects.filter(agency=agency, url=url).exists():
        raise ValueError("该机关已登记过这个栏目地址")
    source = CollectionSource.objects.create(agency=agency, url=url, active=active, registered_by=actor)
    audit_record(
        actor=actor,
        action="collection.source_register",
        obj=source,
        changes={"url": [None, url], "active": [None, active]},
    )
    return source


@transaction.atomic
def source_update(*, actor, source: CollectionSource, url: str, active: bool) -> CollectionSource:
    """Change a registered column's address or switch it on or off."""
    source = CollectionSource.objects.select_for_update().select_related("agency").get(pk=source.pk)
    policy.check_actor(actor, "collection.manage", source.agency, REFUSED)
    url = clean_url(url)
    if CollectionSource.objects.filter(agency=source.agency, url=url).exclude(pk=source.pk).exists():
        raise ValueError("该机关已登记过这个栏目地址")
    changes = {}
    if url != source.url:
        changes["url"] = [source.url, url]
    if active != source.active:
        changes["active"] = [source.active, active]
    if changes:
        source.url, source.active = url, active
        source.save(update_fields=["url", "active"])
        audit_record(actor=actor, action="collection.source_update", obj=source, changes=changes)
    return source


def run_start(*, actor, sources: Iterable[CollectionSource]) -> CollectionRun:
    """Start collecting the active ``sources`` in the background (``None`` actor: the command)."""
    sources = [s for s in sources if s.active]
    for source in sources:
        policy.check_actor(actor, "collection.manage", source.agency, REFUSED)
    if not sources:
        raise ValueError("没有启用的采集栏目")
    agency = actor.agency if actor is not None else None
    with transaction.atomic():
        run = CollectionRun.objects.create(started_by=actor, agency=agency)
        run.sources.set(sources)
        run.job = job_start(
            kind=JOB_KIND, actor=actor, agency=agency, params={"run_id": run.pk}, total=len(sources)
        )
        run.save(update_fields=["job"])
        audit_record(
            actor=actor, action="collection.run_start", obj=run, changes={"sources": [None, len(sources)]}
        )
    return run


def politeness() -> Politeness:
    """The collector's pace and caps (environment variables, see gongkai/collection/fetch.py)."""
    return Politeness.from_env()


def run_execute(job, *, run_id: int) -> dict:
    """Collect every source of the run, one after the other, recording progress (the job handler)."""
    run = CollectionRun.objects.select_related("started_by").get(pk=run_id)
    sources = list(run.sources.select_related("agency", "registered_by").order_by("agency__path", "pk"))
    summary: Counter[str] = Counter()
    notes: list[dict] = []
    batches: dict[int, AuditBatch] = {}
    with PoliteClient(politeness()) as client:
        for done, source in enumerate(sources, start=1):
            source_collect(run, source, client, batches=batches, summary=summary, notes=notes)
            job_progress(job, done=done)
    run.finished_at = timezone.now()
    run.summary = dict(summary)
    run.findings = notes
    run.save(update_fields=["finished_at", "summary", "findings"])
    return {"url": reverse("collection:run", args=[run.pk]), **summary}


def _batch(run: CollectionRun, source: CollectionSource, batches: dict[int, AuditBatch]) -> AuditBatch:
    """Return the run's audit batch of whoever sees the findings: the starter, else the registrant."""
    owner = run.started_by or source.registered_by
    if owner.pk not in batches:
        stamp = timezone.localtime(run.created_at).strftime("%Y-%m-%d %H:%M")
        batches[owner.pk] = AuditBatch.objects.create(
            uploaded_by=owner, agency=owner.agency, name=f"年报采集 #{run.pk}（{stamp}）", collected=True
        )
    return batches[owner.pk]


def source_collect(
    run: CollectionRun,
    source: CollectionSource,
    client: PoliteClient,
    *,
    batches: dict[int, AuditBatch],
    summary: Counter[str],
    notes: list[dict],
) -> None:
    """Crawl one column; read, check and file what is new; record what could not be taken."""
    crawled = crawl(source.url, client)
    found = [{"source": source.pk, "url": url, **f.to_dict()} for url, f in crawled.findings]
    notes.extend(found)
    fresh: list[tuple[Document, str]] = []
    unchanged = 0
    for doc in crawled.documents:
        digest = hashlib.sha256(doc.data).hexdigest()
        seen = CollectedItem.objects.filter(source=source, url=doc.url, content_hash=digest)
        if seen.update(last_run=run):
            unchanged += 1
            continue
        fresh.append((doc, digest))
    reads = [report_audit.read_upload(doc.data, source=doc.url) for doc, _ in fresh]
    # A report page that only wraps its attachments holds no report: the attachments are filed.
    filed, wrappers = [], []
    for (doc, digest), read in zip(fresh, reads, strict=True):
        if read.readable or not doc.attachments:
            filed.append((doc, digest, read))
        else:
            wrappers.append((doc, digest))
    results = []
    batch = None
    if filed:
        batch = _batch(run, source, batches)
        results = report_audit.check_reads(
            [read for _, _, read in filed], earlier=earlier_reports(batch, [read for _, _, read in filed])
        )
    errors = sum(1 for f in found if f["level"] == "error")
    with transaction.atomic():
        # A run of the same source in parallel waits here, then finds what this one filed.
        CollectionSource.objects.select_for_update().filter(pk=source.pk).first()
        known = set(
            CollectedItem.objects.filter(source=source, content_hash__in=[d for _, d in fresh]).values_list(
                "url", "content_hash"
            )
        )
        for (doc, digest, _), result in zip(filed, results, strict=True):
            if (doc.url, digest) in known:
                continue
            audited = audited_report_build(batch, result, source=doc.url)
            audited.save()
            _item(run, source, doc, digest, audited=audited, year=audited.year or doc.year)
        for doc, digest in wrappers:
            if (doc.url, digest) in known:
                continue
            _item(run, source, doc, digest, audited=None, year=doc.year)
        if crawled.pages == 0:
            status = RunStatus.FAILED
        else:
            status = RunStatus.PARTIAL if errors else RunStatus.OK
        message = f"新归档 {len(filed)} 份，未变化 {unchanged} 份，未能采集 {errors} 项"
        before = {"last_status": source.last_status}
        source.last_run_at, source.last_status, source.last_message = timezone.now(), status, message
        source.save(update_fields=["last_run_at", "last_status", "last_message"])
        audit_record(
            actor=run.started_by,
            action="collection.collect",
            obj=source,
            changes={"last_status": [before["last_status"], status], "filed": [None, len(filed)]},
            note=message,
        )
    summary["filed"] += len(filed)
    summary["unchanged"] += unchanged
    summary["problems"] += errors
    summary["pages"] += crawled.pages


def _item(run, source, doc: Document, digest: str, *, audited, year: int | None) -> CollectedItem:
    version = CollectedItem.objects.filter(source=source, url=doc.url).count() + 1
    return CollectedItem.objects.create(
        source=source,
        run=run,
        last_run=run,
        url=doc.url[:1000],
        kind=doc.kind,
        title=doc.title[:300],
        content_hash=digest,
        size=len(doc.data),
        year=year,
        version=version,
        audited=audited,
    )
