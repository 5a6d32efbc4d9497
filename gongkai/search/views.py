"""The public search page (all agencies, or within one agency's section)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from gongkai.portal import selectors as portal_selectors
from gongkai.portal.views import section_context

from .forms import SearchForm
from .selectors import search_documents


@login_not_required
@require_safe
def search_page(request, credit_code=None):
    agency = portal_selectors.agency_by_code(credit_code) if credit_code else None
    form = SearchForm(request.GET or None, agency=agency)
    results, items = None, []
    if form.is_bound:
        form.is_valid()  # errors are shown; the valid fields still filter
        if form.is_search():
            results, items = search_documents(form.query(), form.filters(), request.GET.get("page", 1))
    context = {"form": form, "results": results, "items": items}
    if agency is not None:
        context = section_context(agency, "search", **context)
    return render(request, "portal/search.html", context)
