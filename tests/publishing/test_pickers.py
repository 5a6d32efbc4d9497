"""The document picker: typed words and suggestions instead of a drop-down of every document."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from gongkai.publishing.forms import DocumentForm
from gongkai.publishing.pickers import picker_label

pytestmark = pytest.mark.django_db


def _data(**extra):
    return {
        "kind": "interpretation",
        "title": "《实施意见》政策解读",
        "summary": "解读",
        "body": "<p>解读正文</p>",
        "topic": "general",
        "validity": "na",
        "formed_on": "2025-03-03",
        **extra,
    }


def test_the_form_offers_a_text_box_with_suggestions_not_a_long_select(client, team, make_document):
    make_document(title="关于推进政务公开的实施意见")
    client.force_login(team["author"])
    soup = BeautifulSoup(client.get(reverse("publishing:document_create")).content, "html.parser")
    assert soup.find("select", attrs={"name": "interprets"}) is None
    box = soup.find("input", attrs={"name": "interprets"})
    assert box["list"] == "id_interprets_options" and soup.find("datalist", id="id_interprets_options")
    assert box["hx-get"] == reverse("publishing:document_suggest")


def test_suggestions_match_words_of_the_title_within_ones_agency(
    client, team, make_document, agency_b, clerk_b
):
    mine = make_document(title="关于推进政务公开的实施意见")
    make_document(title="关于安全生产的通知")
    make_document(title="乙局政务公开实施意见", agency=agency_b, actor=clerk_b, columns=[])
    client.force_login(team["author"])
    html = client.get(
        reverse("publishing:document_suggest"), {"field": "interprets", "interprets": "政务公开 意见"}
    )
    options = [o["value"] for o in BeautifulSoup(html.content, "html.parser").find_all("option")]
    assert options == [picker_label(mine)]
    assert client.get(reverse("publishing:document_suggest"), {"field": "nope"}).content == b""


def test_a_label_a_unique_title_or_nothing_is_accepted_and_a_duplicate_title_is_explained(
    agency_a, make_document
):
    target = make_document(title="关于推进政务公开的实施意见")
    form = DocumentForm(_data(interprets=picker_label(target)), agency=agency_a)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["interprets"] == target
    assert DocumentForm(_data(interprets="关于推进政务公开的实施意见"), agency=agency_a).is_valid()
    assert DocumentForm(_data(interprets=""), agency=agency_a).is_valid()
    make_document(title="关于推进政务公开的实施意见")
    form = DocumentForm(_data(interprets="关于推进政务公开的实施意见"), agency=agency_a)
    assert not form.is_valid() and "有多份同名文件" in form.errors["interprets"][0]
    form = DocumentForm(_data(interprets="不存在的文件"), agency=agency_a)
    assert not form.is_valid() and "没有找到这份文件" in form.errors["interprets"][0]
