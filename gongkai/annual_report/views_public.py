"""The published annual reports on the portal (no login)."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render
from django.utils.safestring import mark_safe

from gongkai.agencies.selectors import public_agency_get
from gongkai.report.render.html import render_article

from . import selectors
from .models import AnnualReport
from .views import FORMAT_LABELS, download_response


def _published(
    credit_code: str, year: int, version: int | None = None
) -> tuple[AnnualReport, list[AnnualReport]]:
    versions = selectors.published_versions(public_agency_get(credit_code), year)
    if not versions:
        raise Http404("该年度报告尚未公布")
    if version is None:
        return versions[0], versions
    for report in versions:
        if report.version == version:
            return report, versions
    raise Http404("没有这个版本")


@login_not_required
def report(request, credit_code: str, year: int, version: int | None = None):
    shown, versions = _published(credit_code, year, version)
    body = mark_safe(render_article(shown.to_report()))  # noqa: S308 — renderer escapes
    return render(
        request,
        "annual_report/public.html",
        {
            "report": shown,
            "versions": versions,
            "body": body,
            "formats": FORMAT_LABELS.items(),
            "agency": shown.agency,
        },
    )


@login_not_required
def download(request, credit_code: str, year: int, fmt_name: str, version: int | None = None):
    shown, _ = _published(credit_code, year, version)
    return download_response(shown, fmt_name, request)
