"""The narrative of the annual report: drafted from the figures, with the numbers as placeholders.

The office edits the draft freely, but a figure in the text is written as a placeholder such as
``{{applications.new_this_year.total}}`` and filled from the computed tables when the report is
shown or rendered — so the text and the tables cannot drift apart. Pure: no Django.
"""

from __future__ import annotations

import re
from decimal import Decimal

from gongkai.report import format as fmt

PLACEHOLDER = re.compile(r"\{\{\s*([^{}\s]+)\s*\}\}")


def _show(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        value = Decimal(str(value))
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    return str(value)


def _ten_thousands(value) -> str:
    if value is None:
        return "—"
    return _show(round(Decimal(value) / Decimal(10000), 1)).rstrip("0").rstrip(".") if value else "0"


def placeholder_values(tables: dict, figures: dict) -> dict[str, str]:
    """Return every value the narrative may cite, keyed by its placeholder name."""
    values: dict[str, str] = {}
    for section, row, cell in fmt.all_cell_paths():
        value = ((tables.get(section) or {}).get(row) or {}).get(cell)
        values[f"{section}.{row}.{cell}"] = _show(value)
    remedies = tables.get("remedies") or {}
    litigation = [
        (remedies.get(g) or {}).get("total")
        for g in ("litigation_direct", "litigation_after_reconsideration")
    ]
    values["remedies.litigation.total"] = (
        _show(sum(litigation)) if all(v is not None for v in litigation) else "—"
    )
    web = figures.get("web") or {}
    values["web.total"] = _show(web.get("total"))
    for column in web.get("columns", []):
        values[f"web.column.{column['name']}"] = _show(column["count"])
    for column in web.get("first_columns", []):
        values[f"web.first_column.{column['name']}"] = _show(column["count"])
    for channel in figures.get("channels", []):
        key = channel["channel"]
        values[f"media.{key}.posts"] = _show(channel.get("count"))
        values[f"media.{key}.followers_start"] = _show(channel.get("followers_start"))
        values[f"media.{key}.followers_end"] = _show(channel.get("followers_end"))
        values[f"media.{key}.followers_start_10k"] = _ten_thousands(channel.get("followers_start"))
        values[f"media.{key}.followers_end_10k"] = _ten_thousands(channel.get("followers_end"))
    values["fee.yuan"] = _show(figures.get("fee_yuan"))
    values["year"] = _show(figures.get("year"))
    return values


_MEDIA_LABELS = {
    "posts": "发布条数",
    "followers_start": "年初关注人数",
    "followers_end": "年末关注人数",
    "followers_start_10k": "年初关注人数（万人）",
    "followers_end_10k": "年末关注人数（万人）",
}


def placeholder_label(key: str) -> str:
    """Return the Chinese name of a placeholder, shown beside it where the office edits the text."""
    parts = key.split(".")
    if len(parts) == 3 and parts[0] in ("proactive", "applications", "remedies"):
        try:
            return fmt.cell_label(*parts)
        except (KeyError, StopIteration):
            pass
    if key == "remedies.litigation.total":
        return "四 行政诉讼 · 总计"
    if key == "web.total":
        return "网站发布信息总数"
    if key.startswith("web.column."):
        return f"栏目“{key.removeprefix('web.column.')}”发布条数"
    if parts[0] == "media" and len(parts) == 3:
        return f"政务新媒体 · {_MEDIA_LABELS.get(parts[2], '数据')}"
    return {"fee.yuan": "收取信息处理费（元）", "year": "报告年度"}.get(key, "数据项")


def unknown_placeholders(text: str, values: dict[str, str]) -> list[str]:
    return sorted({m.group(1) for m in PLACEHOLDER.finditer(text or "") if m.group(1) not in values})


def fill(text: str, values: dict[str, str]) -> str:
    """Replace each placeholder with its figure; an unknown one stays visible as 【未知数据项】."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), f"【未知数据项：{m.group(1)}】"), text or "")


def draft_text(*, agency: str, year: int, figures: dict) -> dict[str, str]:
    """Draft sections 一, 五 and 六 in the order the Report Format asks (RULES.md §6)."""
    web = figures.get("web") or {}
    # Each document once, in its first column (a document in two columns is not counted twice,
    # so the columns never add up to more than the total: the seed report's 612 vs 648).
    first = "first_columns" if "first_columns" in web else "columns"
    key = "web.first_column" if first == "first_columns" else "web.column"
    columns = [c for c in web.get(first, []) if c.get("count")]
    column_part = "，".join(f"《{c['name']}》栏目{{{{{key}.{c['name']}}}}}条" for c in columns)
    proactive = f"（一）主动公开。{year}年，{agency}通过政府网站主动公开政府信息{{{{web.total}}}}条"
    proactive += f"，其中（按首个发布栏目统计）{column_part}。" if column_part else "。"
    media = [c for c in figures.get("channels", []) if c["channel"] != "website"]
    if media:
        parts = []
        for c in media:
            key = c["channel"]
            sentence = f"{c['label']}发布信息{{{{media.{key}.posts}}}}条"
            if c.get("followers_start") is not None and c.get("followers_end") is not None:
                sentence += f"，关注人数由年初的{{{{media.{key}.followers_start}}}}人变为年末的{{{{media.{key}.followers_end}}}}人"
            parts.append(sentence)
        proactive += "通过政务新媒体公开信息：" + "；".join(parts) + "。"
    proactive += (
        "本年制发行政规范性文件{{proactive.normative_documents.issued}}件，废止{{proactive.normative_documents.repealed}}件，"
        "现行有效{{proactive.normative_documents.valid}}件；作出行政许可决定{{proactive.licensing.decisions}}件、"
        "行政处罚决定{{proactive.penalty.decisions}}件、行政强制决定{{proactive.coercion.decisions}}件。"
    )
    applications = (
        f"（二）依申请公开。{year}年全年共受理依申请公开{{{{applications.new_this_year.total}}}}件，"
        "上年结转{{applications.carried_over.total}}件，办结{{applications.total_handled.total}}件，"
        "其中予以公开{{applications.disclosed.total}}件、部分公开{{applications.partially_disclosed.total}}件；"
        "结转下年度继续办理{{applications.carried_forward.total}}件。"
        "因政府信息公开被申请行政复议{{remedies.reconsideration.total}}件，被提起行政诉讼{{remedies.litigation.total}}件。"
    )
    management = (
        "（三）政府信息管理。依据本机关“三定”方案、权责清单和实际工作职责，更新政务公开全清单，"
        "严格落实公开属性源头认定和保密审查，规范性文件按规定标注有效性。"
    )
    platform = (
        "（四）政府信息公开平台建设。持续优化政府网站栏目设置，落实信息发布“三审三校”机制，"
        "加强政务新媒体管理，及时更新各栏目内容。"
    )
    supervision = (
        "（五）监督保障。常态化开展政务公开工作监督检查，定期检查网站栏目更新情况，"
        "组织政务公开业务培训，按时编制并公布政府信息公开工作年度报告，接受社会监督。"
    )
    overview = "\n".join([proactive, applications, management, platform, supervision])
    problems = (
        f"{year}年，本机关政府信息公开工作仍存在公开内容的广度和时效性有待提高等问题（请办公室据实修改）。"
        "针对上年度报告提出的问题，已逐项落实整改（请写明整改情况）。下一步，将进一步加强组织领导，"
        "提升政务公开规范化、标准化水平，强化政策解读。"
    )
    other = f"依据《政府信息公开信息处理费管理办法》，{year}年本机关收取信息处理费{{{{fee.yuan}}}}元。"
    return {"overview": overview, "problems": problems, "other": other}
