"""Reads of the API app."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from gongkai.agencies.models import Agency
from gongkai.agencies.scoping import get_scoped, readable_agencies
from gongkai.annual_report.models import AnnualReport, ReportStatus
from gongkai.applications.models import Application
from gongkai.portal import selectors as portal
from gongkai.publishing.models import Document
from gongkai.publishing.selectors import published_documents
from gongkai.search.backends import SearchFilters, get_backend

from .models import ApiToken, AuditJob
from .services import digest_of, split_token


def tokens_of(user) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first (a token is personal: nobody else lists it)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def token_for_secret(raw: str) -> ApiToken | None:
    """Return the live token whose secret is ``raw``: not revoked, not expired, owner active."""
    parts = split_token(raw)
    if parts is None:
        return None
    prefix, whole = parts
    token = ApiToken.objects.select_related("user", "user__agency").filter(prefix=prefix).first()
    if token is None or not constant_time_compare(token.digest, digest_of(whole)):
        return None
    if not token.is_active(timezone.now()) or not token.user.is_active:
        return None
    return token


def published_report(credit_code: str, year: int):
    """The latest published version of an agency-year's annual report, or 404."""
    report = (
        AnnualReport.objects.filter(
            agency__credit_code=(credit_code or "").upper(),
            agency__is_active=True,
            year=year,
            status=ReportStatus.PUBLISHED,
        )
        .select_related("agency")
        .order_by("-version")
        .first()
    )
    if report is None:
        raise Http404("该年度报告尚未公布")
    return report


def dataset_reports() -> QuerySet[AnnualReport]:
    """Every agency-year's latest published report, by agency then year (the open dataset).

    One query: the latest published version of each agency-year is picked by a subquery.
    """
    latest = (
        AnnualReport.objects.filter(
            agency=OuterRef("agency"), year=OuterRef("year"), status=ReportStatus.PUBLISHED
        )
        .order_by("-version")
        .values("pk")[:1]
    )
    return (
        AnnualReport.objects.filter(
            status=ReportStatus.PUBLISHED, agency__is_active=True, pk=Subquery(latest)
        )
        .select_related("agency")
        .order_by("agency__path", "year")
    )


# --- what the endpoints read -----------------------------------------------------------------------


def active_agency(credit_code: str):
    """The active agency with this 统一社会信用代码, or None."""
    return Agency.objects.filter(credit_code=(credit_code or "").upper(), is_active=True).first()


def idempotency_key_used(key: str | None) -> bool:
    return key is not None and Application.objects.filter(idempotency_key=key).exists()


def application_by_number(tracking_number: str):
    """The application with this tracking number (the caller checks the query code), or None."""
    return Application.objects.select_related("agency").filter(tracking_number=tracking_number).first()


def public_timeline(application) -> list:
    return list(application.events.order_by("date", "id"))


def audit_job(job_id) -> AuditJob:
    job = AuditJob.objects.defer("data").filter(pk=job_id).first()
    if job is None:
        raise Http404("没有这个审读任务")
    return job


def public_document_by_id(pk: int):
    """A publicly visible document with what its page shows, found by id alone, or 404."""
    agency_id = published_documents().filter(pk=pk).values_list("agency_id", flat=True).first()
    agency = Agency.objects.filter(pk=agency_id, is_active=True).first() if agency_id else None
    if agency is None:
        raise Http404("信息不存在或尚未公开")
    return portal.public_document(agency, pk)


def own_token(user, pk: int) -> ApiToken:
    """One of ``user``'s own tokens, or 404 (nobody else's token is even acknowledged)."""
    token = tokens_of(user).filter(pk=pk).first()
    if token is None:
        raise Http404("没有这个令牌")
    return token


# --- staff reads: always through the scoping function ----------------------------------------------


def staff_application(user, tracking_number: str, *, write: bool = False):
    return get_scoped(
        Application.objects.select_related("agency", "assignee"),
        user,
        write=write,
        tracking_number=(tracking_number or "").strip().upper(),
    )


def staff_document(user, pk: int, *, write: bool = False):
    return get_scoped(Document.objects.select_related("agency"), user, write=write, pk=pk)


def staff_agency(user, credit_code: str):
    return get_scoped(readable_agencies(user), user, credit_code=(credit_code or "").upper())


def latest_report_version(agency, year: int):
    """The newest version (any state) of an agency-year's report, or None."""
    return AnnualReport.objects.filter(agency=agency, year=year).order_by("-version").first()


def public_documents_filtered(filters: dict):
    """Public documents, newest first, narrowed by the documents endpoint's validated filters."""
    qs = published_documents()
    if "agency" in filters:
        qs = qs.filter(agency__credit_code=filters["agency"].upper(), agency__is_active=True)
    if "column" in filters:
        qs = qs.filter(columns__pk=filters["column"], columns__is_active=True)
    if "published_after" in filters:
        qs = qs.filter(published_at__date__gte=filters["published_after"])
    if "published_before" in filters:
        qs = qs.filter(published_at__date__lte=filters["published_before"])
    for name in ("validity", "topic"):
        if name in filters:
            qs = qs.filter(**{name: filters[name]})
    if filters.get("document_number"):
        qs = qs.filter(document_number__icontains=filters["document_number"])
    return qs.select_related("agency").only(*portal.LIST_FIELDS, "agency__credit_code")


def search_public_documents(filters: dict, *, limit: int) -> list:
    """The documents matching ``filters["q"]``, most relevant first (at most ``limit``)."""
    agency = None
    if "agency" in filters:
        agency = active_agency(filters["agency"])
        if agency is None:
            return []
    hits = get_backend().search(
        filters["q"],
        SearchFilters(
            agency_id=agency.pk if agency else None,
            column_id=filters.get("column"),
            validity=filters.get("validity"),
            topic=filters.get("topic"),
        ),
        page=1,
        per_page=limit,
    )
    ids = hits.document_ids
    found = {d.pk: d for d in public_documents_filtered(filters).filter(pk__in=ids).order_by()}
    return [found[i] for i in ids if i in found]
