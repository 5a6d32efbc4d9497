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


@login_not_required
@require_safe
def search_page(request, credit_code=None):
    agency = portal_selectors.agency_by_code(credit_code) if credit_code else None
    form = SearchForm(request.GET or None, agency=agency)
    results, items, groups, popular = None, [], [], []
    if form.is_bound:
        form.is_valid()  # errors are shown; the valid fields still filter
    if form.is_search():
        results, items = search_documents(form.query(), form.filters(), request.GET.get("page", 1))
        if results.mode != "exact" and results.total:
            facets = backends.facets(form.query(), form.filters())
            groups = facet_groups(facets, request.GET, fixed_agency=agency)
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
