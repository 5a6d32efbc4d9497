"""The renderer entry point, the JSON export and the CSV export."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from decimal import Decimal

import pytest
from test_render_fixture import luoyang_report, sparse_report

from gongkai.report import format as fmt
from gongkai.report.model import Report
from gongkai.report.render import BINARY_FORMATS, FORMATS, MEDIA_TYPES, UnknownFormatError, render
from gongkai.report.render import csv as render_csv

# --- Entry point -------------------------------------------------------------------------------


def test_formats_are_the_seven_outputs_in_order():
    assert FORMATS == ("txt", "md", "html", "docx", "pdf", "json", "csv")
    assert set(MEDIA_TYPES) == set(FORMATS)
    assert BINARY_FORMATS == {"docx", "pdf"}


@pytest.mark.parametrize("name", [f for f in FORMATS if f != "pdf"])  # pdf: test_render_pdf.py
def test_render_dispatches_to_the_format_module(name):
    output = render(luoyang_report(), name)
    assert isinstance(output, bytes if name in BINARY_FORMATS else str)
    module = sys.modules[f"gongkai.report.render.{name}"]
    assert output == module.render(luoyang_report())


def test_unknown_format_is_refused_with_the_known_ones_named():
    with pytest.raises(UnknownFormatError, match="txt、md、html"):
        render(luoyang_report(), "xlsx")
    with pytest.raises(ValueError):
        render(luoyang_report(), "TXT")


# --- JSON --------------------------------------------------------------------------------------


def test_json_is_the_codes_md_layout_and_round_trips():
    report = luoyang_report()
    text = render(report, "json")
    assert text == report.to_json()
    data = json.loads(text)
    assert data["proactive"]["fees"] == {"amount_10k_yuan": 3881.372}
    assert data["remedies"]["litigation_direct"] == {
        "upheld": 0,
        "corrected": 0,
        "other": 1,
        "pending": 0,
        "total": 1,
    }
    again = Report.from_json(text)
    assert again.cells() == report.cells()
    assert again.get("proactive", "fees", "amount_10k_yuan") == Decimal("3881.372")


def test_json_keeps_unknown_cells_null():
    data = json.loads(render(sparse_report(), "json"))
    assert data["proactive"]["normative_documents"]["repealed"] is None


# --- CSV ---------------------------------------------------------------------------------------


def _read(text: str) -> list[list[str]]:
    """Return the rows, the header reduced to the codes that follow the Chinese names."""
    header, *rows = csv.reader(io.StringIO(text, newline=""))
    return [[render_csv.column_code(name) for name in header], *rows]


def test_csv_has_one_header_and_one_data_row_named_by_cell_path():
    header, row, *rest = _read(render(luoyang_report(), "csv"))
    assert rest == []
    assert header[:3] == ["agency", "year", "format"]
    assert header[3:] == [".".join(p) for p in fmt.all_cell_paths()]
    assert "applications.withheld.state_secret.natural" in header
    assert row[:3] == ["洛阳市教育局", "2023", "2021"]
    values = dict(zip(header, row, strict=True))
    assert values["proactive.licensing.decisions"] == "4255"
    assert values["proactive.fees.amount_10k_yuan"] == "3881.372"
    assert values["applications.total_handled.total"] == "5"
    assert values["remedies.reconsideration.pending"] == "1"


def test_csv_every_cell_and_unknown_cells_empty():
    report = sparse_report()
    header, row = _read(render(report, "csv"))
    values = dict(zip(header, row, strict=True))
    for (section, row_code, cell), value in report.cells():
        printed = values[f"{section}.{row_code}.{cell}"]
        assert printed == ("" if value is None else str(value))
    assert values["agency"] == report.agency  # quotes, pipes and angle brackets survive quoting


def test_csv_of_many_reports_with_a_source_column():
    buffer = io.StringIO(newline="")
    rows = [(luoyang_report(), ("a.txt",)), (sparse_report(), ("b,c.html",))]
    written = render_csv.write_csv(buffer, rows, extra=("source",))
    assert written == 2
    header, first, second = _read(buffer.getvalue())
    assert header == [render_csv.column_code(c) for c in render_csv.csv_header(extra=("source",))]
    assert header[:4] == ["source", "agency", "year", "format"]
    assert first[:2] == ["a.txt", "洛阳市教育局"] and second[0] == "b,c.html"
    assert first == render_csv.csv_row(luoyang_report(), ("a.txt",))


def test_csv_header_names_every_column_in_chinese_then_its_code():
    header = next(csv.reader(io.StringIO(render(luoyang_report(), "csv"), newline="")))
    assert header[:3] == ["机关 (agency)", "年度 (year)", "格式 (format)"]
    assert "三 （三）不予公开1.属于国家秘密 · 自然人 (applications.withheld.state_secret.natural)" in header
    assert all(re.search(r"[\u4e00-\u9fff]", name) for name in header), header
    assert len(set(header)) == len(header)


def test_csv_refuses_extra_values_that_do_not_match_the_columns():
    with pytest.raises(ValueError, match="附加列"):
        render_csv.write_csv(io.StringIO(), [(luoyang_report(), ())], extra=("source",))


def test_csv_year_unknown_is_empty():
    assert render_csv.csv_row(Report(agency="某局", year=None))[:3] == ["某局", "", "2021"]
