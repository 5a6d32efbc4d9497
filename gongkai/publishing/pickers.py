"""A searchable document picker instead of a drop-down of every document of the agency.

The field is a text box: the reader types words of the title or the 文号 and picks one of the
suggestions (htmx fills the ``<datalist>`` from :func:`document_suggestions`; without JavaScript
the typed title or “title [索引号]” is looked up on submit). A suggestion reads
“标题 [索引号]” so that two documents with the same title stay apart.
"""

from __future__ import annotations

import re

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join

SUGGESTIONS = 15
_KEY = re.compile(r"^(?P<title>.*?)\s*\[(?P<key>[^\[\]]+)\]\s*$")


def picker_label(document) -> str:
    return f"{document.title} [{document.index_number or f'草稿{document.pk}'}]"


def matching(queryset, text: str):
    """Documents of ``queryset`` whose title or 文号 contains every word of ``text``."""
    for word in (text or "").replace("[", " ").replace("]", " ").split()[:5]:
        queryset = queryset.filter(Q(title__icontains=word) | Q(document_number__icontains=word))
    return queryset


class DocumentPicker(forms.TextInput):
    """A text input with suggestions fetched while typing (no inline script: htmx attributes)."""

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["attrs"].update(
            {
                "list": f"{widget['attrs'].get('id', name)}_options",
                "hx-get": reverse("publishing:document_suggest"),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": f"#{widget['attrs'].get('id', name)}_options",
                "hx-swap": "innerHTML",
                "hx-vals": format_html('{{"field": "{}"}}', name),
                "placeholder": "输入标题或文号中的词语，从提示中选择",
            }
        )
        return context

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        list_id = f"{(attrs or {}).get('id', name)}_options"
        return format_html('{}<datalist id="{}"></datalist>', html, list_id)


class DocumentPickerField(forms.ModelChoiceField):
    """Choose a document by its label (or its title alone when that is unambiguous)."""

    widget = DocumentPicker

    def prepare_value(self, value):
        if hasattr(value, "_meta"):
            return picker_label(value)
        if value in (None, ""):
            return ""
        document = self.queryset.filter(pk=value).first() if str(value).isdigit() else None
        return picker_label(document) if document else value

    def to_python(self, value):
        text = (value or "").strip()
        if not text:
            return None
        if text.isdigit():
            return super().to_python(text)
        match = _KEY.match(text)
        if match:
            key = match["key"]
            if key.startswith("草稿") and key[2:].isdigit():
                found = self.queryset.filter(pk=int(key[2:]), title=match["title"])
            else:
                found = self.queryset.filter(index_number=key)
        else:
            found = self.queryset.filter(title=text)
        documents = list(found[:2])
        if not documents:
            raise forms.ValidationError(
                "没有找到这份文件，请输入标题中的词语后从提示中选择。", code="invalid_choice"
            )
        if len(documents) > 1:
            raise forms.ValidationError("有多份同名文件，请从提示中选择带索引号的一项。", code="ambiguous")
        return documents[0]


def suggestion_options(documents) -> str:
    return format_html_join("", '<option value="{}"></option>', ((picker_label(d),) for d in documents))
