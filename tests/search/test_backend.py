"""The index on the database in use (CI runs this file on SQLite and on PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection

from gongkai.jobs.services import outbox_drain
from gongkai.search import backends
from gongkai.search.backends import SearchFilters
from gongkai.search.models import SearchEntry
from gongkai.search.selectors import search_documents

from .conftest import announce

pytestmark = pytest.mark.django_db

SENTENCE = "市人民政府关于进一步推进政务公开标准化规范化工作的实施意见，请各单位认真贯彻落实。"


def ids(results):
    return results.document_ids


def test_the_backend_matches_the_database():
    expected = {"sqlite": "sqlite", "postgresql": "postgresql"}[connection.vendor]
    assert backends.get_backend().vendor == expected


def test_a_word_from_the_middle_of_a_sentence_is_found(publish):
    doc = publish(title="实施意见", body=f"<p>{SENTENCE}</p>")
    other = publish(title="其他通知", body="<p>关于召开会议的通知</p>")
    for word in ("标准化", "规范", "贯彻落实", "政务公开"):
        assert ids(backends.search(word)) == [doc.pk], word
    assert ids(backends.search("会议")) == [other.pk]
    assert ids(backends.search("标准化 会议")) == []  # every word must match
    assert backends.search("不存在的词语").total == 0


def test_attachment_text_is_searched(publish):
    from gongkai.publishing.models import Attachment
    from gongkai.publishing.signals import document_corrected

    doc = publish(title="附件测试", body="<p>正文</p>")
    Attachment.objects.create(document=doc, file="x.pdf", name="x.pdf", text="附件里写着耕地保护补偿办法")
    announce(doc, document_corrected)
    assert ids(backends.search("耕地保护")) == [doc.pk]


def test_exact_doc_number_and_index_number_come_first(publish):
    target = publish(title="关于印发办法的通知", document_number="洛政办〔2023〕15号")
    citing = publish(title="转发通知", body="<p>根据洛政办〔2023〕15号文件精神</p>")
    result = backends.search("洛政办[2023]15号")
    assert result.mode == "exact" and ids(result) == [target.pk]
    result = backends.search(target.index_number.lower())
    assert result.mode == "exact" and ids(result) == [target.pk]
    # An identifier nobody has falls through to the full text.
    result = backends.search("洛政办〔2023〕16号")
    assert result.mode == "fulltext" and citing.pk not in ids(result)
    assert target.pk in ids(backends.search("洛政办"))


def test_filters(publish, agency_a, agency_b, column_of):
    notices = column_of(agency_a, "通知公告")
    policies = column_of(agency_a, "政策文件")
    a_2023 = publish(agency_a, body="<p>环境保护检查</p>", on=dt.date(2023, 5, 1), columns=[notices])
    a_2024 = publish(
        agency_a, body="<p>环境保护检查</p>", on=dt.date(2024, 5, 1), columns=[policies], validity="repealed"
    )
    b_2024 = publish(agency_b, body="<p>环境保护检查</p>", on=dt.date(2024, 6, 1))
    assert set(ids(backends.search("环境保护"))) == {a_2023.pk, a_2024.pk, b_2024.pk}
    assert set(ids(backends.search("环境保护", SearchFilters(agency_id=agency_a.pk)))) == {
        a_2023.pk,
        a_2024.pk,
    }
    assert ids(backends.search("环境保护", SearchFilters(column_id=notices.pk))) == [a_2023.pk]
    assert set(ids(backends.search("环境保护", SearchFilters(year=2024)))) == {a_2024.pk, b_2024.pk}
    assert ids(backends.search("环境保护", SearchFilters(validity="repealed"))) == [a_2024.pk]
    assert ids(backends.search("环境保护", SearchFilters(agency_id=agency_b.pk, year=2023))) == []
    # No query: browse the filtered documents, newest first.
    browse = backends.search("", SearchFilters(agency_id=agency_a.pk))
    assert browse.mode == "browse" and ids(browse) == [a_2024.pk, a_2023.pk]


def test_withdrawal_removes_and_correction_updates(publish):
    from gongkai.publishing.models import Document, DocumentStatus
    from gongkai.publishing.signals import document_corrected, document_withdrawn

    doc = publish(title="征收公告", body="<p>旧的补偿标准</p>")
    assert ids(backends.search("补偿")) == [doc.pk]
    Document.objects.filter(pk=doc.pk).update(body="<p>新的安置方案</p>")
    announce(doc, document_corrected)
    assert ids(backends.search("补偿")) == []
    assert ids(backends.search("安置")) == [doc.pk]
    Document.objects.filter(pk=doc.pk).update(status=DocumentStatus.WITHDRAWN)
    announce(doc, document_withdrawn)
    assert ids(backends.search("安置")) == []
    assert not SearchEntry.objects.filter(document_id=doc.pk).exists()


def test_documents_the_public_may_not_see_are_not_indexed(publish):
    from gongkai.publishing.models import DocumentStatus

    draft = publish(title="草稿", body="<p>内部讨论稿</p>", status=DocumentStatus.DRAFT)
    assert backends.index_document(draft) is False
    assert backends.search("讨论稿").total == 0


def test_newer_of_two_equally_relevant_documents_ranks_first(publish):
    older = publish(title="防汛预案", body="<p>防汛抗旱应急预案</p>", on=dt.date(2021, 6, 1))
    newer = publish(title="防汛预案", body="<p>防汛抗旱应急预案</p>", on=dt.date(2024, 6, 1))
    result = backends.search("防汛", today=dt.date(2024, 12, 31))
    assert ids(result) == [newer.pk, older.pk]
    assert result.hits[0].score > result.hits[1].score > 0


def test_title_match_outranks_text_match_of_the_same_day(publish):
    in_body = publish(title="工作动态", body="<p>本月开展了食品安全检查。</p>")
    in_title = publish(title="食品安全检查结果", body="<p>本月检查结果如下。</p>")
    assert ids(backends.search("食品安全")) == [in_title.pk, in_body.pk]


def test_paging(publish):
    docs = [
        publish(title=f"第{i}号公告", body="<p>招聘公告</p>", on=dt.date(2024, 1, i + 1)) for i in range(25)
    ]
    first = backends.search("招聘", page=1)
    second = backends.search("招聘", page="2")
    assert first.total == 25 and first.num_pages == 2 and first.has_next
    assert len(first.hits) == 20 and len(second.hits) == 5
    assert set(ids(first)) | set(ids(second)) == {d.pk for d in docs}
    assert backends.search("招聘", page="abc").page == 1
    assert backends.search("招聘", page=10**9).page == backends.MAX_PAGE


def test_snippets_escape_html(publish):
    doc = publish(
        title="关于<危险>字符&的说明", body="<p>说明&lt;script&gt;alert(1)&lt;/script&gt;税收政策</p>"
    )
    _results, items = search_documents("税收", None, 1)
    assert [i.document.pk for i in items] == [doc.pk]
    assert "<script>" not in items[0].snippet_html
    assert "&lt;script&gt;" in items[0].snippet_html and "<mark>税收</mark>" in items[0].snippet_html
    assert "&lt;危险&gt;" in items[0].title_html


def test_rebuild_command(publish):
    from gongkai.publishing.models import DocumentStatus

    doc = publish(title="统计公报", body="<p>国民经济和社会发展统计公报</p>")
    publish(title="草稿", body="<p>统计公报初稿</p>", status=DocumentStatus.DRAFT, signal=False)
    unsignalled = publish(title="公报", body="<p>统计公报第二期</p>", signal=False)
    SearchEntry.objects.filter(document_id=doc.pk).delete()
    assert ids(backends.search("统计")) == []
    call_command("search", "rebuild", verbosity=0)
    assert set(ids(backends.search("统计"))) == {doc.pk, unsignalled.pk}
    assert SearchEntry.objects.count() == 2


def test_a_deleted_document_leaves_the_index(publish):
    doc = publish(title="临时公告", body="<p>停水通知</p>")
    doc.delete()
    outbox_drain()  # the worker's step after the deletion commits
    assert backends.search("停水").total == 0


def test_query_input_never_breaks_the_engine(publish):
    publish(title="测试", body="<p>正常内容</p>")
    for nasty in ('"', "'", "AND OR NOT", "*", "NEAR(", "a\x00b", "（）", '内容"OR"', "-1", "^"):
        assert backends.search(nasty).total >= 0


def test_the_generic_backend_finds_what_the_engine_finds(publish):
    """Databases without a full-text engine fall back to LIKE over the same tokens."""
    doc = publish(title="实施意见", body=f"<p>{SENTENCE}</p>")
    checks = publish(title="工作动态", body="<p>本月开展了食品安全检查。</p>")
    generic = backends.Backend()
    for word, expected in (("标准化", [doc.pk]), ("食品安全", [checks.pk]), ("标准化 检查", [])):
        assert ids(generic.search(word)) == expected == ids(backends.search(word)), word
