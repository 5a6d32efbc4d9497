"""The auditor: batches with broken files, its outputs, parallel reading, year pairing, the command."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import shutil
from pathlib import Path
from typing import Any

import pytest

from gongkai.report import audit
from gongkai.report.model import Report
from gongkai.report.read import UNREADABLE_IDS, ReadResult, read_report, sniff
from gongkai.report.render import csv as render_csv

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "luoyang-education-2023.txt"


def run(*paths: Path | str, **options: Any) -> tuple[int, str, str]:
    """Run the auditor as the command does; return (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    status = audit.run(
        {"paths": [str(p) for p in paths], "no_progress": True, **options}, stdout=out, stderr=err
    )
    return status, out.getvalue(), err.getvalue()


def run_json(*paths: Path | str, **options: Any) -> tuple[int, dict[str, dict[str, Any]]]:
    status, out, _ = run(*paths, json=True, **options)
    return status, {Path(item["source"]).name: item for item in json.loads(out)}


def finding_ids(item: dict[str, Any]) -> list[str]:
    return [f["id"] for f in item["findings"]]


def consistent_json(agency: str, year: int, *, carried_over: int = 0, carried_forward: int = 0) -> str:
    """Return a small consistent report as CODES.md JSON: one natural-person application, decided."""
    report = Report(agency=agency, year=year)
    for (section, row, cell), _ in report.cells():
        report.set(section, row, cell, 0)
    apps = report.applications
    new = 1 + carried_forward - carried_over
    for row, value in (
        ("new_this_year", new),
        ("carried_over", carried_over),
        ("carried_forward", carried_forward),
    ):
        apps[row].update(natural=value, total=value)
    for row in ("disclosed", "total_handled"):
        apps[row].update(natural=1, total=1)
    report.text["other"] = "本年度未收取信息处理费。"
    return report.to_json()


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """A directory of the fixture and every kind of bad file, one in a subdirectory."""
    raw = FIXTURE.read_bytes()
    (tmp_path / "good.txt").write_bytes(raw)
    cut = raw.index("四、政府信息公开行政复议".encode())
    (tmp_path / "truncated.txt").write_bytes(raw[:cut])
    (tmp_path / "notes.txt").write_text(
        "购物清单：鸡蛋两盒，牛奶一箱，面包。\n周末去公园散步。\n", encoding="utf-8"
    )
    (tmp_path / "random.txt").write_bytes(random.Random(7).randbytes(4096))
    (tmp_path / "empty.txt").write_bytes(b"")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "broken.docx").write_text("这不是一个 Word 文档", encoding="utf-8")
    (sub / "ignored.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # not a report suffix: not walked
    (sub / "._broken.docx").write_bytes(b"\x00\x05\x16\x07")  # macOS metadata: not walked
    (sub / "~$broken.docx").write_bytes(b"lock")  # Word's lock file: not walked
    return tmp_path


def test_directories_are_walked_for_report_files_only(batch: Path) -> None:
    files, notes = audit.expand_paths([batch, batch / "good.txt"])
    names = [str(f.relative_to(batch)) for f in files]
    assert names == [
        "empty.txt",
        "good.txt",
        "notes.txt",
        "random.txt",
        "sub/broken.docx",
        "truncated.txt",
        "good.txt",
    ]
    assert notes == []


# --- the dispatch ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "kind", "finding"),
    [
        (b"", "a.txt", "unknown", "read.E100"),
        (b"   \n\t", "a.txt", "unknown", "read.E100"),
        (random.Random(1).randbytes(2048), "a.bin", "unknown", "read.E101"),
        (b"plain words", "a.docx", "docx", "read.E102"),
        (b"plain words", "a.pdf", "pdf", "read.E102"),
        (b"PK\x03\x04 cut short", "a.docx", "docx", "read.E102"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "a.doc", "unknown", "read.E103"),
        ('{"year": "二〇二三"}'.encode(), "a.json", "json", "read.E105"),
    ],
)
def test_unreadable_content_gets_a_finding_and_no_report(
    data: bytes, name: str, kind: str, finding: str
) -> None:
    result = read_report(data, source=name)
    assert (result.kind, result.readable, result.report) == (kind, False, None)
    assert [f.id for f in result.findings] == [finding]


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        ("<p>洛阳市教育局</p>".encode("gb18030"), "html"),
        ("一、总体情况\n本年度……".encode("gb18030"), "text"),
        ("\ufeff一、总体情况".encode(), "text"),
        ("一、总体情况".encode("utf-16"), "text"),
        (b'{"format": "2021"}', "json"),
        (b"| a | b |\n|---|---|\n| 1 | 2 |\n", "md"),
    ],
)
def test_sniffing_by_content(data: bytes, kind: str) -> None:
    assert sniff(data, name="report") == (kind, None)


def test_a_reader_that_raises_is_a_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    from gongkai.report import read

    def explode(data: bytes, source: str, decoded: object) -> ReadResult:
        raise RuntimeError("boom")

    monkeypatch.setitem(read._READERS, "html", explode)
    result = read_report(b"<html><body>x</body></html>", source="x.html")
    assert not result.readable
    assert [f.id for f in result.findings] == ["read.E106"]
    assert "boom" in result.findings[0].message


def test_json_reports_are_read_as_codes_objects() -> None:
    result = read_report(consistent_json("甲局", 2023).encode(), source="a.json")
    assert result.readable and result.report is not None
    assert result.report.applications["new_this_year"]["natural"] == 1


# --- a batch ----------------------------------------------------------------------------------------


def test_a_batch_with_bad_files_reports_each_and_exits_2(batch: Path) -> None:
    status, items = run_json(batch)
    assert status == audit.EXIT_UNREADABLE
    assert set(items) == {"good.txt", "truncated.txt", "notes.txt", "random.txt", "empty.txt", "broken.docx"}
    good = items["good.txt"]
    assert good["readable"] and good["agency"] == "洛阳市教育局" and good["year"] == 2023
    assert good["applications"]["new_this_year"]["total"] == 5
    assert [f["id"] for f in good["findings"] if f["level"] in ("error", "warning")] == ["report.W002"]
    truncated = items["truncated.txt"]
    assert truncated["readable"]
    missing = {f["location"] for f in truncated["findings"] if f["id"] == "report.E001"}
    assert missing == {"remedies", "problems", "other"}
    notes = items["notes.txt"]
    assert not notes["readable"]
    assert [f["id"] in UNREADABLE_IDS for f in notes["findings"] if f["level"] == "error"] == [True]
    assert finding_ids(items["random.txt"]) == ["read.E101"]
    assert finding_ids(items["empty.txt"]) == ["read.E100"]
    assert finding_ids(items["broken.docx"]) == ["read.E102"]


def test_a_batch_of_good_reports_exits_0_with_a_summary(tmp_path: Path) -> None:
    shutil.copy(FIXTURE, tmp_path / "report.txt")
    status, out, _ = run(tmp_path)
    assert status == audit.EXIT_OK
    assert "洛阳市教育局 2023 年度" in out
    assert "新收申请 5 · 办结 5 · 结转下年 0" in out
    assert "report.W002 warning [overview]" in out
    assert "共 1 个文件：可读 1 个，无法读取 0 个" in out


def test_a_missing_path_is_audit_e001_and_the_rest_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(consistent_json("甲局", 2023), encoding="utf-8")
    status, items = run_json(tmp_path / "a.json", tmp_path / "nope.txt")
    assert status == audit.EXIT_UNREADABLE
    assert finding_ids(items["nope.txt"]) == ["audit.E001"]
    assert "文件无法读取" in items["nope.txt"]["findings"][0]["message"]
    assert items["a.json"]["readable"] and finding_ids(items["a.json"]) == []


def test_an_empty_directory_is_noted(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(consistent_json("甲局", 2023), encoding="utf-8")
    (tmp_path / "empty").mkdir()
    status, out, _ = run(tmp_path / "a.json", tmp_path / "empty")
    assert status == audit.EXIT_OK
    assert "audit.W001" in out


def test_the_reader_failing_is_audit_e001(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args, **kwargs) -> ReadResult:
        raise RuntimeError("too big")

    monkeypatch.setattr(audit, "run_bounded", explode)
    result = audit.audit_read(tmp_path / "x.txt")
    assert not result.readable
    assert [f.id for f in result.findings] == ["audit.E001"]
    assert "too big" in result.findings[0].message


# --- outputs ---------------------------------------------------------------------------------------


def test_json_output_has_source_and_findings_per_file(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(consistent_json("甲局", 2023), encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    _, out, _ = run(tmp_path, json=True)
    items = json.loads(out)
    assert [Path(i["source"]).name for i in items] == ["a.json", "b.txt"]
    for item in items:
        assert isinstance(item["findings"], list)
        assert {"format", "agency", "year", "findings", "source"} <= set(item)
    assert set(items[0]) >= {"text", "proactive", "applications", "remedies"}


def test_csv_has_one_row_per_report_and_every_cell(tmp_path: Path) -> None:
    for year in (2022, 2023):
        (tmp_path / f"{year}.json").write_text(consistent_json("甲局", year), encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    out = tmp_path / "out" / "cells.csv"
    out.parent.mkdir()
    status, _, _ = run(tmp_path, csv=out)
    assert status == audit.EXIT_UNREADABLE
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    header, data = rows[0], rows[1:]
    assert header[0] == "来源文件 (source)" and len(header) > 200
    header = [render_csv.column_code(name) for name in header]
    assert [Path(r[0]).name for r in data] == ["2022.json", "2023.json"]
    assert all(len(r) == len(header) for r in data)
    column = header.index("applications.new_this_year.natural")
    assert [r[column] for r in data] == ["1", "1"]


def test_parallel_reading_gives_the_same_result(batch: Path) -> None:
    one = run(batch, json=True, workers=1)
    two = run(batch, json=True, workers=2)
    assert one[0] == two[0] == audit.EXIT_UNREADABLE
    assert json.loads(one[1]) == json.loads(two[1])


def test_a_worker_that_dies_fails_only_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    names = [f"{i:02d}" for i in range(12)]
    for name in names:
        (tmp_path / f"{name}.json").write_text(consistent_json(f"{name}局", 2023), encoding="utf-8")
    real = audit.run_bounded

    def crash_on_03(fn, source, **kwargs):
        if Path(source).name == "03.json":
            return real(os._exit, 13)  # what a segfaulting parser looks like: the child dies
        return real(fn, source, **kwargs)

    monkeypatch.setattr(audit, "run_bounded", crash_on_03)
    status, items = run_json(tmp_path, workers=2)
    assert status == audit.EXIT_UNREADABLE
    assert finding_ids(items.pop("03.json")) == ["audit.E001"]
    assert len(items) == 11 and all(item["readable"] and item["findings"] == [] for item in items.values())


# --- last year's report ----------------------------------------------------------------------------


def test_a_batch_pairs_an_agencys_reports_by_year(tmp_path: Path) -> None:
    (tmp_path / "2022.json").write_text(consistent_json("甲局", 2022, carried_forward=1), encoding="utf-8")
    # 2023 carries over 0 applications, although 2022 carried 1 forward.
    (tmp_path / "2023.json").write_text(consistent_json("甲局", 2023), encoding="utf-8")
    (tmp_path / "other.json").write_text(consistent_json("乙局", 2023), encoding="utf-8")
    status, items = run_json(tmp_path)
    assert status == audit.EXIT_OK
    assert finding_ids(items["2023.json"]) == ["report.W004", "report.W004"]
    assert finding_ids(items["other.json"]) == [] and finding_ids(items["2022.json"]) == []
    _, unpaired = run_json(tmp_path, no_pairing=True)
    assert finding_ids(unpaired["2023.json"]) == []


def test_an_explicit_previous_report(tmp_path: Path) -> None:
    (tmp_path / "last.json").write_text(consistent_json("甲局", 2022, carried_forward=1), encoding="utf-8")
    (tmp_path / "this.json").write_text(consistent_json("甲局", 2023, carried_over=1), encoding="utf-8")
    status, items = run_json(tmp_path / "this.json", previous=tmp_path / "last.json")
    assert status == audit.EXIT_OK
    assert finding_ids(items["this.json"]) == []
    (tmp_path / "this.json").write_text(consistent_json("甲局", 2023), encoding="utf-8")
    _, items = run_json(tmp_path / "this.json", previous=tmp_path / "last.json")
    assert finding_ids(items["this.json"]) == ["report.W004", "report.W004"]


# --- the Django command -----------------------------------------------------------------------------


def test_the_management_command_needs_no_database_and_exits_2(tmp_path: Path) -> None:
    from django.core.management import call_command

    (tmp_path / "a.json").write_text(consistent_json("甲局", 2023), encoding="utf-8")
    out = io.StringIO()
    call_command("audit", str(tmp_path / "a.json"), "--json", "--no-progress", stdout=out)
    assert json.loads(out.getvalue())[0]["agency"] == "甲局"
    (tmp_path / "b.txt").write_bytes(b"")
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", str(tmp_path), "--no-progress", stdout=io.StringIO())
    assert exit_info.value.code == audit.EXIT_UNREADABLE


# --- --consolidated: a government's report against its subtree's files (levels.*) ----------------


def applications_json(agency: str, year: int, n: int) -> str:
    """A consistent report with ``n`` applications from natural persons, all disclosed."""
    report = Report.from_dict(json.loads(consistent_json(agency, year)))
    for row in ("new_this_year", "disclosed", "total_handled"):
        report.applications[row].update(natural=n, total=n)
    return report.to_json()


@pytest.fixture
def subtree(tmp_path: Path) -> Path:
    """甲局 3 and 乙局 2 applications in 2023, a 2022 report of 甲局, and the government's own 1."""
    below = tmp_path / "below"
    below.mkdir()
    (below / "jia.json").write_text(applications_json("甲局", 2023, 3), encoding="utf-8")
    (below / "yi.json").write_text(applications_json("乙局", 2023, 2), encoding="utf-8")
    (below / "jia-2022.json").write_text(applications_json("甲局", 2022, 3), encoding="utf-8")
    (tmp_path / "own.json").write_text(applications_json("某市人民政府", 2023, 1), encoding="utf-8")
    return tmp_path


def consolidated(tmp_path: Path, n: int) -> Path:
    path = tmp_path / f"city-{n}.json"
    path.write_text(applications_json("某市人民政府", 2023, n), encoding="utf-8")
    return path


def levels_of(out: str) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for f in json.loads(out)[0]["findings"]:
        found.setdefault(f["id"], []).append(f)
    return {k: v for k, v in found.items() if k.startswith("levels.")}


def test_a_consistent_consolidated_report_passes_the_checks_across_levels(subtree: Path) -> None:
    status, out, err = run(
        subtree / "below", json=True, consolidated=consolidated(subtree, 6), own=subtree / "own.json"
    )
    assert status == 0 and levels_of(out) == {}
    assert Path(json.loads(out)[0]["source"]).name == "city-6.json"  # the consolidated report first
    assert "audit.W002" in err and "jia-2022.json" in err  # another year: left out, and said so


def test_a_consolidated_cell_below_its_parts_names_the_agencies_behind_it(subtree: Path) -> None:
    _, out, _ = run(subtree / "below", json=True, consolidated=consolidated(subtree, 4))
    found = levels_of(out)
    assert set(found) == {"levels.E001"}
    message = next(
        f["message"] for f in found["levels.E001"] if "新收" in f["message"] or "总计" in f["message"]
    )
    assert "小于下级已公布报告之和 5" in message and "相差 1" in message
    assert "甲局 3" in message and "乙局 2" in message


def test_with_the_own_report_a_difference_is_given_per_cell(subtree: Path) -> None:
    _, out, _ = run(
        subtree / "below", json=True, consolidated=consolidated(subtree, 7), own=subtree / "own.json"
    )
    found = levels_of(out)
    assert set(found) == {"levels.W001"}
    assert all("相差 1" in f["message"] and "甲局 3" in f["message"] for f in found["levels.W001"])
    # each names its cell: the application rows that count the 7 (new, disclosed, handled)
    assert all(f["location"].startswith("applications.") for f in found["levels.W001"])
    assert len(found["levels.W001"]) == 6  # three rows, natural persons and total
    _, out, _ = run(subtree / "below", json=True, consolidated=consolidated(subtree, 5))
    assert levels_of(out) == {}  # without the own part a larger total cannot be judged


def test_the_members_list_names_the_missing_reports(subtree: Path) -> None:
    names = subtree / "members.txt"
    names.write_text("甲局\n乙局\n丙局\n\n", encoding="utf-8")
    _, out, _ = run(subtree / "below", json=True, consolidated=consolidated(subtree, 6), members=names)
    found = levels_of(out)
    assert set(found) == {"levels.W002"}
    assert "丙局" in found["levels.W002"][0]["message"] and "甲局" not in found["levels.W002"][0]["message"]
    status, out, _ = run(subtree / "below", consolidated=consolidated(subtree, 6), members=names)
    assert status == 0 and "levels.W002" in out  # the text summary shows it too
