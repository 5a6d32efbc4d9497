"""The search form's drop-downs: rendered in Python, the same markup as Django's templates."""

from __future__ import annotations

import pytest
from django import forms

from gongkai.search.forms import QuickSelect, SearchForm

pytestmark = pytest.mark.django_db


def test_quick_selects_render_what_django_renders(agency_a, column_of, publish):
    column_of(agency_a, "通知公告")
    publish(agency_a, title="测试<文件>", body="<p>正文</p>")
    bad = {"q": "x", "agency": agency_a.credit_code, "year": "abc", "kind": "normative", "validity": "<b>"}
    for data in (None, {"q": "x"}, bad):
        form = SearchForm(data)
        if data:
            form.is_valid()
        selects = [bound for bound in form if isinstance(bound.field.widget, QuickSelect)]
        assert len(selects) == (5 if data == bad else 4)  # the column only once an agency is chosen
        for bound in selects:
            quick = str(bound)
            bound.field.widget.__class__ = forms.Select
            try:
                assert quick == str(bound), bound.name
            finally:
                bound.field.widget.__class__ = QuickSelect
        if data == bad:
            assert 'aria-invalid="true"' in str(form["year"]) and " selected>" in str(form["kind"])
