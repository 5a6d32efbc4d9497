"""Reads of the API app."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from .models import ApiToken
from .services import digest_of, split_token


def tokens_of(user) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first (a token is personal: nobody else lists it)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def token_for_secret(raw: str) -> ApiToken | None:
    """Return the live token whose secret is ``raw``: not revoked, not expired, owner active."""
    from django.utils.crypto import constant_time_compare

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
    from django.http import Http404

    from gongkai.annual_report.models import AnnualReport, ReportStatus

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


def dataset_reports() -> list:
    """Every agency-year's latest published report, by agency then year (the open dataset)."""
    from django.db.models import Max

    from gongkai.annual_report.models import AnnualReport, ReportStatus

    published = AnnualReport.objects.filter(status=ReportStatus.PUBLISHED, agency__is_active=True)
    latest = published.values("agency_id", "year").annotate(v=Max("version")).order_by()
    wanted = {(row["agency_id"], row["year"], row["v"]) for row in latest}
    reports = [
        r
        for r in published.select_related("agency").order_by("agency__path", "year", "version")
        if (r.agency_id, r.year, r.version) in wanted
    ]
    return reports
