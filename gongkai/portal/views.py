"""The public portal. Every view here opts out of the login requirement explicitly.

One installation serves a city's agencies; each has its own section under ``/a/<credit code>/``:
the disclosure guide (指南), the catalogue (目录) by column, topic and year, document pages,
per-column feeds, search within the agency and its annual reports (Regulation art. 12, 49–50).
"""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from gongkai.core.remedies import guide_remedies
from gongkai.publishing.models import Topic, Validity
from gongkai.publishing.richtext import clean_html
from gongkai.report.render.html import stylesheet

from . import links, selectors
from .registry import annual_report_entries

PER_PAGE = 20


def section_context(agency, nav: str = "", **extra) -> dict:
    """Return the context every page of an agency's section needs (its navigation)."""
    return {
        "agency": agency,
        "nav": nav,
        "apply_url": links.apply_form_url(agency.credit_code),
        "track_url": links.apply_track_url(agency.credit_code),
        **extra,
    }


def _page(request, qs):
    return Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))


@login_not_required
@require_safe
def home(request):
    agencies = list(selectors.active_agencies())
    return render(
        request,
        "portal/home.html",
        {"agencies": agencies, "latest": selectors.latest_documents(limit=15)},
    )


@login_not_required
def error_403(request, exception=None):
    return render(
        request, "portal/error.html", {"code": 403, "message": str(exception or "") or "无权访问"}, status=403
    )


@login_not_required
def error_404(request, exception=None):
    return render(request, "portal/error.html", {"code": 404, "message": "页面不存在"}, status=404)


@login_not_required
@require_safe
def agency_home(request, credit_code):
    agency = selectors.agency_by_code(credit_code)
    return render(
        request,
        "portal/agency_home.html",
        section_context(
            agency,
            "home",
            columns=selectors.column_tree(agency),
            latest=selectors.latest_documents(agency, limit=15),
        ),
    )


@login_not_required
@require_safe
def guide(request, credit_code):
    """The disclosure guide (政府信息公开指南, Regulation art. 12), generated from the agency's data."""
    agency = selectors.agency_by_code(credit_code)
    return render(
        request,
        "portal/guide.html",
        section_context(
            agency,
            "guide",
            columns=selectors.column_tree(agency),
            remedies=guide_remedies(agency.reconsideration_body_name(), today=timezone.localdate()),
        ),
    )


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_not_required
@require_safe
def catalogue(request, credit_code):
    """The catalogue (目录): every public document, browsed by column, topic and year."""
    agency = selectors.agency_by_code(credit_code)
    column = None
    column_id = _int_or_none(request.GET.get("column"))
    if column_id is not None:
        column = selectors.column_of(agency, column_id)
    topic = request.GET.get("topic", "")
    if topic not in Topic.values:
        topic = ""
    year = _int_or_none(request.GET.get("year"))
    if year is not None and not 1990 <= year <= 2200:
        year = None
    page = _page(request, selectors.catalogue(agency, column=column, topic=topic, year=year))
    filters = [
        v
        for v in (
            column.name if column else "",
            Topic(topic).label if topic else "",
            f"{year}年" if year else "",
        )
        if v
    ]
    return render(
        request,
        "portal/catalogue.html",
        section_context(
            agency,
            "catalogue",
            page=page,
            columns=selectors.column_tree(agency),
            topics=selectors.topic_counts(agency),
            years=selectors.year_counts(agency),
            selected={"column": column.pk if column else None, "topic": topic, "year": year},
            filter_labels=filters,
        ),
    )


@login_not_required
@require_safe
def column(request, credit_code, column_id):
    agency = selectors.agency_by_code(credit_code)
    col = selectors.column_of(agency, column_id)
    page = _page(request, selectors.catalogue(agency, column=col))
    return render(request, "portal/column.html", section_context(agency, "catalogue", column=col, page=page))


_HEADING = re.compile(r"<(/?)h([1-5])(?=[\s>])", re.IGNORECASE)


def body_for_page(html: str) -> SafeString:
    """Return a body for the document page: sanitised again, headings moved one level down.

    The page's only h1 is the document title; a body's own h1 becomes h2, and so on.
    """
    cleaned = clean_html(html)
    return mark_safe(_HEADING.sub(lambda m: f"<{m[1]}h{int(m[2]) + 1}", cleaned))  # noqa: S308


@login_not_required
@require_safe
def document(request, credit_code, pk):
    agency = selectors.agency_by_code(credit_code)
    doc = selectors.public_document(agency, pk)
    interpretations, replaces = selectors.related_documents(doc)
    return render(
        request,
        "portal/document.html",
        section_context(
            agency,
            "catalogue",
            document=doc,
            body_html=body_for_page(doc.body),
            replaced_by=selectors.visible(doc.replaced_by),
            interprets=selectors.visible(doc.interprets),
            interpretations=interpretations,
            replaces=replaces,
            Validity=Validity,
        ),
    )


@login_not_required
@require_safe
def attachment(request, credit_code, pk, attachment_pk):
    agency = selectors.agency_by_code(credit_code)
    item = selectors.public_attachment(agency, pk, attachment_pk)
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, ValueError, OSError):
        raise Http404("附件文件不存在") from None
    return FileResponse(
        handle, as_attachment=True, filename=item.name, content_type=item.content_type or None
    )


@login_not_required
@require_safe
def annual_reports(request, credit_code):
    """Annual reports (Regulation art. 49–50): the annual-report column, plus any generated reports."""
    agency = selectors.agency_by_code(credit_code)
    documents = selectors.annual_report_documents(agency)
    return render(
        request,
        "portal/annual_reports.html",
        section_context(
            agency,
            "annual_reports",
            documents=documents,
            generated=annual_report_entries(agency),
            due_note=_report_due_note(),
        ),
    )


def _report_due_note() -> str:
    today = timezone.localdate()
    return (
        f"{today.year - 1}年度报告应于{today.year}年1月31日前公开（条例第五十条）。"
        if today.month <= 3
        else ""
    )


@login_not_required
@cache_control(max_age=3600, public=True)
def report_stylesheet(request):
    """Serve the annual report's stylesheet (the one the renderers use) to pages that embed a report."""
    return HttpResponse(stylesheet(), content_type="text/css; charset=utf-8")
