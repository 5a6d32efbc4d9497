"""The layout corpus (gongkai.report.corpus): every layout of REPORT_LAYOUTS.md is written, and
the readers give every cell exactly or as unknown — never a wrong number.

Random reports come from seeds drawn by hypothesis; a few examples per layout keep `make test`
lean (bench/report_readers.py reads hundreds per layout).
"""

from __future__ import annotations

import io
import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.report import format as fmt
from gongkai.report.checks import check_report
from gongkai.report.corpus import LAYOUT_BY_NAME, LAYOUTS, random_report, score, write
from gongkai.report.read import ocr, read_report
from gongkai.report.render.layout import report_title

FAST = tuple(layout.name for layout in LAYOUTS if layout.kind not in ("pdf", "scan"))
seeds = st.integers(min_value=0, max_value=2**32 - 1)


def _sample(layout: str, seed: int = 7):
    rng = random.Random(seed)
    return write(random_report(rng), layout, rng)


def _text(layout: str) -> str:
    return _sample(layout).data.decode("utf-8")


# --- each layout is what REPORT_LAYOUTS.md describes ------------------------------------------------


def test_every_layout_of_the_survey_has_a_writer() -> None:
    assert set(LAYOUT_BY_NAME) == {
        "cms_html",
        "word_html",
        "web_copy",
        "crawler_collapsed",
        "crawler_spaced",
        "remedies_one_run",
        "pdf_text",
        "ocr_markdown",
        "single_other_row",
        "renamed_sections",
        "crawler_header",
        "docx_title_elsewhere",
        "pdf",
        "scan",
    }


def test_cms_html_has_merged_cells_paragraph_cells_and_broken_headers() -> None:
    page = _text("cms_html")
    assert '<table border="1"' in page and "rowspan=" in page and "colspan=" in page
    assert "</p><p>" in page or "<br/>" in page
    assert "&nbsp;" in page and 'class="nav-item"' in page  # the site around the article


def test_word_html_splits_cell_text_over_spans() -> None:
    page = _text("word_html")
    assert 'class="MsoNormalTable"' in page and "<o:p>" in page and "mso-" in page
    assert "<font" in page and "&nbsp;" in page


def test_web_copy_is_tab_separated_with_empty_merged_fields() -> None:
    assert "\t\t" in _text("web_copy")


def test_collapsed_crawler_text_has_no_whitespace() -> None:
    text = _text("crawler_collapsed")
    assert not re.search(r"\s", text)
    assert "一、本年新收政府信息公开申请数量" in text


def test_partly_spaced_crawler_text_glues_rows_and_spaces_some_cells() -> None:
    text = _text("crawler_spaced")
    table = text[text.index("申请人情况") : text.index("四、政府信息公开行政复议")]
    assert re.search(r"\d（[二三四五六七]）", table)  # the next row's label follows the last digit
    assert re.search(r"\d \d", table) and re.search(r"\d\d", table)


def test_section_four_as_one_run_has_no_row_labels() -> None:
    text = _text("remedies_one_run")
    run = text.splitlines()[text.splitlines().index("四、政府信息公开行政复议、行政诉讼情况") + 4]
    assert re.fullmatch(r" [\d ]+", run) and len(run.replace(" ", "")) >= 15


def test_pdf_text_wraps_labels_around_their_numbers_and_keeps_page_markers() -> None:
    text = _text("pdf_text")
    assert re.search(r"^— \d —$", text, re.MULTILINE)
    assert re.search(r"^[\d ]+$", text, re.MULTILINE)  # numbers on a line of their own: a wrapped label


def test_ocr_markdown_splits_section_three_under_generic_headers() -> None:
    text = _text("ocr_markdown")
    assert text.count("| 项目 | 数据1 |") >= 2


def test_single_other_row_prints_no_sub_rows_and_expects_them_unknown_unless_zero() -> None:
    sample = _sample("single_other_row", 3)
    text = sample.data.decode()
    assert "（六）其他处理\t" in text and "3.其他" not in text
    for column in fmt.APPLICANT_COLUMNS:
        parent = sum(sample.report.get("applications", r.code, column.code) for r in _other_rows())
        got = [sample.expected.get("applications", r.code, column.code) for r in _other_rows()]
        assert got == ([0, 0, 0] if parent == 0 else [None, None, None])


def _other_rows() -> list[fmt.Row]:
    return [r for r in fmt.APPLICATION_ROWS if r.group == fmt.OUTCOME_GROUPS[-1]]


def test_renamed_sections_use_the_agencys_own_titles() -> None:
    texts = [_sample("renamed_sections", seed).data.decode() for seed in range(6)]
    assert any("五、政府信息管理" in t and "七、其他需要报告的事项" in t for t in texts)
    assert all("五、存在的主要问题及改进情况" not in t for t in texts)


def test_crawler_header_lines_come_before_the_report() -> None:
    text = _text("crawler_header")
    assert text.startswith("标题: ") and "原文链接: " in text and "索引号: " in text


def test_docx_keeps_the_title_only_in_properties_or_header() -> None:
    from docx import Document

    sample = _sample("docx_title_elsewhere")
    document = Document(io.BytesIO(sample.data))
    title = report_title(sample.report)
    body = "".join(p.text for p in document.paragraphs)
    assert sample.report.agency not in body
    elsewhere = document.core_properties.title + document.sections[0].header.paragraphs[0].text
    assert title in elsewhere


@pytest.mark.parametrize("layout", ["pdf", "scan"])
def test_pdf_layouts_are_pdfs_the_scan_without_a_text_layer(layout: str) -> None:
    import pypdfium2 as pdfium

    sample = _sample(layout)
    assert sample.data.startswith(b"%PDF-")
    document = pdfium.PdfDocument(sample.data)
    text = "".join(page.get_textpage().get_text_range() for page in document)
    document.close()
    assert (sample.report.agency in text.replace("\r", "").replace("\n", "")) == (layout == "pdf")


# --- exact or unknown, never wrong ---------------------------------------------------------------


@pytest.mark.parametrize("layout", FAST)
def test_no_layout_gives_a_wrong_cell(layout: str) -> None:
    @settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(seed=seeds)
    def check(seed: int) -> None:
        sample = _sample(layout, seed)
        result = read_report(sample.data, source=sample.name)
        found = score(sample.expected, result.report)
        assert found.wrong_cells == []
        assert result.report is not None
        assert (result.report.agency, result.report.year) == (sample.report.agency, sample.report.year)

    check()


def test_the_generated_reports_are_consistent() -> None:
    for seed in range(20):
        assert check_report(random_report(random.Random(seed))) == []


# Exact share on a fixed corpus, per layout. Issue 11 asks ≥99% (≥95% collapsed crawler text,
# ≥98% OCR). Section 三 reads whole by its identities and section 四 keeps the cells all its cuts
# agree on; what stays unknown in partly spaced crawler text are section 二 rows glued with no
# total to split them by ("5950": 5|95|0, 5|9|50, 59|5|0), which no reader can tell. That layout
# is held at what it reaches, so it cannot get worse unnoticed, and reported as short of target.
SHORT_OF_TARGET = {"crawler_spaced": 0.98}
CORPUS_SEEDS = range(12)


@pytest.mark.parametrize("layout", FAST)
def test_exact_share_per_layout(layout: str) -> None:
    total = None
    for seed in CORPUS_SEEDS:
        sample = _sample(layout, seed)
        found = score(sample.expected, read_report(sample.data, source=sample.name).report)
        total = found if total is None else total.add(found)
    assert total is not None and total.wrong == 0
    assert total.exact_share >= SHORT_OF_TARGET.get(layout, LAYOUT_BY_NAME[layout].min_exact)


def test_the_projects_own_pdf_reads_back_exactly_by_coordinates() -> None:
    sample = _sample("pdf", 11)
    result = read_report(sample.data, source=sample.name)
    assert score(sample.expected, result.report).exact == len(sample.expected.cells())
    assert result.report.provenance["applications.total_handled.total"]["kind"] == "pdf"


def test_a_scan_is_said_to_be_one_without_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "available", lambda: False)
    sample = _sample("scan", 11)
    result = read_report(sample.data, source=sample.name)
    assert [f.id for f in result.findings] == ["read.E071"]
    assert "扫描件" in result.findings[0].message


@pytest.mark.parametrize("layout", ["crawler_collapsed", "crawler_spaced", "remedies_one_run"])
def test_a_cell_of_glued_text_is_unknown_only_when_its_row_allows_several_values(layout: str) -> None:
    """Exact or unknown: every unknown cell takes two or more values among the cuts its row
    allows (sections 二 and 四 have no identity across rows to narrow them)."""
    from gongkai.report.read import decode_text
    from gongkai.report.read.text import printed_rows
    from gongkai.report.read.text.split import all_cuts
    from gongkai.report.read.text.tables import cell_paths, shape_of

    unknown_cells = 0
    for seed in range(12):
        sample = write(random_report(random.Random(seed)), LAYOUT_BY_NAME[layout], random.Random(seed))
        got = read_report(sample.data, source=sample.name).report
        assert got is not None
        unknown = {p for p, v in sample.expected.cells() if v is not None and got.get(*p) is None}
        unknown_cells += len(unknown)
        for target, chunks in printed_rows(decode_text(sample.data) or "").items():
            wanted = [i for i, path in enumerate(cell_paths(target)) if path in unknown]
            if wanted:
                cuts = all_cuts(chunks, shape_of(target))
                assert cuts is not None
                assert all(len({cut[i] for cut in cuts}) >= 2 for i in wanted), (target, chunks)
                unknown -= {cell_paths(target)[i] for i in wanted}
        assert not unknown  # every unknown cell lies in a printed row
    assert unknown_cells  # glued text leaves some


def test_all_cuts_lists_every_cut_a_glued_row_allows() -> None:
    from gongkai.report.read.text.split import Shape, all_cuts
    from gongkai.report.read.text.tokens import RUN, Chunk

    assert sorted(all_cuts([Chunk(RUN, "5950")], Shape(3)) or []) == [(5, 9, 50), (5, 95, 0), (59, 5, 0)]
    assert all_cuts([Chunk(RUN, "5000")], Shape(3)) == [(50, 0, 0)]  # no leading zeros
