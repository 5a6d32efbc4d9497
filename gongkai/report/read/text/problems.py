"""The findings of the text reader: stable ids and their Chinese messages.

Ids shared with the grid reader (`..grid`) keep the same meaning there, so the auditor counts
an empty cell the same way whatever the file format was:

==========  =======  =====================================================================
id          level    meaning
==========  =======  =====================================================================
read.W201   warning  a cell printed blank or as —, -, / or 无: unknown, not 0
read.W202   warning  a cell that is no number
read.I203   info     a number with a note, e.g. 22（其中修订16件）: the number is kept
read.W204   warning  the same row printed twice with different numbers (the first is kept)
read.W205   warning  a row of a found table that is not in the text
read.W206   warning  a row found with more or fewer numbers than it has cells
read.W207   warning  a statutory table not found at all
read.W209   warning  numbers that belong to no row that could be told
read.E301   error    the text is not a 政府信息公开工作年度报告
read.E302   error    a section of the report is missing (neither its heading nor its table)
read.W301   warning  the report follows an earlier template (2019–2020 or before 2019):
                     recognised, its tables not read into the 2021 model
read.W302   warning  digits run together (crawler text) that several cuts explain: unknown
read.W303   warning  digits run together that no cut consistent with the totals explains
read.W304   warning  a section heading is missing; its table was found by its content
read.I301   info     a run of digits was cut by the identities across rows of section 三
read.I302   info     the title names no agency or year
read.W305   warning  a section heading in the agency's own words or under another number
read.W306   warning  a group of section 三 printed as one row: its items are unknown unless 0
==========  =======  =====================================================================

Pure: imports nothing from Django.
"""

from __future__ import annotations

from ... import format as fmt
from ...findings import Finding, error, info, warning

CELL_EMPTY = "read.W201"
CELL_UNREADABLE = "read.W202"
CELL_ANNOTATED = "read.I203"
ROW_CONFLICT = "read.W204"
ROW_MISSING = "read.W205"
ROW_CELL_COUNT = "read.W206"
TABLE_MISSING = "read.W207"
UNPLACED = "read.W209"
NOT_A_REPORT = "read.E301"
SECTION_MISSING = "read.E302"
OLD_FORMAT = "read.W301"
SPLIT_AMBIGUOUS = "read.W302"
SPLIT_IMPOSSIBLE = "read.W303"
HEADING_MISSING = "read.W304"
SPLIT_BY_IDENTITY = "read.I301"
NO_TITLE = "read.I302"
SECTION_VARIANT = "read.W305"
GROUP_ROW = "read.W306"

_SECTION = {s.key: s for s in fmt.SECTIONS}
_TABLE_NAMES = {
    "proactive": "主动公开政府信息情况表",
    "applications": "收到和处理政府信息公开申请情况表",
    "remedies": "政府信息公开行政复议、行政诉讼情况表",
}


def row_name(section: str, row: str, column: str = "") -> str:
    """Return a row's printed name for a message ("三 （三）不予公开1.属于国家秘密")."""
    if column and section == "remedies" and not row:  # a line of a transposed section 四
        return "四 " + next(c.label for c in fmt.REMEDY_CELLS if c.code == column)
    if section == "applications":
        return f"三 {fmt.ROW_BY_CODE[row].full_label}"
    if section == "proactive":
        return f"二 {fmt.PROACTIVE_ROWS[row][1].label}"
    if not row:
        return "四 行政复议、行政诉讼"
    group = next(g for g in fmt.REMEDY_GROUPS if g.code == row)
    return f"四 {group.parent}{group.label}"


def not_a_report() -> Finding:
    return error(NOT_A_REPORT, "不是政府信息公开工作年度报告：没有找到年度报告的章节标题或统计表。")


def old_format(form: str) -> Finding:
    return warning(
        OLD_FORMAT,
        f"本报告采用{fmt.FORMAT_NAMES[form]}，与现行（2021）格式的表格不同；已识别格式，未按现行格式读取表格数字。",
    )


def section_missing(section: str) -> Finding:
    s = _SECTION[section]
    return error(SECTION_MISSING, f"缺少第{s.number}部分“{s.title}”。", section)


def group_row(group: str, numbers: str) -> Finding:
    return warning(
        GROUP_ROW,
        f"第三部分“{group}”只印了一行合计（{numbers}），没有分项；合计为 0 的列各分项为 0，其余分项为未知。",
        "applications",
    )


def section_variant(section: str, printed: str) -> Finding:
    s = _SECTION[section]
    return warning(
        SECTION_VARIANT,
        f"第{s.number}部分“{s.title}”的标题印为“{printed.strip()}”（改名或改号），已按内容识别。",
        section,
    )


def section_by_content(section: str) -> Finding:
    s = _SECTION[section]
    return warning(
        HEADING_MISSING,
        f"没有找到第{s.number}部分“{s.title}”的标题，但正文中有其内容，已按内容识别。",
        section,
    )


def heading_missing(section: str) -> Finding:
    s = _SECTION[section]
    return warning(
        HEADING_MISSING, f"没有找到第{s.number}部分“{s.title}”的标题，已按内容识别其表格。", section
    )


def table_missing(section: str) -> Finding:
    return warning(TABLE_MISSING, f"没有找到{_TABLE_NAMES[section]}，其中各数均为未知。", section)


def row_missing(section: str, row: str, column: str = "") -> Finding:
    return warning(
        ROW_MISSING,
        f"表格中没有找到“{row_name(section, row, column)}”一行，该行各数为未知。",
        section,
        row,
        column,
    )


def cell_count(section: str, row: str, found: int, expected: int, column: str = "") -> Finding:
    return warning(
        ROW_CELL_COUNT,
        f"“{row_name(section, row, column)}”一行有 {found} 个数，应有 {expected} 个，"
        "无法确定各数所在的列，该行各数为未知。",
        section,
        row,
        column,
    )


def no_numbers(section: str, row: str) -> Finding:
    return warning(ROW_CELL_COUNT, f"“{row_name(section, row)}”一行没有数字，该行各数为未知。", section, row)


def cell_problem(problem: str, section: str, row: str, column: str, text: str = "") -> Finding:
    where = fmt.cell_label(section, row, column)
    if problem == "empty":
        return warning(
            CELL_EMPTY, f"{where} 为空（{text or '空白'}），按未知处理，不视为 0。", section, row, column
        )
    if problem == "annotated":
        return info(CELL_ANNOTATED, f"{where} 带有附注（{text}），取其中的数字。", section, row, column)
    return warning(CELL_UNREADABLE, f"{where} 无法识别为数字（{text}），按未知处理。", section, row, column)


def split_ambiguous(
    section: str, row: str, digits: str, column: str = "", *, partial: bool = False
) -> Finding:
    unknown = "各种拆分方式一致的列已读出，其余各数为未知" if partial else "该行各数为未知"
    return warning(
        SPLIT_AMBIGUOUS,
        f"“{row_name(section, row, column)}”一行的数字连在一起（{digits}），无法唯一拆分为各列，{unknown}。",
        section,
        row,
        column,
    )


def split_impossible(section: str, row: str, digits: str, column: str = "") -> Finding:
    return warning(
        SPLIT_IMPOSSIBLE,
        f"“{row_name(section, row, column)}”一行的数字连在一起（{digits}），没有与合计相符的拆分方式，"
        "该行各数为未知。",
        section,
        row,
        column,
    )


def split_by_identity(row: str, digits: str) -> Finding:
    return info(
        SPLIT_BY_IDENTITY,
        f"“{row_name('applications', row)}”一行的数字连在一起（{digits}），已按表内各行的勾稽关系拆分。",
        "applications",
        row,
    )


def conflict(section: str, row: str) -> Finding:
    return warning(
        ROW_CONFLICT,
        f"“{row_name(section, row)}”一行出现两次且数字不同，采用第一次出现的数字。",
        section,
        row,
    )


def unplaced(text: str, section: str = "") -> Finding:
    return warning(UNPLACED, f"有一组数字无法对应到表格中的行：{text[:60]}", section)


def no_title() -> Finding:
    return info(NO_TITLE, "标题中没有识别出机关名称或报告年度。")
