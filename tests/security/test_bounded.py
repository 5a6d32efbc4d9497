"""Bounded parsing: caps before expansion, a capped worker process, fuzzed and bomb files.

Every failure must be bounded — a finding or a clear Chinese error, in seconds — never a crash
of the calling process or a runaway parse.
"""

from __future__ import annotations

import functools
import io
import os
import resource
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core import bounded
from gongkai.core.bounded import LimitExceeded, Limits, ParserCrashed, run_bounded
from gongkai.report import audit
from gongkai.report.read import read_report

FIXTURE = Path(__file__).parents[1] / "fixtures" / "luoyang-education-2023.txt"
SMALL = Limits(memory_mb=512, seconds=20)


def _hog(n: int) -> int:
    return len(bytearray(n))


def _spin() -> None:
    while True:
        pass


def _fail() -> None:
    raise ValueError("坏文件")


def span_bomb(rows: int = 3) -> bytes:
    cells = '<td colspan="1000" rowspan="1000">1</td>' * 10
    return ("<html><body><table>" + f"<tr>{cells}</tr>" * rows + "</table></body></html>").encode()


def zip_bomb_docx(inflated: int = 20 * 1024 * 1024) -> bytes:
    from docx import Document

    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("二〇二三年政府信息公开工作年度报告")
    document.save(buffer)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/media/zeros.bin", "w") as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(inflated // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


def pdf_declaring(pages: int) -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, NumberObject

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer._root_object["/Pages"][NameObject("/Count")] = NumberObject(pages)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# --- the worker process --------------------------------------------------------------------------


def test_the_result_comes_back_and_the_exception_is_raised_again() -> None:
    assert run_bounded(len, b"abcd", limits=SMALL) == 4
    with pytest.raises(ValueError, match="坏文件"):
        run_bounded(_fail, limits=SMALL)


def test_the_memory_cap_stops_the_child_not_the_caller() -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(LimitExceeded, match="内存超过上限（512 MB）"):
        run_bounded(_hog, 3 * 1024**3, limits=SMALL)
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 200 * 1024  # the caller never held the 3 GB


def test_the_time_limit_kills_a_runaway_parse() -> None:
    with pytest.raises(LimitExceeded, match="时间上限（1 秒）"):
        run_bounded(_spin, limits=Limits(memory_mb=512, seconds=1))


def test_a_child_that_dies_is_reported_as_a_crash() -> None:
    with pytest.raises(ParserCrashed, match="意外终止（退出码 13）"):
        run_bounded(os._exit, 13, limits=SMALL)


# --- caps before expansion -----------------------------------------------------------------------


def test_a_span_bomb_is_refused_before_it_is_laid_out() -> None:
    result = read_report(span_bomb(), source="bomb.html")
    assert not result.readable
    assert [f.id for f in result.findings] == ["read.E109"]
    assert "超过 100,000 个单元格" in result.findings[0].message


def test_the_cell_cap_is_a_boundary() -> None:
    bounded.check_table_cells(bounded.MAX_TABLE_CELLS)
    with pytest.raises(LimitExceeded):
        bounded.check_table_cells(bounded.MAX_TABLE_CELLS + 1)


def test_a_zip_bomb_docx_is_refused_before_it_is_inflated() -> None:
    result = read_report(zip_bomb_docx(), source="bomb.docx")
    assert [f.id for f in result.findings] == ["read.E109"]
    assert "压缩比" in result.findings[0].message


def test_the_inflated_size_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    data = zip_bomb_docx(inflated=4 * 1024 * 1024)
    monkeypatch.setattr(bounded, "MAX_INFLATION_RATIO", 10**9)
    monkeypatch.setattr(bounded, "MAX_INFLATED_BYTES", 5 * 1024 * 1024)
    bounded.check_archive(data)
    monkeypatch.setattr(bounded, "MAX_INFLATED_BYTES", 3 * 1024 * 1024)
    with pytest.raises(LimitExceeded, match="解压后约 4 MB"):
        bounded.check_archive(data)


def test_a_pdf_declaring_too_many_pages_is_refused_before_its_pages_are_loaded() -> None:
    assert [f.id for f in read_report(pdf_declaring(50_000), source="big.pdf").findings] == ["read.E109"]
    assert "read.E109" not in [f.id for f in read_report(pdf_declaring(1), source="one.pdf").findings]


def test_the_auditor_reads_a_bomb_in_a_capped_process_and_goes_on(tmp_path: Path) -> None:
    (tmp_path / "bomb.html").write_bytes(span_bomb(rows=50))
    (tmp_path / "bomb.docx").write_bytes(zip_bomb_docx())
    (tmp_path / "good.txt").write_bytes(FIXTURE.read_bytes())
    results, _ = audit.audit_files([tmp_path], workers=2, progress=False)
    by_name = {Path(r.source).name: r for r in results}
    assert [f.id for f in by_name["bomb.html"].findings] == ["read.E109"]
    assert [f.id for f in by_name["bomb.docx"].findings] == ["read.E109"]
    assert by_name["good.txt"].readable


# --- fuzz: random and truncated files ------------------------------------------------------------


@functools.cache
def _docx_bytes() -> bytes:
    from gongkai.report.read import read_report as read
    from gongkai.report.render import render

    return render(read(FIXTURE.read_bytes(), source="f.txt").report, "docx")


FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SEEDS = {
    "txt": FIXTURE.read_bytes(),
    "html": span_bomb(rows=1),
    "pdf": pdf_declaring(1),
}


@FUZZ
@given(
    spans=st.lists(st.tuples(st.integers(-5, 100_000), st.integers(-5, 100_000)), min_size=1, max_size=40),
    rows=st.integers(1, 20),
)
def test_random_span_tables_are_read_or_refused_before_expansion(spans, rows):
    cells = "".join(f'<td rowspan="{r}" colspan="{c}">1</td>' for r, c in spans)
    html = f"<html><body><table>{f'<tr>{cells}</tr>' * rows}</table></body></html>".encode()
    result = read_report(html, source="spans.html")
    laid_out = rows * sum(min(max(r, 1), 1000) * min(max(c, 1), 1000) for r, c in spans)
    refused = [f.id for f in result.findings] == ["read.E109"]
    assert refused is (laid_out > bounded.MAX_TABLE_CELLS)


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".txt", ".html", ".docx", ".pdf", ".json"]))
def test_random_bytes_give_a_result_never_an_exception(data: bytes, suffix: str) -> None:
    result = read_report(data, source=f"random{suffix}")
    assert result.readable or any(f.is_error for f in result.findings)


@FUZZ
@given(kind=st.sampled_from(["txt", "html", "pdf", "docx"]), cut=st.floats(0.0, 1.0))
def test_truncated_files_fail_bounded_in_the_worker(kind: str, cut: float) -> None:
    whole = _docx_bytes() if kind == "docx" else SEEDS[kind]
    data = whole[: int(len(whole) * cut)]
    result = audit.read_upload(data, source=f"cut.{kind}")  # never raises; capped in time and memory
    assert result.readable or any(f.is_error for f in result.findings)
