"""The public search form. Bad input never fails the page: invalid filters are reported and dropped."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from gongkai.agencies.models import Agency
from gongkai.publishing.models import Column, DocumentKind, Validity

from .backends import SearchFilters
from .models import KIND_LABELS
from .selectors import years_with_documents

FIRST_YEAR = 2008  # the Regulation took effect on 1 May 2008


def _attributes(attrs: dict) -> str:
    """Render attributes in their order as django/forms/widgets/attrs.html does (True: bare, False: left out)."""
    return "".join(
        f" {conditional_escape(k)}"
        if v is True
        else f' {conditional_escape(k)}="{conditional_escape(str(v))}"'
        for k, v in attrs.items()
        if v is not False
    )


class QuickSelect(forms.Select):
    """A drop-down rendered in Python, with the markup of Django's own template.

    Django renders a template per option; the search page's five drop-downs (about seventy
    options) took several milliseconds of every search that way. Every value, label and
    attribute goes through ``conditional_escape``, as the template's autoescaping does.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = "".join(
            f'\n  <option value="{conditional_escape(str(option["value"]))}"'
            f"{_attributes(option['attrs']) if option['attrs'] else ''}>"
            f"{conditional_escape(option['label'])}</option>\n"
            for _group, choices, _index in widget["optgroups"]
            for option in choices
        )
        return mark_safe(  # noqa: S308 - every piece escaped above
            f'<select name="{conditional_escape(widget["name"])}"{_attributes(widget["attrs"])}>{options}\n</select>'
        )


class SearchForm(forms.Form):
    q = forms.CharField(
        label="关键词",
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "标题、正文、附件中的词语，或文号、索引号"}
        ),
        error_messages={"max_length": "关键词不能超过 %(limit_value)d 个字"},
    )
    agency = forms.ModelChoiceField(
        label="发布机关",
        queryset=Agency.objects.none(),
        to_field_name="credit_code",
        required=False,
        empty_label="全部机关",
        widget=QuickSelect,
        error_messages={"invalid_choice": "没有这个机关"},
    )
    column = forms.ModelChoiceField(
        label="栏目",
        queryset=Column.objects.none(),
        required=False,
        empty_label="全部栏目",
        widget=QuickSelect,
        error_messages={"invalid_choice": "没有这个栏目"},
    )
    year = forms.TypedChoiceField(
        label="发布年份",
        required=False,
        coerce=int,
        empty_value=None,
        widget=QuickSelect,
        error_messages={"invalid_choice": "年份不在可选范围内"},
    )
    kind = forms.ChoiceField(
        label="信息类型",
        required=False,
        choices=[("", "全部类型"), *DocumentKind.choices, *KIND_LABELS.items()],
        widget=QuickSelect,
        error_messages={"invalid_choice": "信息类型取值无效"},
    )
    validity = forms.ChoiceField(
        label="有效性",
        required=False,
        choices=[("", "全部"), *Validity.choices],
        widget=QuickSelect,
        error_messages={"invalid_choice": "有效性取值无效"},
    )

    def __init__(self, data=None, *, agency: Agency | None = None):
        super().__init__(data)
        self.fixed_agency = agency

        years = years_with_documents(agency.pk if agency else None)
        asked = str((data or {}).get("year") or "")
        if asked.isdigit() and FIRST_YEAR <= int(asked) <= dt.date.today().year and int(asked) not in years:
            years = sorted({*years, int(asked)}, reverse=True)  # keep the visitor's choice selectable
        self.fields["year"].choices = [("", "全部年份")] + [(str(y), f"{y}年") for y in years]
        if agency is not None:
            del self.fields["agency"]
            chosen = agency
        else:
            self.fields["agency"].queryset = (
                Agency.objects.filter(is_active=True).only("pk", "credit_code", "name").order_by("path")
            )
            chosen = None
            code = (data or {}).get("agency")
            if code:
                chosen = Agency.objects.filter(credit_code=str(code).upper()[:18], is_active=True).first()
        if chosen is not None:
            self.fields["column"].queryset = Column.objects.filter(agency=chosen, is_active=True).order_by(
                "position", "id"
            )
        else:
            del self.fields["column"]

    def filters(self) -> SearchFilters:
        """Return the filters from the valid fields (call after ``is_valid()``)."""
        data = getattr(self, "cleaned_data", {})
        agency = self.fixed_agency or data.get("agency")
        column = data.get("column")
        return SearchFilters(
            agency_id=agency.pk if agency else None,
            column_id=column.pk if column else None,
            year=data.get("year") or None,
            validity=data.get("validity") or None,
            kind=data.get("kind") or None,
        )

    def query(self) -> str:
        return getattr(self, "cleaned_data", {}).get("q", "") or ""

    def is_search(self) -> bool:
        """Whether the visitor asked for anything (a query or a filter)."""
        if not self.is_bound:
            return False
        filters = self.filters()
        if self.fixed_agency is not None:
            filters = SearchFilters(
                None, filters.column_id, filters.year, filters.validity, filters.topic, filters.kind
            )
        return bool(self.query().strip()) or not filters.is_empty()
