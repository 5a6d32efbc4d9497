"""The annual-report format of 国办公开办函〔2021〕30号, as data.

This module is the one definition of the statutory format: section titles, the tables of
sections 二, 三 and 四, their cell codes (docs/domain/CODES.md) and Chinese labels. Renderers,
readers, checks, the report generator and the database outcome codes all read it; no other
module spells a label or a code of the format.

Pure: imports nothing from Django.
"""

from __future__ import annotations

from dataclasses import dataclass

FORMAT_2021 = "2021"
FORMAT_2019 = "2019"  # 国办公开办函〔2019〕60号 template, recognised but not modelled
FORMAT_PRE_2019 = "pre-2019"  # free-form reports with a 政府信息公开情况统计表

FORMAT_NAMES = {
    FORMAT_2021: "国办公开办函〔2021〕30号格式",
    FORMAT_2019: "国办公开办函〔2019〕60号格式（2019—2020年度旧格式）",
    FORMAT_PRE_2019: "2019年以前的自由格式（政府信息公开情况统计表）",
}


@dataclass(frozen=True)
class Section:
    key: str  # "overview", "proactive", ... also the key of narrative text where there is one
    number: str  # 一 … 六
    title: str  # the fixed title without its number

    @property
    def heading(self) -> str:
        return f"{self.number}、{self.title}"


SECTIONS: tuple[Section, ...] = (
    Section("overview", "一", "总体情况"),
    Section("proactive", "二", "主动公开政府信息情况"),
    Section("applications", "三", "收到和处理政府信息公开申请情况"),
    Section("remedies", "四", "政府信息公开行政复议、行政诉讼情况"),
    Section("problems", "五", "存在的主要问题及改进情况"),
    Section("other", "六", "其他需要报告的事项"),
)
SECTION_BY_KEY = {s.key: s for s in SECTIONS}

# Narrative parts (JSON "text" keys) and the section each belongs to.
TEXT_KEYS: tuple[str, ...] = ("overview", "problems", "other")

# Section 一 covers, in order, these five parts (RULES.md §6).
OVERVIEW_PARTS: tuple[tuple[str, str], ...] = (
    ("proactive", "（一）主动公开"),
    ("applications", "（二）依申请公开"),
    ("management", "（三）政府信息管理"),
    ("platform", "（四）政府信息公开平台建设"),
    ("supervision", "（五）监督保障"),
)


# --- Section 二 -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    code: str
    label: str
    decimal: bool = False  # fees are a decimal amount in 万元; everything else is a count


@dataclass(frozen=True)
class ProactiveRow:
    code: str
    label: str
    aliases: tuple[str, ...] = ()  # labels seen in published reports


@dataclass(frozen=True)
class ProactiveTable:
    item: str  # 第二十条第（一）项
    cells: tuple[Cell, ...]
    rows: tuple[ProactiveRow, ...]
    first_header: str = "信息内容"

    @property
    def header(self) -> tuple[str, ...]:
        return (self.first_header, *(c.label for c in self.cells))


_DOC_CELLS = (
    Cell("issued", "本年制发件数"),
    Cell("repealed", "本年废止件数"),
    Cell("valid", "现行有效件数"),
)
_DECISIONS = (Cell("decisions", "本年处理决定数量"),)

PROACTIVE_TABLES: tuple[ProactiveTable, ...] = (
    ProactiveTable(
        "第二十条第（一）项",
        _DOC_CELLS,
        (
            ProactiveRow("rules", "规章"),
            ProactiveRow("normative_documents", "行政规范性文件", aliases=("规范性文件",)),
        ),
    ),
    ProactiveTable("第二十条第（五）项", _DECISIONS, (ProactiveRow("licensing", "行政许可"),)),
    ProactiveTable(
        "第二十条第（六）项",
        _DECISIONS,
        (ProactiveRow("penalty", "行政处罚"), ProactiveRow("coercion", "行政强制")),
    ),
    ProactiveTable(
        "第二十条第（八）项",
        (Cell("amount_10k_yuan", "本年收费金额（单位：万元）", decimal=True),),
        (ProactiveRow("fees", "行政事业性收费"),),
    ),
)

PROACTIVE_ROWS: dict[str, tuple[ProactiveTable, ProactiveRow]] = {
    row.code: (table, row) for table in PROACTIVE_TABLES for row in table.rows
}


def proactive_cells(row_code: str) -> tuple[Cell, ...]:
    return PROACTIVE_ROWS[row_code][0].cells


# --- Section 三 -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    code: str
    label: str
    organisation: bool = False  # one of the five kinds of 法人或其他组织


APPLICANT_COLUMNS: tuple[Column, ...] = (
    Column("natural", "自然人"),
    Column("commercial", "商业企业", True),
    Column("research", "科研机构", True),
    Column("social_welfare", "社会公益组织", True),
    Column("legal_services", "法律服务机构", True),
    Column("other", "其他", True),
    Column("total", "总计"),
)
APPLICANT_CATEGORIES: tuple[str, ...] = tuple(c.code for c in APPLICANT_COLUMNS if c.code != "total")
COLUMN_BY_CODE = {c.code: c for c in APPLICANT_COLUMNS}
APPLICANT_HEADER = "申请人情况"
ORGANISATION_HEADER = "法人或其他组织"
APPLICATIONS_NOTE = "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)"
OUTCOME_HEADER = "三、本年度办理结果"


@dataclass(frozen=True)
class Row:
    code: str
    label: str  # the label as printed in its own cell (innermost level)
    group: str = ""  # the merged group label for outcome rows, e.g. "（三）不予公开"
    outcome: bool = False  # one of the 21 outcome codes

    @property
    def full_label(self) -> str:
        return f"{self.group}{self.label}" if self.group else self.label


_W = "（三）不予公开"
_U = "（四）无法提供"
_N = "（五）不予处理"
_O = "（六）其他处理"

APPLICATION_ROWS: tuple[Row, ...] = (
    Row("new_this_year", "一、本年新收政府信息公开申请数量"),
    Row("carried_over", "二、上年结转政府信息公开申请数量"),
    Row("disclosed", "（一）予以公开", outcome=True),
    Row("partially_disclosed", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", outcome=True),
    Row("withheld.state_secret", "1.属于国家秘密", _W, True),
    Row("withheld.prohibited_by_law", "2.其他法律行政法规禁止公开", _W, True),
    Row("withheld.security_stability", "3.危及“三安全一稳定”", _W, True),
    Row("withheld.third_party_rights", "4.保护第三方合法权益", _W, True),
    Row("withheld.internal_affairs", "5.属于三类内部事务信息", _W, True),
    Row("withheld.process_information", "6.属于四类过程性信息", _W, True),
    Row("withheld.enforcement_file", "7.属于行政执法案卷", _W, True),
    Row("withheld.administrative_query", "8.属于行政查询事项", _W, True),
    Row("unavailable.not_held", "1.本机关不掌握相关政府信息", _U, True),
    Row("unavailable.needs_creation", "2.没有现成信息需要另行制作", _U, True),
    Row("unavailable.still_unclear", "3.补正后申请内容仍不明确", _U, True),
    Row("not_handled.petition", "1.信访举报投诉类申请", _N, True),
    Row("not_handled.repeat", "2.重复申请", _N, True),
    Row("not_handled.publication", "3.要求提供公开出版物", _N, True),
    Row("not_handled.excessive", "4.无正当理由大量反复申请", _N, True),
    Row("not_handled.confirmation", "5.要求行政机关确认或重新出具已获取信息", _N, True),
    Row(
        "otherwise_closed.no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        _O,
        True,
    ),
    Row(
        "otherwise_closed.fee_unpaid",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        _O,
        True,
    ),
    Row("otherwise_closed.other", "3.其他", _O, True),
    Row("total_handled", "（七）总计"),
    Row("carried_forward", "四、结转下年度继续办理"),
)
ROW_BY_CODE = {r.code: r for r in APPLICATION_ROWS}
OUTCOME_CODES: tuple[str, ...] = tuple(r.code for r in APPLICATION_ROWS if r.outcome)
OUTCOME_GROUPS: tuple[str, ...] = ("（一）予以公开", "（二）部分公开", _W, _U, _N, _O)

# Chinese labels of the outcome codes for forms and lists (group + item, no numbering noise).
OUTCOME_CHOICES: tuple[tuple[str, str], ...] = tuple(
    (r.code, (r.group[3:] + "：" + r.label.split(".", 1)[-1]) if r.group else r.label[3:].split("（")[0])
    for r in APPLICATION_ROWS
    if r.outcome
)

# --- Section 四 -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RemedyGroup:
    code: str
    label: str
    parent: str = ""  # 行政诉讼 for the two litigation groups


REMEDY_GROUPS: tuple[RemedyGroup, ...] = (
    RemedyGroup("reconsideration", "行政复议"),
    RemedyGroup("litigation_direct", "未经复议直接起诉", "行政诉讼"),
    RemedyGroup("litigation_after_reconsideration", "复议后起诉", "行政诉讼"),
)
REMEDY_CELLS: tuple[Cell, ...] = (
    Cell("upheld", "结果维持"),
    Cell("corrected", "结果纠正"),
    Cell("other", "其他结果"),
    Cell("pending", "尚未审结"),
    Cell("total", "总计"),
)
REMEDY_PARTS: tuple[str, ...] = ("upheld", "corrected", "other", "pending")

# --- Every cell ------------------------------------------------------------------------------


def all_cell_paths() -> list[tuple[str, str, str]]:
    """Return (section, row, cell) for every numeric cell, in printed order.

    Section is "proactive", "applications" or "remedies"; this order is the CSV column order.
    """
    paths: list[tuple[str, str, str]] = []
    for table in PROACTIVE_TABLES:
        for row in table.rows:
            paths.extend(("proactive", row.code, c.code) for c in table.cells)
    for row in APPLICATION_ROWS:
        paths.extend(("applications", row.code, col.code) for col in APPLICANT_COLUMNS)
    for group in REMEDY_GROUPS:
        paths.extend(("remedies", group.code, c.code) for c in REMEDY_CELLS)
    return paths


def cell_label(section: str, row: str, cell: str) -> str:
    """Return a human label for one cell, e.g. "三 予以公开 · 自然人"."""
    if section == "proactive":
        table, prow = PROACTIVE_ROWS[row]
        cell_obj = next(c for c in table.cells if c.code == cell)
        return f"二 {prow.label} · {cell_obj.label}"
    if section == "applications":
        r = ROW_BY_CODE[row]
        return f"三 {r.full_label} · {COLUMN_BY_CODE[cell].label}"
    group = next(g for g in REMEDY_GROUPS if g.code == row)
    cell_obj = next(c for c in REMEDY_CELLS if c.code == cell)
    return f"四 {group.parent}{group.label} · {cell_obj.label}"


def location_label(path: str) -> str:
    """Return where a finding points ("applications.new_this_year.total") in the report's own words."""
    parts = [p for p in (path or "").split(".") if p]
    if not parts:
        return ""
    if len(parts) == 3:
        try:
            return cell_label(*parts)
        except (KeyError, StopIteration):
            pass
    section = next((s for s in SECTIONS if s.key == parts[0]), None)
    if section is None:
        return "报告其他部分"
    label = section.heading
    if len(parts) >= 2:
        if parts[0] == "applications" and parts[1] in ROW_BY_CODE:
            label += f" · {ROW_BY_CODE[parts[1]].full_label}"
        elif parts[0] == "proactive" and parts[1] in PROACTIVE_ROWS:
            label += f" · {PROACTIVE_ROWS[parts[1]][1].label}"
        else:
            group = next((g for g in REMEDY_GROUPS if g.code == parts[1]), None)
            if group is not None:
                label += f" · {group.parent}{group.label}"
    return label
