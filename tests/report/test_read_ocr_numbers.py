"""How a scan's number cells are read (issue 11, point 2: exact or unknown, ≥98% exact on scans).

Each number cell is read on its own, twice, digits only; a value stands only where the readings
agree, its digit count fits the width of its ink, and no reading says otherwise. These tests
drive the voting with canned readings (no Tesseract needed), and read one scanned report full of
the numbers Tesseract finds hardest (runs of 1, which it drops), which needs Tesseract.
"""

from __future__ import annotations

import os
import random
from decimal import Decimal

import pytest
from PIL import Image, ImageDraw

from gongkai.report import format as fmt
from gongkai.report.corpus import random_report, score, write
from gongkai.report.read import ocr, read_report
from gongkai.report.read.pdf import _without_page_numbers, pdf_words, read_scan
from gongkai.report.read.positioned import Word, build_lines


def _inked(width: int = 40) -> Image.Image:
    image = Image.new("L", (200, 60), 255)
    ImageDraw.Draw(image).rectangle((80, 15, 80 + width, 45), fill=0)
    return image


def _canned(monkeypatch: pytest.MonkeyPatch, alone: list[str], stacked: list[str], third: list[str]) -> list:
    """Make the three readings give these texts; return the list of crops each was asked for."""
    asked: list = []
    stacks = iter([stacked, third])
    monkeypatch.setattr(ocr, "_tesseract_pages", lambda images, *_: (asked.append(images), alone)[1])
    monkeypatch.setattr(ocr, "_stacked", lambda crops, *_: (asked.append(crops), next(stacks))[1])
    return asked


def test_a_number_stands_only_where_the_readings_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    crops = [_inked() for _ in range(7)]
    asked = _canned(
        monkeypatch,
        alone=["17", "1", "", "0", "05", "11", ""],
        stacked=["17", "11", "3", "", "05", "11", ""],
        third=["1", "3", "0", "05", ""],  # read only for the five cells in doubt
    )
    found = [value for value, _ in ocr._read_numbers(crops)]
    # agreed; 1/11/1 — a reading says otherwise; ""/3/3 — two agree, none disagrees;
    # 0/""/0 likewise; 05 is no number a report prints; agreed; nothing seen at all
    assert found == ["17", "?", "3", "0", "?", "11", None]
    assert len(asked[2]) == 5


def test_a_blank_cell_is_no_number_and_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    asked = _canned(monkeypatch, alone=["5"], stacked=["5"], third=[])
    found = ocr._read_numbers([Image.new("L", (200, 60), 255), _inked()])
    assert found[0] == (None, None)
    assert found[1][0] == "5" and found[1][1] == (80, 15, 121, 46)
    assert [len(crops) for crops in asked] == [1, 1]


def _number(text: str, width: float, height: float = 10.0) -> Word:
    return ocr._Number(text, (100.0, 50.0, 100.0 + width, 50.0 + height), 1)


def test_a_number_narrower_or_wider_than_its_digits_is_unknown() -> None:
    # One digit is 6.5 wide, each further digit 6.5 more (tabular figures, as printed).
    agreed = [_number("0", 6.5), _number("3", 6.0), _number("12", 13.0), _number("40", 12.5)]
    agreed += [_number("731", 19.5), _number("22", 13.0)]
    dropped = _number("1", 11.0)  # 11 whose ink is two digits wide, read as 1
    added = _number("7715", 19.0)  # 775 read with a digit too many
    fee = _number("2458.07", 45.0)  # a fee: the point takes up to a digit's width
    label = Word("总计", (10.0, 50.0, 30.0, 60.0), 1)
    checked = ocr._as_wide_as_read([*agreed, dropped, added, fee, label])
    assert [w.text for w in checked] == [w.text for w in agreed] + ["?", "?", "2458.07", "总计"]
    assert checked[-1] is label


def test_without_numbers_read_no_width_is_checked() -> None:
    words = [_number("?", 30.0), Word("规章", (0.0, 0.0, 20.0, 10.0), 1)]
    assert ocr._as_wide_as_read(words) == words


def test_a_cell_the_chinese_model_read_as_one_character_may_be_a_number() -> None:
    assert ocr._may_be_number(["和"])  # a lone 5
    assert ocr._may_be_number(["]5953"])
    assert ocr._may_be_number([])
    assert not ocr._may_be_number(["总计"])
    assert not ocr._may_be_number(["其他"])
    assert not ocr._may_be_number(["1.属于国家秘密"])


def test_an_unreadable_first_cell_keeps_its_row_together() -> None:
    words = [
        Word("1.信访举报投诉类申请", (150.0, 472.0, 250.0, 491.0)),
        Word("?", (308.0, 478.0, 317.0, 485.0)),
        *(Word("0", (340.0 + 31 * i, 478.0, 345.0 + 31 * i, 485.0)) for i in range(5)),
    ]
    assert [line.text for line in build_lines(words)] == ["1.信访举报投诉类申请\t?\t0\t0\t0\t0\t0"]


def test_page_numbers_read_without_their_dashes_are_left_out() -> None:
    words = [
        Word("一、总体情况", (100.0, 100.0, 200.0, 112.0), 1),
        Word("规章", (100.0, 200.0, 120.0, 210.0), 1),
        Word("0", (300.0, 200.0, 305.0, 210.0), 1),
        Word("1", (298.0, 770.0, 303.0, 779.0), 1),  # — 1 — with the dashes lost
        Word("行政复议", (100.0, 100.0, 140.0, 110.0), 2),
        Word("一一", (290.0, 770.0, 310.0, 779.0), 2),  # — 2 — with the 2 lost
        Word("结转", (100.0, 120.0, 120.0, 130.0), 3),
        Word("4", (300.0, 120.0, 305.0, 130.0), 3),  # a row that ends a page stays
    ]
    kept = [line.text for line in _without_page_numbers(build_lines(words))]
    assert kept == ["一、总体情况", "规章\t0", "行政复议", "结转\t4"]


# --- through Tesseract ---------------------------------------------------------------------------

HARD = (1, 11, 111, 117, 1121, 17, 71, 10, 101, 1111)


@pytest.fixture(scope="module")
def ones():
    """A scanned report whose section 二 figures are the numbers Tesseract reads worst."""
    if not ocr.available() and not os.environ.get("CI"):
        pytest.skip("tesseract with chi_sim is not installed")
    report = random_report(random.Random(3))
    hard = iter(HARD)
    for table in fmt.PROACTIVE_TABLES:
        for row in table.rows:
            for cell in table.cells:
                value = next(hard, 11)
                report.set("proactive", row.code, cell.code, Decimal("11.11") if cell.decimal else value)
    sample = write(report, "scan", random.Random(3))
    return sample, read_report(sample.data, source=sample.name)


def test_runs_of_ones_scan_back_exact(ones) -> None:
    sample, result = ones
    proactive = [(path, value) for path, value in sample.expected.cells() if path[0] == "proactive"]
    back = [(path, result.report.get(*path)) for path, _ in proactive]
    assert score(sample.expected, result.report).wrong_cells == []
    assert back == proactive


def test_an_unreadable_number_right_after_its_label_is_one_unknown_cell(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The OCR words of a scan, here the project PDF's own text runs, with the first number of
    a row of section 三 unreadable: that cell is unknown (read.W202), the row's others are read."""
    report = random_report(random.Random(4))
    words, _ = pdf_words(write(report, "pdf").data)
    label = next(w for w in words if "1.信访举报投诉类申请" in w.text)
    first = min(
        (w for w in words if w.page == label.page and w.numeric and abs(w.middle - label.middle) < 3),
        key=lambda w: w.box[0],
    )
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(
        ocr, "ocr_words", lambda *_, **__: [Word("?", w.box, w.page) if w is first else w for w in words]
    )
    got, findings = read_scan(b"%PDF-", source="scan.pdf")
    row = "not_handled.petition"
    assert got.get("applications", row, "natural") is None
    assert [got.get("applications", row, c.code) for c in fmt.APPLICANT_COLUMNS[1:]] == [
        report.get("applications", row, c.code) for c in fmt.APPLICANT_COLUMNS[1:]
    ]
    unread = [f for f in findings if f.location.row == row]
    assert [(f.id, f.location.column) for f in unread] == [("read.W202", "natural")]
    assert "（?）" in unread[0].message
