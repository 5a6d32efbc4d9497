"""The HTML reader against the layouts published reports really use (docs/domain/REPORT_LAYOUTS.md).

The quirky pages are generated here from a report's numbers — TRS CMS tables, Word pasted into a
CMS inside a whole portal page, label variants, swapped and missing headers, a transposed section
四 — and read back; every one of the 200 cells is compared. Two reports are used: the fixture's
numbers (tests/fixtures/luoyang-education-2023.txt) and one where every cell holds a different
number, so that any misplaced column or row shows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from html import escape
from pathlib import Path

import pytest
from test_render_fixture import READ_TEXT, assert_same_cells, distinct_report, fixture_report

from gongkai.report import format as fmt
from gongkai.report.model import Report
from gongkai.report.read.grid import expand_spans
from gongkai.report.read.html import decode_html, read_html

LAYOUTS = Path(__file__).resolve().parent.parent / "fixtures" / "layouts"
TITLE = "洛阳市教育局2023年政府信息公开工作年度报告"
OVERVIEW, PROBLEMS, OTHER = (READ_TEXT[k] for k in ("overview", "problems", "other"))


# --- findings ------------------------------------------------------------------------------------------


def ids(findings) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.id for f in findings]


# --- a generator of published layouts ---------------------------------------------------------------


@dataclass(frozen=True)
class C:
    """One printed cell: its text, its spans, and whether it is a figure."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    number: bool = False


Table = list[list[C]]


def printed(value) -> str:  # type: ignore[no-untyped-def]
    return "" if value is None else str(value)


def num(report: Report, path: tuple[str, str, str], colspan: int = 1) -> C:
    return C(printed(report.get(*path)), colspan=colspan, number=True)


def proactive_tables(report: Report, *, split: bool = False) -> list[Table]:
    """Section 二 as one four-column table (item rows across) or as four small tables."""
    tables: list[Table] = []
    for table in fmt.PROACTIVE_TABLES:
        spans = [1] * (len(table.cells) - 1) + [4 - len(table.cells)]
        rows: Table = [] if split else [[C(table.item, colspan=4)]]
        rows.append(
            [C(table.first_header), *(C(c.label, colspan=s) for c, s in zip(table.cells, spans, strict=True))]
        )
        for row in table.rows:
            cells = (
                num(report, ("proactive", row.code, c.code), s)
                for c, s in zip(table.cells, spans, strict=True)
            )
            rows.append([C(row.label), *cells])
        tables.append(rows)
    return tables if split else [[row for t in tables for row in t]]


def applications_table(report: Report, *, columns: list[str] | None = None, header: bool = True) -> Table:
    """Section 三 with the official three header rows; `columns` reorders the organisation kinds."""
    orgs = columns or [c.code for c in fmt.APPLICANT_COLUMNS if c.organisation]
    order = ["natural", *orgs, "total"]
    rows: Table = []
    if header:
        rows = [
            [C(fmt.APPLICATIONS_NOTE, rowspan=3, colspan=3), C(fmt.APPLICANT_HEADER, colspan=7)],
            [C("自然人", rowspan=2), C(fmt.ORGANISATION_HEADER, colspan=5), C("总计", rowspan=2)],
            [C(fmt.COLUMN_BY_CODE[code].label) for code in orgs],
        ]
    block = [r for r in fmt.APPLICATION_ROWS if r.outcome or r.code == "total_handled"]
    previous_group = ""
    for row in fmt.APPLICATION_ROWS:
        labels: list[C] = []
        if row in block:
            if row is block[0]:
                labels.append(C(fmt.OUTCOME_HEADER, rowspan=len(block)))
            if row.group:
                if row.group != previous_group:
                    labels.append(C(row.group, rowspan=sum(1 for r in block if r.group == row.group)))
                labels.append(C(row.label))
            else:
                labels.append(C(row.label, colspan=2))
        else:
            labels.append(C(row.label, colspan=3))
        previous_group = row.group
        rows.append([*labels, *(num(report, ("applications", row.code, code)) for code in order)])
    return rows


def remedies_table(report: Report) -> Table:
    """Section 四 as the template prints it: three header rows, one row of fifteen figures."""
    cells = [c.label for c in fmt.REMEDY_CELLS]
    return [
        [C("行政复议", colspan=5), C("行政诉讼", colspan=10)],
        [*(C(c, rowspan=2) for c in cells), C("未经复议直接起诉", colspan=5), C("复议后起诉", colspan=5)],
        [C(c) for c in cells * 2],
        [num(report, ("remedies", g.code, c.code)) for g in fmt.REMEDY_GROUPS for c in fmt.REMEDY_CELLS],
    ]


def remedies_transposed(report: Report) -> Table:
    """Section 四 with one row per group, as some agencies print it."""
    return [
        [C("", colspan=2), *(C(c.label) for c in fmt.REMEDY_CELLS)],
        [
            C("行政复议", colspan=2),
            *(num(report, ("remedies", "reconsideration", c.code)) for c in fmt.REMEDY_CELLS),
        ],
        [
            C("行政诉讼", rowspan=2),
            C("未经复议直接起诉"),
            *(num(report, ("remedies", "litigation_direct", c.code)) for c in fmt.REMEDY_CELLS),
        ],
        [
            C("复议后起诉"),
            *(
                num(report, ("remedies", "litigation_after_reconsideration", c.code))
                for c in fmt.REMEDY_CELLS
            ),
        ],
    ]


def relabel(table: Table, labels: dict[str, str]) -> Table:
    return [
        [replace(c, text=labels.get(c.text, c.text)) if not c.number else c for c in row] for row in table
    ]


def trs_cell(cell: C) -> str:
    """A TRS CMS cell: text in <p style>, header words broken over <p>s or <br/>, &nbsp; padding."""
    p = '<p style="text-align:center;line-height:20px;margin:0">'
    text = escape(cell.text)
    if cell.number:
        body = f"&nbsp;{text}&nbsp;"
    elif len(cell.text) == 4 and cell.text.startswith("结果"):
        body = f"{text[:2]}<br/>{text[2:]}"
    elif len(cell.text) == 4:
        body = f"{text[:2]}</p>{p}{text[2:]}"
    else:
        body = text
    spans = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
        f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
    )
    return f'<td{spans} valign="middle" style="border:1px solid #000">{p}{body}</p></td>'


def word_cell(cell: C) -> str:
    """A Word cell pasted into a CMS: every two characters in their own mso-styled span."""
    spans = (f" rowspan={cell.rowspan}" if cell.rowspan > 1 else "") + (
        f" colspan={cell.colspan}" if cell.colspan > 1 else ""
    )
    style = "style='width:40.0pt;border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt'"
    if not cell.text:
        body = "<o:p>&nbsp;</o:p>"
    elif cell.number:
        body = f"<span lang=EN-US style='font-size:10.5pt;mso-bidi-font-family:宋体'>&nbsp;&nbsp;{escape(cell.text)}&nbsp;<o:p></o:p></span>"
    else:
        pieces = [cell.text[i : i + 2] for i in range(0, len(cell.text), 2)]
        body = "".join(
            f"<span style='font-size:10.5pt;font-family:宋体;mso-hansi-font-family:\"Times New Roman\"'><font face=宋体>{escape(p)}</font></span>"
            for p in pieces
        )
    return f"<td width=53 valign=top{spans} {style}><p class=MsoNormal align=center style='text-align:center'>{body}</p></td>"


def table_html(table: Table, style: str) -> str:
    if style == "word":
        opening = "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;mso-yfti-tbllook:1184'>"
        cell = word_cell
    else:
        opening = (
            '<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:600px">'
        )
        cell = trs_cell
    rows = "".join("<tr>" + "".join(cell(c) for c in row) + "</tr>\n" for row in table)
    return f"{opening}<tbody>\n{rows}</tbody></table>\n"


def article(
    tables: dict[str, list[Table]], *, style: str = "trs", headings: dict[str, str] | None = None
) -> str:
    """The report's article: title, headings as plain <p>, narrative, and the tables."""
    headings = {s.key: s.heading for s in fmt.SECTIONS} | (headings or {})
    text = {"overview": OVERVIEW, "problems": PROBLEMS, "other": OTHER}
    parts = [f'<p align="center" style="text-align:center"><strong>{TITLE}</strong></p>\n']
    for section in fmt.SECTIONS:
        if headings[section.key]:
            parts.append(
                f'<p style="text-indent:2em"><strong><span>{headings[section.key]}</span></strong></p>\n'
            )
        for line in text.get(section.key, "").split("\n") if section.key in text else ():
            parts.append(f'<p style="text-indent:2em">{escape(line)}</p>\n')
        for table in tables.get(section.key, []):
            parts.append(table_html(table, style))
    return "".join(parts)


def tables_of(report: Report, **overrides: list[Table]) -> dict[str, list[Table]]:
    tables = {
        "proactive": proactive_tables(report),
        "applications": [applications_table(report)],
        "remedies": [remedies_table(report)],
    }
    return tables | overrides


def page(body: str, *, charset: str = "utf-8") -> str:
    return f'<html><head><meta charset="{charset}"><title>{TITLE}</title></head><body>{body}</body></html>'


def portal(body: str, *, charset: str) -> str:
    """A whole portal page: header, navigation, a layout table with a sidebar, footer."""
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{TITLE}_洛阳市人民政府</title>
<script>var nav = "一、总体情况";</script><style>.nav li {{ float:left }}</style></head>
<body><div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/hd">互动交流</a></li></ul></div>
<table width="1000" class="layout"><tr><td width="200" valign="top"><ul>
<li><a href="/n/1">洛阳市教育局2022年政府信息公开工作年度报告</a></li>
<li><a href="/n/2">关于开展教师资格认定的通知</a></li></ul></td>
<td valign="top"><div class="article"><div class="info">发布时间：2024-01-20 来源：市教育局</div>
<div class="TRS_Editor">{body}</div></div>
<div class="tools">【打印本页】 【关闭窗口】</div></td></tr></table>
<div class="footer"><p>版权所有：洛阳市人民政府办公室 主办单位：洛阳市人民政府</p><p>网站标识码：4103000001 豫ICP备05001234号</p></div>
</body></html>"""


# --- round trip -----------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [fixture_report, distinct_report])
def test_the_projects_own_html_reads_back_cell_for_cell(make) -> None:  # type: ignore[no-untyped-def]
    from gongkai.report.render import render

    expected = make()
    report, findings = read_html(render(expected, "html").encode("utf-8"), source="r.html")
    assert_same_cells(report, expected)
    assert (report.agency, report.year, report.title) == ("洛阳市教育局", 2023, TITLE)
    assert report.text == expected.text
    assert report.sections_present == {s.key for s in fmt.SECTIONS}
    assert report.tables_present == {"proactive", "applications", "remedies"}
    assert [f for f in findings if f.level != "info"] == []


# --- published layouts ------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [fixture_report, distinct_report])
def test_trs_cms_tables_with_broken_header_words_and_nbsp(make) -> None:  # type: ignore[no-untyped-def]
    expected = make()
    report, findings = read_html(page(article(tables_of(expected))).encode("utf-8"))
    assert_same_cells(report, expected)
    assert report.text == expected.text
    assert findings == []


def test_word_pasted_into_a_gbk_portal_page_is_found_by_content() -> None:
    expected = distinct_report()
    body = article(tables_of(expected), style="word")
    data = portal(body, charset="gb2312").encode("gb18030")
    report, findings = read_html(data, source="gbk.html")
    assert_same_cells(report, expected)
    assert (report.agency, report.year) == ("洛阳市教育局", 2023)  # not the 2022 link in the sidebar
    assert report.text["other"] == OTHER  # the footer and the article tools are not narrative
    assert report.text["overview"] == OVERVIEW
    assert findings == []


def test_a_stale_gb2312_declaration_on_a_utf8_page_is_not_trusted() -> None:
    expected = fixture_report()
    data = portal(article(tables_of(expected)), charset="gb2312").encode("utf-8")
    report, _ = read_html(data)
    assert_same_cells(report, expected)
    assert report.agency == "洛阳市教育局"


def test_gbk_without_any_declaration_is_sniffed() -> None:
    assert decode_html("<p>洛阳市教育局</p>".encode("gbk")) == "<p>洛阳市教育局</p>"
    assert decode_html("<p>洛阳市教育局</p>".encode()) == "<p>洛阳市教育局</p>"
    assert decode_html("<p>洛阳</p>".encode("utf-16")) == "<p>洛阳</p>"


def test_label_variants_and_a_heading_typo() -> None:
    expected = distinct_report()
    variants = {
        "行政规范性文件": "规范性文件",
        "行政许可": "行 政 许 可",
        "（七）总计": "(七)总计",
        "（一）予以公开": "(一) 予以公开",
        "1.属于国家秘密": "1、属于国家秘密",
        "四、结转下年度继续办理": "四、结转下年度继续办理 ",
    }
    tables = {k: [relabel(t, variants) for t in v] for k, v in tables_of(expected).items()}
    typo = {"remedies": "四、政府信息公开行政法复议、行政诉讼情况", "problems": ""}
    report, findings = read_html(page(article(tables, headings=typo)))
    assert_same_cells(report, expected)
    assert "remedies" in report.sections_present
    assert "problems" not in report.sections_present  # its heading is missing: said, not guessed
    assert [(f.id, str(f.location)) for f in findings] == [("read.E302", "problems")]


def test_swapped_columns_are_mapped_by_their_header_labels() -> None:
    expected = distinct_report()
    swapped = ["research", "commercial", "social_welfare", "legal_services", "other"]
    tables = tables_of(expected, applications=[applications_table(expected, columns=swapped)])
    report, findings = read_html(page(article(tables)))
    assert_same_cells(report, expected)
    assert findings == []


def test_without_a_header_the_official_column_order_is_assumed_and_said() -> None:
    expected = distinct_report()
    tables = tables_of(expected, applications=[applications_table(expected, header=False)])
    report, findings = read_html(page(article(tables)))
    assert_same_cells(report, expected)
    assert [(f.id, f.level, f.location.section) for f in findings] == [("read.I208", "info", "applications")]


def test_a_transposed_section_four_is_read_by_its_row_labels() -> None:
    expected = distinct_report()
    report, findings = read_html(page(article(tables_of(expected, remedies=[remedies_transposed(expected)]))))
    assert_same_cells(report, expected)
    assert findings == []


def test_section_two_as_four_separate_tables() -> None:
    expected = distinct_report()
    tables = tables_of(expected, proactive=proactive_tables(expected, split=True))
    report, findings = read_html(page(article(tables, style="word")))
    assert_same_cells(report, expected)
    assert findings == []


def test_thousands_separators_and_full_width_digits() -> None:
    expected = fixture_report()
    tables = tables_of(expected)
    tables["proactive"] = [relabel(t, {}) for t in tables["proactive"]]
    html = page(article(tables)).replace("&nbsp;4255&nbsp;", "&nbsp;４,２５５&nbsp;")
    report, _ = read_html(html)
    assert report.get("proactive", "licensing", "decisions") == 4255


def test_blank_and_dash_cells_are_unknown_and_said() -> None:
    expected = fixture_report()
    expected.set("applications", "carried_over", "research", None)
    expected.set("remedies", "litigation_after_reconsideration", "upheld", None)
    html = page(article(tables_of(expected)))
    html = html.replace("&nbsp;&nbsp;", "&nbsp;—&nbsp;", 1)  # the first blank cell printed as —
    report, findings = read_html(html)
    assert_same_cells(report, expected)
    empty = sorted((f.id, str(f.location)) for f in findings)
    assert empty == [
        ("read.W201", "applications.carried_over.research"),
        ("read.W201", "remedies.litigation_after_reconsideration.upheld"),
    ]
    assert any("（—）" in f.message for f in findings)


def test_a_cell_that_is_no_number_is_unknown_and_said() -> None:
    expected = fixture_report()
    html = page(article(tables_of(expected))).replace("&nbsp;4255&nbsp;", "&nbsp;见附件&nbsp;")
    report, findings = read_html(html)
    assert report.get("proactive", "licensing", "decisions") is None
    assert [(f.id, str(f.location)) for f in findings] == [("read.W202", "proactive.licensing.decisions")]


def test_a_number_with_a_note_keeps_the_number_and_says_so() -> None:
    expected = fixture_report()
    html = page(article(tables_of(expected))).replace("&nbsp;4255&nbsp;", "4255（其中变更12件）")
    report, findings = read_html(html)
    assert report.get("proactive", "licensing", "decisions") == 4255
    assert ids(findings) == ["read.I203"]


def test_a_table_printed_twice_with_different_numbers_keeps_the_first_and_warns() -> None:
    first, second = fixture_report(), fixture_report()
    second.set("applications", "new_this_year", "natural", 9)
    body = article(tables_of(first)) + table_html(applications_table(second), "trs")
    report, findings = read_html(page(body))
    assert report.get("applications", "new_this_year", "natural") == 5
    assert [(f.id, str(f.location)) for f in findings] == [
        ("read.W204", "applications.new_this_year.natural")
    ]


def test_a_page_cut_off_inside_section_three_reports_what_is_missing() -> None:
    html = page(article(tables_of(fixture_report())))
    cut = html[: html.index("2.重复申请")]
    report, findings = read_html(cut.encode("utf-8"))
    assert report.get("applications", "not_handled.petition", "natural") == 0
    assert report.get("applications", "total_handled", "natural") is None
    missing = {f.location.row for f in findings if f.id == "read.W205"}
    assert missing >= {"not_handled.repeat", "total_handled", "carried_forward"}
    assert ("read.W207", "remedies") in {(f.id, f.location.section) for f in findings}
    assert report.tables_present == {"proactive", "applications"}


def test_a_2019_template_report_is_recognised_not_forced_into_2021() -> None:
    old = f"""<p>{TITLE.replace("2023", "2019")}</p><p>二、主动公开政府信息情况</p>
    <table border=1><tr><td>第二十条第（一）项</td></tr>
    <tr><td>信息内容</td><td>本年新制作数量</td><td>本年新公开数量</td><td>对外公开总数量</td></tr>
    <tr><td>规章</td><td>0</td><td>0</td><td>3</td></tr>
    <tr><td>规范性文件</td><td>2</td><td>2</td><td>9</td></tr></table>
    <table border=1><tr><td>第二十条第（十）项</td></tr><tr><td>信息内容</td><td>采购项目数量</td><td>采购总金额</td></tr>
    <tr><td>政府集中采购</td><td>4</td><td>100</td></tr></table>"""
    report, findings = read_html(page(old))
    assert report.format == fmt.FORMAT_2019
    assert ids(findings) == ["read.W301"]
    assert all(value is None for _, value in report.cells())
    assert report.year == 2019


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   ",
        bytes(range(256)) * 40,
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        "纯文本，没有标签".encode(),
    ],
    ids=["empty", "blank", "random-bytes", "a-pdf", "plain-text"],
)
def test_what_is_no_html_report_gives_a_finding_not_an_exception(data: bytes) -> None:
    report, findings = read_html(data, source="x.html")
    assert all(value is None for _, value in report.cells())
    assert not report.tables_present
    assert ids(findings) in (["read.E070"], ["read.E301"])


# --- the grid ----------------------------------------------------------------------------------------


def test_expand_spans_lays_merged_cells_out_like_a_browser() -> None:
    grid = expand_spans(
        [
            [("a", 2, 1), ("b", 1, 2)],
            [("c", 1, 1), ("d", 2, 1)],
            [("e", 1, 2)],
        ]
    )
    assert grid.rows == [["a", "b", "b"], ["a", "c", "d"], ["e", "e", "d"]]
    assert grid.copies == {(0, 2), (1, 0), (2, 1), (2, 2)}


def test_expand_spans_survives_absurd_spans() -> None:
    grid = expand_spans([[("x", 0, 99999)], [("y", 1, 1)]])
    assert len(grid.rows[0]) == 1000
    assert grid.rows[1][0] == "y"


# --- fixture files ----------------------------------------------------------------------------------


def test_the_layout_fixture_files_read_to_the_fixture_numbers() -> None:
    """The stored pages (tests/fixtures/layouts/html-*) are the generator's output, frozen."""
    files = sorted(LAYOUTS.glob("html-*.html"))
    assert files, "fixture pages are missing"
    for file in files:
        report, findings = read_html(file.read_bytes(), source=file.name)
        assert_same_cells(report, fixture_report())
        assert (report.agency, report.year) == ("洛阳市教育局", 2023), file.name
        assert findings == [], file.name


def test_bare_tables_without_title_or_headings_are_read_and_the_gaps_said() -> None:
    expected = distinct_report()
    body = "".join(table_html(t, "trs") for tables in tables_of(expected).values() for t in tables)
    report, findings = read_html(f"<html><body><div>{body}</div></body></html>")
    assert_same_cells(report, expected)
    assert sorted((f.id, f.location.section) for f in findings) == [
        ("read.E302", "other"),
        ("read.E302", "overview"),
        ("read.E302", "problems"),
        ("read.I302", ""),
        ("read.W304", "applications"),
        ("read.W304", "proactive"),
        ("read.W304", "remedies"),
    ]


def test_a_page_cut_anywhere_never_raises_and_misplaces_nothing() -> None:
    """Cut the page at many points: cells read are the right ones or unknown (a cut inside a
    number can shorten it — 4255 to 42 — which no reader can tell; those two are skipped)."""
    expected = distinct_report()
    data = page(article(tables_of(expected))).encode("utf-8")
    last_number = data.rindex(b"</td>")
    for cut in range(0, len(data), max(1, len(data) // 60)):
        report, findings = read_html(data[:cut])
        assert findings or cut > last_number, cut  # something is missing, and it is said
        for path, value in report.cells():
            if value is not None and value != expected.get(*path):
                assert data[:cut].rstrip().endswith(str(value).encode()), (cut, path, value)


def test_section_four_with_one_row_per_cell_and_groups_across() -> None:
    """The other transposition: 结果维持 … 总计 down the side, the three groups across the top."""
    expected = distinct_report()
    groups = fmt.REMEDY_GROUPS
    table: Table = [
        [C("", rowspan=2), C("行政复议", rowspan=2), C("行政诉讼", colspan=2)],
        [C("未经复议直接起诉"), C("复议后起诉")],
        *(
            [C(cell.label), *(num(expected, ("remedies", g.code, cell.code)) for g in groups)]
            for cell in fmt.REMEDY_CELLS
        ),
    ]
    report, findings = read_html(page(article(tables_of(expected, remedies=[table]))))
    assert_same_cells(report, expected)
    assert findings == []


def test_navigation_links_are_dropped_before_parsing_but_a_title_link_is_kept() -> None:
    from gongkai.report.read import html as reader

    nav = '<li class="nav"><a href="/a.html">首页</a></li>\n<li><a href="/b">政府信息公开年报</a></li>'
    title = '<li><a href="/c.html">洛阳市教育局2022年政府信息公开工作年度报告</a></li>'
    entity = "<li><a href='/d'>&#39318;&#39029;</a></li>"
    kept = reader._DROPPED.sub(b"", f"<ul>{nav}{title}{entity}</ul>".encode())
    assert kept == f"<ul>{title}{entity}</ul>".encode()


def test_inline_formatting_tags_are_dropped_before_parsing_and_their_text_is_kept() -> None:
    from gongkai.report.read import html as reader

    page = (
        '<p class="MsoNormal"><span style="font-family:宋体">信息</span><FONT face="宋体">公开</FONT>'
        "<o:p></o:p><b>年</b><strong>报</strong><i>1</i><em>2</em><u>3</u>"
        '<br><img src="x.png"><body><blockquote><bdo>4</bdo><ul><li><input></li></ul></p>'
    )
    kept = (
        '<p class="MsoNormal">信息公开年报123<br><img src="x.png"><body><blockquote><bdo>4</bdo>'
        "<ul><li><input></li></ul></p>"
    )
    assert reader._DROPPED.sub(b"", page.encode()) == kept.encode()
