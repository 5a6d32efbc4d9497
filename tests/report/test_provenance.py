"""Provenance: every number read says where it is printed, and the views mark that place."""

from __future__ import annotations

import json
import random

import pytest

from gongkai.report import audit
from gongkai.report.corpus import LAYOUTS, random_report, write
from gongkai.report.read import read_report
from gongkai.report.render.layout import format_number
from gongkai.report.render.source import render_findings, render_source

TEXT_LAYOUTS = tuple(layout.name for layout in LAYOUTS if layout.kind in ("text", "md"))
TABLE_LAYOUTS = ("cms_html", "word_html", "docx_title_elsewhere")


def _read(layout: str, seed: int = 5):
    rng = random.Random(seed)
    sample = write(random_report(rng), layout, rng)
    return sample, read_report(sample.data, source=sample.name).report


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
def test_a_text_cell_points_at_its_digits(layout: str) -> None:
    _, report = _read(layout)
    known = [(".".join(p), v) for p, v in report.cells() if v is not None]
    located = 0
    for path, value in known:
        where = report.provenance.get(path)
        if where is None:
            continue
        located += 1
        line = report.source_lines[where["line"] - 1]
        assert line[where["start"] : where["end"]] == format_number(value), path
    assert located >= 0.95 * len(known)


@pytest.mark.parametrize("layout", TABLE_LAYOUTS)
def test_a_table_cell_points_at_its_table_row_and_column(layout: str) -> None:
    _, report = _read(layout)
    for path, value in report.cells():
        if value is None:
            continue
        where = report.provenance[".".join(path)]
        assert where["kind"] == "table"
        text = report.source_tables[where["table"] - 1][where["row"] - 1][where["column"] - 1]
        assert text.replace("\xa0", "").strip() == format_number(value), path


def test_a_pdf_cell_has_its_page_and_box() -> None:
    _, report = _read("pdf", 2)
    where = report.provenance["applications.new_this_year.total"]
    assert where["kind"] == "pdf" and where["page"] >= 1
    x0, top, x1, bottom = where["box"]
    assert 0 < x0 < x1 < 600 and 0 < top < bottom < 850
    line = report.source_lines[where["line"] - 1]
    assert line[where["start"] : where["end"]] == str(report.applications["new_this_year"]["total"])


def test_the_json_output_carries_provenance_and_the_cells_of_each_finding(tmp_path, capsys) -> None:
    sample, _ = _read("web_copy")
    text = sample.data.decode().replace(
        "\n一、本年新收政府信息公开申请数量\t\t", "\n一、本年新收政府信息公开申请数量\t\t9", 1
    )
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    audit.main([str(tmp_path / "r.txt"), "--json", "--no-progress"])
    [result] = json.loads(capsys.readouterr().out)
    assert result["provenance"]["applications.new_this_year.total"]["kind"] == "text"
    broken = [f for f in result["findings"] if f["id"] == "report.E005"]
    assert broken and "applications.new_this_year.natural" in broken[0]["cells"]


def test_the_source_view_marks_each_number_and_escapes_the_text() -> None:
    html = render_source({"a.b.c": {"kind": "text", "line": 1, "start": 3, "end": 5}}, ["<b>12"], [])
    assert '&lt;b&gt;<span class="gk-src" data-src="a.b.c"' in html and ">12</span>" in html
    findings = render_findings(
        [{"id": "x", "level": "error", "message": "<i>", "location": "", "cells": ["a.b.c"]}]
    )
    assert 'data-cells="a.b.c"' in findings and "&lt;i&gt;" in findings


def test_audit_html_writes_a_page_per_report_and_an_index(tmp_path) -> None:
    for layout in ("web_copy", "cms_html"):
        sample, _ = _read(layout)
        (tmp_path / sample.name).write_bytes(sample.data)
    out = tmp_path / "site"
    assert audit.main([str(tmp_path), "--html", str(out), "--no-progress"]) == 0
    pages = sorted(p.name for p in out.glob("0*.html"))
    assert len(pages) == 2
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(page in index for page in pages)
    page = (out / pages[0]).read_text(encoding="utf-8")
    assert 'data-cell="applications.new_this_year.total"' in page
    assert 'data-src="applications.new_this_year.total"' in page
    assert '<script src="provenance.js" defer></script>' in page and "<script>" not in page
    assert (out / "provenance.js").exists() and (out / "report.css").exists()
