"""Normalisation and label matching shared by every report reader (gongkai.report.read.normalize)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.report import format as fmt
from gongkai.report.read import normalize as nz

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


# --- characters -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("（七）总计", "(七)总计"),
        ("１２３４", "1234"),
        ("危及“三安全一稳定”", '危及"三安全一稳定"'),
        ("结果\u00a0\u00a0维持", "结果 维持"),
        ("自然\u200b人", "自然人"),
        ("\u3000行政许可\u3000", "行政许可"),
        ("&nbsp;5&nbsp;", "5"),
        ("\u22125", "-5"),
    ],
)
def test_normalize_text_folds_width_spaces_and_quotes(printed: str, expected: str) -> None:
    assert nz.normalize_text(printed) == expected


def test_normalize_text_keeps_tabs_and_newlines_for_readers() -> None:
    assert nz.normalize_text("规章\t０\n行政许可", collapse_spaces=False) == "规章\t0\n行政许可"


def test_label_key_ignores_spaces_quotes_and_item_comma() -> None:
    assert nz.label_key(" 3、危及 “三安全一稳定” ") == nz.label_key("3.危及三安全一稳定")


# --- cells ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "value", "problem"),
    [
        ("5", 5, None),
        ("０", 0, None),
        ("１２３", 123, None),
        ("1,234", 1234, None),
        ("1，234", 1234, None),
        ("  7 ", 7, None),
        ("&nbsp;8&nbsp;", 8, None),
        ("\u00a09\u3000", 9, None),
        ("3881.372", Decimal("3881.372"), None),
        ("-3", -3, None),
        ("2.5", Decimal("2.5"), None),
        ("12件", 12, None),
        ("22（其中修订16件）", 22, nz.ANNOTATED),
        ("22(其中修订16件)", 22, nz.ANNOTATED),
        ("", None, nz.EMPTY),
        ("—", None, nz.EMPTY),
        ("——", None, nz.EMPTY),
        ("-", None, nz.EMPTY),
        ("/", None, nz.EMPTY),
        ("无", None, nz.EMPTY),
        ("&nbsp;", None, nz.EMPTY),
        ("abc", None, nz.UNREADABLE),
        ("5 5", None, nz.UNREADABLE),
        ("1,23", None, nz.UNREADABLE),
        ("O", None, nz.UNREADABLE),
    ],
)
def test_parse_cell(printed: str, value: object, problem: str | None) -> None:
    got_value, got_problem = nz.parse_cell(printed)
    assert (got_value, got_problem) == (value, problem)
    assert type(got_value) is type(value)


# --- section 三 rows --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("一、本年新收政府信息公开申请数量", "new_this_year"),
        ("本年新收政府信息公开申请数量", "new_this_year"),
        ("二、上年结转政府信息公开申请数量", "carried_over"),
        ("三、本年度办理结果\t(一) 予以公开", "disclosed"),
        ("（一）予以公开", "disclosed"),
        ("(二) 部分公开（区分处理的，只计这一情形，不计其他情形）", "partially_disclosed"),
        ("（二）部分公开", "partially_disclosed"),
        ("（三）不予公开 1.属于国家秘密", "withheld.state_secret"),
        ("三、本年度办理结果（三）不予公开2.其他法律行政法规禁止公开", "withheld.prohibited_by_law"),
        ("1.属于国家秘密", "withheld.state_secret"),
        ("1、属于国家秘密", "withheld.state_secret"),
        ("3.危及“三安全一稳定”", "withheld.security_stability"),
        ('3.危及"三安全一稳定"', "withheld.security_stability"),
        ("3.危及三安全一稳定", "withheld.security_stability"),
        ("（四）无法提供 1.本机关不掌握相关政府信息", "unavailable.not_held"),
        ("2.重复申请", "not_handled.repeat"),
        ("3.其他", "otherwise_closed.other"),
        ("（七）总计", "total_handled"),
        ("(七)总计", "total_handled"),
        ("(七) 总计", "total_handled"),
        ("四、结转下年度继续办理", "carried_forward"),
        # a label cut short at a line break still names its row
        ("2.申请人逾期未按收费通知要求缴纳费用、", "otherwise_closed.fee_unpaid"),
        # OCR misreadings
        ("1.属于国家秘蜜", "withheld.state_secret"),
        ("2.重复中请", "not_handled.repeat"),
        ("(四)无法堤供1.本机关不掌握相关政府信息", "unavailable.not_held"),
    ],
)
def test_match_row(label: str, code: str) -> None:
    assert nz.match_row(label) == code


@pytest.mark.parametrize(
    "label",
    [
        "总计",  # the column header, not (七)总计
        "其他",  # the column header, not 3.其他
        "（三）不予公开",  # a group heading
        "三、本年度办理结果",
        "2.",  # a bare item number is ambiguous across groups
        "申请人情况",
        "行政许可",
        "本年度共收到政府信息公开申请",
    ],
)
def test_match_row_refuses_what_names_no_single_row(label: str) -> None:
    assert nz.match_row(label) is None


def test_bare_item_number_is_resolved_by_the_group_in_force() -> None:
    assert nz.match_row("2.", group="（五）不予处理") == "not_handled.repeat"
    assert nz.match_row("2.", group="(三)不予公开") == "withheld.prohibited_by_law"
    assert nz.match_row("2.", group="无法提供") == "unavailable.needs_creation"


def test_every_format_row_matches_its_own_labels() -> None:
    for row in fmt.APPLICATION_ROWS:
        assert nz.match_row(row.full_label) == row.code
        assert nz.match_row(row.label, group=row.group or None) == row.code


def test_match_group() -> None:
    assert nz.match_group("(三) 不予公开") == "（三）不予公开"
    assert nz.match_group("不予处理") == "（五）不予处理"
    assert nz.match_group("（六）其他处理") == "（六）其他处理"
    assert nz.match_group("（一）予以公开") is None  # a row, not a group of items


# --- other tables -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("规章", "rules"),
        ("行政规范性文件", "normative_documents"),
        ("规范性文件", "normative_documents"),
        ("行政许可", "licensing"),
        ("行政 处罚", "penalty"),
        ("行政强制", "coercion"),
        ("行政事业性收费", "fees"),
    ],
)
def test_match_proactive_row(label: str, code: str) -> None:
    assert nz.match_proactive_row(label) == code


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("行政复议", "reconsideration"),
        ("行政法复议", "reconsideration"),
        ("未经复议直接起诉", "litigation_direct"),
        ("行政诉讼 未经复议直接起诉", "litigation_direct"),
        ("复议后起诉", "litigation_after_reconsideration"),
    ],
)
def test_match_remedy_group(label: str, code: str) -> None:
    assert nz.match_remedy_group(label) == code


def test_match_columns_and_cells() -> None:
    assert nz.match_column("商业 企业") == "commercial"
    assert nz.match_column("自然人") == "natural"
    assert nz.match_column("总计") == "total"
    assert nz.match_remedy_cell("结果 维持") == "upheld"
    assert nz.match_remedy_cell("尚未\u00a0审结") == "pending"
    assert nz.match_proactive_cell("本年收费金额(单位:万元)") == "amount_10k_yuan"
    assert nz.match_proactive_cell("本年制发件数") == "issued"


# --- section headings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "section"),
    [
        ("一、总体情况", "overview"),
        ("二、主动公开政府信息情况", "proactive"),
        ("三、收到和处理政府信息公开申请情况", "applications"),
        ("四、政府信息公开行政复议、行政诉讼情况", "remedies"),
        ("四、政府信息公开行政法复议、行政诉讼情况", "remedies"),  # a typo in the heading
        ("五、存在的主要问题及改进情况", "problems"),
        ("六、其他需要报告的事项", "other"),
        ("（六）其他需要报告的事项", "other"),  # renumbered
        ("## 三、收到和处理政府信息公开申请情况", "applications"),
        ("**五、存在的主要问题及改进情况**", "problems"),
    ],
)
def test_match_section_heading(line: str, section: str) -> None:
    assert nz.match_section_heading(line) == section


@pytest.mark.parametrize(
    "line",
    [
        "四、结转下年度继续办理",
        "三、本年度办理结果",
        "（一）主动公开。",
        "2023 年在市委、市政府和省教育厅的坚强领导下，积极落实党中央、国务院关于全面推进政务公开工作的决策部署。",
    ],
)
def test_match_section_heading_refuses_rows_and_narrative(line: str) -> None:
    assert nz.match_section_heading(line) is None


# --- format ------------------------------------------------------------------------------------------


def test_detect_format_of_the_published_2023_report() -> None:
    text = (FIXTURES / "luoyang-education-2023.txt").read_text(encoding="utf-8")
    assert nz.detect_format(text) == fmt.FORMAT_2021


def test_detect_format_of_the_2019_template() -> None:
    text = (FIXTURES / "layouts" / "text-format-2019.txt").read_text(encoding="utf-8")
    assert nz.detect_format(text) == fmt.FORMAT_2019


def test_detect_format_of_a_pre_2019_report() -> None:
    text = (FIXTURES / "layouts" / "text-format-pre2019.txt").read_text(encoding="utf-8")
    assert nz.detect_format(text) == fmt.FORMAT_PRE_2019


def test_detect_format_of_a_2019_table_by_its_other_row_without_items() -> None:
    lines = [r.label for r in fmt.APPLICATION_ROWS[:2]]
    table = "\n".join(f"{label}\t1\t0\t0\t0\t0\t0\t1" for label in lines)
    head = "示例县民政局2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n" + table
    assert nz.detect_format(
        head + "\n（六）其他处理\t0\t0\t0\t0\t0\t0\t0\n（七）总计\t1\t0\t0\t0\t0\t0\t1"
    ) == (fmt.FORMAT_2019)
    assert nz.detect_format(head) == fmt.FORMAT_2021


def test_detect_format_by_year_when_no_template_word_is_printed() -> None:
    head = "示例县民政局{year}年政府信息公开工作年度报告\n一、总体情况\n…\n五、存在的主要问题及改进情况\n…"
    assert nz.detect_format(head.format(year=2018)) == fmt.FORMAT_PRE_2019
    assert nz.detect_format(head.format(year=2020)) == fmt.FORMAT_2019
    assert nz.detect_format(head.format(year=2022)) == fmt.FORMAT_2021


def test_detect_format_of_text_that_is_no_report() -> None:
    assert nz.detect_format("今天天气很好，我们去公园散步。") is None
    assert nz.detect_format("") is None


def test_a_line_without_chinese_characters_is_no_heading_and_is_not_compared(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def compared(*args: object) -> None:
        raise AssertionError("a line of numbers was compared with the section titles")

    monkeypatch.setattr(nz, "_best", compared)
    monkeypatch.setattr(nz, "_family", compared)
    for line in ("491 24 169 343 28 78 1133", "— 3 —", "1/10", "8 2 0 153 0 0 163 ."):
        assert nz.match_section_heading.__wrapped__(line) is None


@pytest.mark.parametrize(
    "printed",
    [
        "0三、本年度办理结果(一)予以公开1410",  # a partly spaced crawler word: a row's last digits, the next label
        "4912416934328781133二、上年结转政府信息公开申请数量0000",
        "审结总计10",
        "申请人情况自然人法人或其他组织总计",
        "2(一)予以公开4",
        "04(十二)其他30",
        "(二)部分公开30",
        "02.申请人逾期未按收费通知要求缴纳费用",
    ],
)
def test_label_words_are_no_cell_at_sight(printed: str) -> None:
    assert nz.unreadable_at_sight(printed)
    assert nz.parse_cell.__wrapped__(printed) == (None, nz.UNREADABLE)


@pytest.mark.parametrize(
    "printed",
    [
        *"无 空 暂无 12件 3人次 2万元 22其中修订16件 5含2件 8元 1,234件 12.5万元 12 22(其中修订16件)".split(),
        *("5(一二三四)", "（一）", "-", "N/A", "", "&nbsp;", "2.5件", "3.", "4.(其中1件)"),
    ],
)
def test_what_may_be_a_cell_is_left_to_parse_cell(printed: str) -> None:
    assert not nz.unreadable_at_sight(printed)


def test_no_cell_at_sight_agrees_with_parse_cell_over_every_ideograph() -> None:
    """Every CJK unified ideograph, alone, after digits and before a note: whenever the shortcut
    says "no cell", parse_cell says unreadable too."""
    forms = ("{}", "{}5", "12{}", "7{}(其中修订16件)", "{}\u3099", "3{}\u0301", "3({})", "({})2", "02.{}")
    for code in range(0x4E00, 0xA000):
        for printed in (form.format(chr(code)) for form in forms):
            if nz.unreadable_at_sight(printed):
                assert nz.parse_cell.__wrapped__(printed)[1] == nz.UNREADABLE, printed


@pytest.mark.parametrize(
    "text",
    [
        "（一）予以公开１２３件",  # full-width forms between ideographs
        "Cafe\u0301 e\u0301\u0323 A\u030a <\u0338",  # combining marks compose with the ASCII before them
        "\u1100\u1161\u11a8 \uac00\u11a8",  # Hangul jamo compose into syllables
        "\u0f73\u0f71\u0f72 a\u0f73",  # a mark of combining class 0 that decomposes into marks
        "\uf900\u2460\u3231\ufb01\u00bd\u2163",  # compatibility ideograph, circled and ligature forms
        "\u3099\u304b\u3099\u30ab\u309a",  # kana voicing marks
        "\u00a0\u0301\u3000\u3099\u00a0\u00a0（\u00a0１\u3000",  # no-break spaces, marks after them
        "",
        "plain ASCII and 汉字 only",
    ],
)
def test_report_text_is_nfkc_normalised_run_by_run_as_a_whole_string_would_be(text: str) -> None:
    import unicodedata

    assert nz._nfkc(text) == unicodedata.normalize("NFKC", text)
