"""The reports the renderer tests print, and proof that the fixture's report is the fixture's.

``luoyang_report()`` is tests/fixtures/luoyang-education-2023.txt as a Report: its narrative
cut out of the file at the section headings, its printed numbers. ``sparse_report()`` has
unknown cells, a decimal and text that must be escaped. The other test_render_* modules import
both from here; the reader tests (test_read_docx, _html, _pdf) import ``fixture_report()``
(the printed numbers with a short narrative), ``distinct_report()`` and ``assert_same_cells()``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from gongkai.report import format as fmt
from gongkai.report.model import Report
from gongkai.report.render.layout import format_number

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "luoyang-education-2023.txt"
AGENCY = "洛阳市教育局"


def fixture_text() -> str:
    return FIXTURE.read_text(encoding="utf-8")


def fixture_table_lines() -> list[str]:
    """Return the fixture's table lines: every line holding a tab."""
    return [line for line in fixture_text().split("\n") if "\t" in line]


def _between(raw: str, start: str, end: str | None) -> str:
    i = raw.index(start) + len(start)
    return raw[i : raw.index(end, i) if end else len(raw)].strip()


def printed_numbers(report: Report) -> Report:
    """Set every cell of ``report`` to the number the fixture prints (0 where it prints 0)."""
    for path in fmt.all_cell_paths():
        report.set(*path, 0)
    for cell, value in zip(("issued", "repealed", "valid"), (1, 1, 6), strict=True):
        report.set("proactive", "normative_documents", cell, value)
    report.set("proactive", "licensing", "decisions", 4255)
    report.set("proactive", "fees", "amount_10k_yuan", Decimal("3881.372"))
    for row in ("new_this_year", "disclosed", "total_handled"):
        report.set("applications", row, "natural", 5)
        report.set("applications", row, "total", 5)
    for group, cell in (("reconsideration", "pending"), ("litigation_direct", "other")):
        report.set("remedies", group, cell, 1)
        report.set("remedies", group, "total", 1)
    return report


def luoyang_report() -> Report:
    """Build the fixture's report: narrative from the file, numbers as printed in it."""
    raw = fixture_text()
    headings = [s.heading for s in fmt.SECTIONS]
    report = Report(agency=AGENCY, year=2023)
    report.text = {
        "overview": _between(raw, headings[0], headings[1]),
        "problems": _between(raw, headings[4], headings[5]),
        "other": _between(raw, headings[5], None),
    }
    return printed_numbers(report)


# --- the reports the reader tests build their layouts from ------------------------------------------

READ_TEXT = {
    "overview": "2023 年在市委、市政府的领导下，积极推进政务公开工作。\n（一）主动公开。全年发布信息 612 条。",
    "problems": "信息公开内容广度、时效性有待进一步改进。",
    "other": "依据《政府信息公开信息处理费管理办法》，2023年本机关收取信息处理费为0元。",
}


def fixture_report() -> Report:
    """Return the numbers printed in the fixture with a short narrative (the reader tests' report)."""
    report = printed_numbers(Report(agency=AGENCY, year=2023))
    report.text = dict(READ_TEXT)
    return report


def distinct_report() -> Report:
    """Return a report whose 200 cells all differ, so a value in the wrong cell cannot pass."""
    report = fixture_report()
    for i, path in enumerate(fmt.all_cell_paths()):
        report.set(*path, 100 + i)
    report.set("proactive", "fees", "amount_10k_yuan", Decimal("12.35"))
    return report


def assert_same_cells(read: Report, expected: Report) -> None:
    wrong = [(path, value, read.get(*path)) for path, value in expected.cells() if read.get(*path) != value]
    assert wrong == [], f"{len(wrong)} cells differ, first: {wrong[:5]}"


def sparse_report() -> Report:
    """A report with unknown cells, a distinctive value in every cell, and hostile text.

    Every known cell holds a different number (its position 1, 2, 3 …), so a renderer that puts
    a figure in the wrong column cannot pass by accident.
    """
    report = Report(agency="测试<局>&“某”|机关", year=2024)
    report.text = {
        "overview": "第一段 <b>不是标签</b> & 符号。\n\n# 不是标题\n1. 不是列表",
        "problems": "",
        "other": "信息处理费为0元。",
    }
    for i, ((section, row, cell), _) in enumerate(report.cells(), start=1):
        report.set(section, row, cell, None if i % 5 == 0 else i)
    report.set("proactive", "fees", "amount_10k_yuan", Decimal("0.05"))
    return report


# --- The builder is faithful -------------------------------------------------------------------


def test_fixture_report_holds_every_number_printed_in_the_fixture_tables_in_order():
    # all_cell_paths() is the printed order, so the fixture's numeric fields read top to bottom,
    # left to right, are the report's cells in that order.
    printed = [f for line in fixture_table_lines() for f in line.split("\t") if re.fullmatch(r"[\d.]+", f)]
    cells = [format_number(v) for _, v in luoyang_report().cells()]
    assert printed == cells
    assert len(cells) == len(fmt.all_cell_paths()) == 10 + 25 * 7 + 15


def test_fixture_report_narrative_is_cut_at_the_section_headings():
    report = luoyang_report()
    assert report.text["overview"].startswith("2023 年在市委")
    assert report.text["overview"].endswith("接受社会公众和新闻媒体的监督。")
    assert report.text["problems"].startswith("2023年虽然我局")
    assert report.text["other"] == "依据《政府信息公开信息处理费管理办法》，2023年本机关收取信息处理费为0元。"


def test_sparse_report_has_unknown_cells_and_distinct_values():
    values = [v for _, v in sparse_report().cells()]
    assert values.count(None) == len(values) // 5 - 1  # every fifth cell but the fee (0.05)
    assert sparse_report().get("proactive", "fees", "amount_10k_yuan") == Decimal("0.05")
    known = [v for v in values if v is not None]
    assert len(set(known)) == len(known)
