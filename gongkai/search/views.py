"""The public search page (all agencies, or within one agency's section)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from gongkai.portal import selectors as portal_selectors
from gongkai.portal.views import section_context

from . import backends
from .forms import SearchForm
from .selectors import facet_groups, popular_columns, search_documents

EXAMPLES = ("学校", "招生", "规范性文件", "财政预算", "年度报告")


def facets_shown(filters: backends.SearchFilters, agency) -> tuple[str, ...]:
    """Return the facets the page offers: agencies only across agencies, columns only within one."""
    shown = ("year", "kind")
    if agency is None:
        shown = ("agency", *shown)
    if filters.agency_id:
        shown = (*shown, "column")
    return shown


@login_not_required
@require_safe
def search_page(request, credit_code=None):
    agency = portal_selectors.agency_by_code(credit_code) if credit_code else None
    form = SearchForm(request.GET or None, agency=agency)
    results, items, groups, popular = None, [], [], []
    if form.is_bound:
        form.is_valid()  # errors are shown; the valid fields still filter
    if form.is_search():
        filters = form.filters()
        results, items = search_documents(
            form.query(), filters, request.GET.get("page", 1), facets=facets_shown(filters, agency)
        )
        if results.facets is not None and results.total:
            groups = facet_groups(results.facets, request.GET, fixed_agency=agency)
    else:
        popular = popular_columns(agency.pk if agency else None)
    context = {
        "form": form,
        "results": results,
        "items": items,
        "facet_groups": groups,
        "popular": popular,
        "examples": EXAMPLES,
        "query": form.query(),
    }
    if agency is not None:
        context = section_context(agency, "search", **context)
    return render(request, "portal/search.html", context)
