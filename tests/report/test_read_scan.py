"""Scanned reports (issue 11, point 4): an image-only PDF made from a generated report (the
project's PDF, rasterised) is read by OCR — table cells by their rules, words by their boxes —
and every cell is exact or unknown, never wrong.

Tesseract (tesseract-ocr + tesseract-ocr-chi-sim) is installed by `.ci/run`; without it these
tests skip, except on CI (CI=true), where its absence is a failure.
"""

from __future__ import annotations

import os
import random

import pytest

from gongkai.report.corpus import random_report, score, write
from gongkai.report.model import Report
from gongkai.report.read import ocr, read_report
from gongkai.report.read.pdf import _distrust_totals
from gongkai.report.read.structured import NO_TEXT_LAYER, OCR_TOTALS, READ_BY_OCR

# Exact share on the scan read here: issue 11 asks ≥98% (bench/report_readers.py --layout scan
# prints it over more reports).
SCAN_EXACT = 0.98


@pytest.fixture(scope="module")
def scan():
    if not ocr.available() and not os.environ.get("CI"):
        pytest.skip(
            "tesseract with chi_sim is not installed (apt install tesseract-ocr tesseract-ocr-chi-sim)"
        )
    rng = random.Random(0)
    sample = write(random_report(rng), "scan", rng)
    return sample, read_report(sample.data, source=sample.name)


def test_a_scan_is_read_by_ocr_exact_or_unknown(scan) -> None:
    sample, result = scan
    found = score(sample.expected, result.report)
    assert found.wrong_cells == []
    assert found.exact_share >= SCAN_EXACT
    assert result.report.year == sample.report.year
    assert result.findings[0].id == READ_BY_OCR
    assert not [f for f in result.findings if f.is_error]


def test_ocr_cells_say_where_they_stand_on_the_page(scan) -> None:
    _, result = scan
    where = [w for w in result.report.provenance.values() if w.get("kind") == "ocr"]
    assert len(where) > 100
    assert all(w["page"] >= 1 and len(w["box"]) == 4 and w["box"][0] < w["box"][2] for w in where)


def test_without_tesseract_a_scan_is_an_error_that_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "available", lambda: False)
    rng = random.Random(1)
    sample = write(random_report(rng), "scan", rng)
    result = read_report(sample.data, source=sample.name)
    assert [f.id for f in result.findings] == [NO_TEXT_LAYER]
    assert "扫描件" in result.findings[0].message and "OCR" in result.findings[0].message


def test_totals_that_disagree_after_ocr_make_their_cells_unknown() -> None:
    report = random_report(random.Random(5))
    report.set(
        "applications", "disclosed", "natural", (report.get("applications", "disclosed", "natural") or 0) + 1
    )
    report.set(
        "remedies", "reconsideration", "total", (report.get("remedies", "reconsideration", "total") or 0) + 1
    )
    findings = _distrust_totals(report)
    assert {f.id for f in findings} == {OCR_TOTALS}
    assert set(report.applications["disclosed"].values()) == {None}
    assert set(report.remedies["reconsideration"].values()) == {None}
    assert report.remedies["litigation_direct"]["total"] is not None


def test_a_consistent_report_keeps_every_cell() -> None:
    report = random_report(random.Random(6))
    before = Report.from_json(report.to_json())
    assert _distrust_totals(report) == []
    assert [v for _, v in report.cells()] == [v for _, v in before.cells()]
