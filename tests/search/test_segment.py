"""The pure parts: segmentation, identifiers, snippets."""

from __future__ import annotations

from gongkai.search import segment, snippets


def test_tokens_include_sub_words_of_a_long_word():
    tokens = segment.tokens("关于进一步推进政务公开标准化规范化工作的实施意见")
    assert "标准化" in tokens and "标准" in tokens and "规范化" in tokens
    assert "进一步" in tokens and "一步" in tokens


def test_tokens_drop_punctuation_and_fold_case():
    assert segment.tokens("Hello，World！3.5") == ["hello", "world", "3", "5"]
    assert segment.index_text("政务公开。", "") == "政务 公开"


def test_query_terms_are_distinct_and_bounded():
    assert [t.word for t in segment.query_terms("年度 年度 报告")] == ["年度", "报告"]
    assert len(segment.query_terms("政务公开" * 100)) <= 12
    assert segment.query_terms("，。！") == []


def test_a_query_word_also_matches_as_its_parts():
    """In "食品安全检查" jieba cuts 食品/安全检查, so 食品安全 must also match 食品 + 安全."""
    assert "食品安全" not in segment.tokens("本月开展了食品安全检查。")
    (term,) = segment.query_terms("食品安全")
    assert term.word == "食品安全" and term.parts == ("食品", "安全")
    assert segment.query_terms("标准化")[0].parts == ()  # no tiling by sub-words: the word itself
    assert segment.highlight_terms(segment.query_terms("食品安全 标准")) == [
        "食品安全",
        "食品",
        "安全",
        "标准",
    ]


def test_doc_numbers_are_normalised_to_one_spelling():
    for spelling in (
        "洛政办[2023]15号",
        "洛政办（2023）15号",
        "洛政办〔2023〕015号",
        " 洛政办 〔2023〕 第15号",
    ):
        assert segment.normalize_doc_number(spelling) == "洛政办〔2023〕15号", spelling


def test_identifier_kinds():
    assert segment.identifier_kind("11410300MB1234567X/2023-00015") == "index"
    assert segment.identifier_kind("11410300mb1234567x/2023-00015") == "index"
    assert segment.identifier_kind("洛政办[2023]15号") == "doc_number"
    assert segment.identifier_kind("国办发〔2017〕47号") == "doc_number"
    assert segment.identifier_kind("政务公开") is None
    assert segment.identifier_kind("2023年15号文件的解读") is None
    assert segment.identifier_kind("11410300MB1234567X/2023-0001") is None


def test_snippet_escapes_text_and_marks_terms():
    text = "前言" * 40 + "注意<script>alert(1)</script>政务公开的要求 & 标准" + "结尾" * 80
    out = snippets.snippet(text, ["政务", "公开", "政务公开"])
    assert "<script>" not in out
    assert "&lt;script&gt;" in out
    assert "<mark>政务公开</mark>" in out  # the longest term wins
    assert out.startswith("…") and out.endswith("…")
    assert "&amp;" in out


def test_snippet_without_a_match_is_the_start_of_the_text():
    assert snippets.snippet("a<b>c", ["zzz"]) == "a&lt;b&gt;c"
    assert snippets.highlight("<i>税</i>收", ["税"]) == "&lt;i&gt;<mark>税</mark>&lt;/i&gt;收"
