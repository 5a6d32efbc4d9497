"""The parts of the text reader: line tokens, the outline, run splitting, cross-row identities."""

from __future__ import annotations

import random
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.report import format as fmt
from gongkai.report.model import Report
from gongkai.report.read.normalize import ANNOTATED, EMPTY, normalize_text
from gongkai.report.read.text import read_text
from gongkai.report.read.text.outline import agency_and_year, read_outline
from gongkai.report.read.text.split import (
    AMBIGUOUS,
    APPLICATION_SHAPE,
    IMPOSSIBLE,
    MISMATCH,
    OK,
    REMEDIES_SHAPE,
    Shape,
    resolve_applications,
    split_row,
)
from gongkai.report.read.text.tokens import CELL, EMPTY_FIELD, RUN, Chunk, segments

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _run(digits: str, shape: Shape = APPLICATION_SHAPE):
    return split_row([Chunk(RUN, digits)], 0, 0, shape)


def _values(cells) -> list:
    return [value for value, _ in cells]


# --- splitting runs of digits -------------------------------------------------------------------------


def test_run_split_unique_by_the_row_total() -> None:
    split = _run("801000081")
    assert split.outcome == OK
    assert _values(split.cells) == [80, 1, 0, 0, 0, 0, 81]


def test_run_of_one_digit_per_cell_is_forced_even_when_it_does_not_add_up() -> None:
    split = _run("5000004")  # the checks, not the reader, report 5 ≠ 4
    assert split.outcome == OK
    assert _values(split.cells) == [5, 0, 0, 0, 0, 0, 4]


def test_run_two_cuts_satisfy_the_total() -> None:
    split = _run("110000011")
    assert split.outcome == AMBIGUOUS
    assert sorted(_values(c) for c in split.candidates) == [[1, 10, 0, 0, 0, 0, 11], [11, 0, 0, 0, 0, 0, 11]]


def test_run_no_cut_matches_the_total() -> None:
    assert _run("12345678").outcome == IMPOSSIBLE
    assert _run("123").outcome == IMPOSSIBLE  # fewer digits than cells


def test_section_four_run_split_by_each_group_total() -> None:
    split = _run("12301160100100000", REMEDIES_SHAPE)
    assert split.outcome == OK
    assert _values(split.cells) == [12, 3, 0, 1, 16, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0]


def test_section_four_run_that_two_cuts_explain() -> None:
    split = _run("12010130100100000", REMEDIES_SHAPE)  # 12|0|1|0|13 or 1|2|0|10|13
    assert split.outcome == AMBIGUOUS
    assert len(split.candidates) == 2


def test_section_two_run_without_totals() -> None:
    assert _values(_run("116", Shape(3)).cells) == [1, 1, 6]
    assert _run("1016", Shape(3)).outcome == AMBIGUOUS  # 10|1|6 or 1|0|16
    assert _values(_run("3881.372", Shape(1)).cells) == [Decimal("3881.372")]


def test_run_never_cuts_a_number_with_a_leading_zero() -> None:
    assert _values(_run("1020003", APPLICATION_SHAPE).cells) == [1, 0, 2, 0, 0, 0, 3]


def test_cells_standing_apart_and_runs_mix() -> None:
    chunks = [Chunk(CELL, "80"), Chunk(RUN, "120000"), Chunk(CELL, "92")]  # 12|0… not 1|20|…
    assert _values(split_row(chunks, 0, 0, APPLICATION_SHAPE).cells) == [80, 12, 0, 0, 0, 0, 92]


def test_note_after_a_run_marks_its_last_cell() -> None:
    split = split_row(
        [Chunk(RUN, "22", note="(其中修订16件)"), Chunk(CELL, "3"), Chunk(CELL, "10")], 0, 0, Shape(3)
    )
    assert split.cells == ((22, ANNOTATED), (3, None), (10, None))


def test_pathological_run_gives_up_quickly() -> None:
    split = _run("1" * 60)
    assert split.outcome in (AMBIGUOUS, IMPOSSIBLE)


# --- cells standing apart ------------------------------------------------------------------------------


def test_blank_fields_fill_a_short_row_only_on_one_side() -> None:
    six = [Chunk(CELL, "1")] * 6
    trailing = split_row(six, 0, 1, APPLICATION_SHAPE)
    assert trailing.outcome == OK and trailing.cells[-1] == (None, EMPTY)
    leading = split_row(six, 1, 0, APPLICATION_SHAPE)
    assert leading.outcome == OK and leading.cells[0] == (None, EMPTY)
    both = split_row(six, 1, 1, APPLICATION_SHAPE)
    assert (both.outcome, both.found) == (MISMATCH, 6)


def test_interior_blank_field_is_an_empty_cell() -> None:
    part = segments("一、本年新收政府信息公开申请数量\t\t5\t\t0\t0\t0\t0\t5\t")[0]
    assert [c.text for c in part.chunks] == ["5", EMPTY_FIELD, "0", "0", "0", "0", "5"]
    split = split_row(part.chunks, part.lead, part.trail, APPLICATION_SHAPE)
    assert split.cells[1] == (None, EMPTY)


# --- cross-row identities --------------------------------------------------------------------------------


def _rows(**ambiguous: list[tuple]) -> dict[str, list[tuple]]:
    """A section 三 with 11 petitions; the rows given replace theirs."""
    zero = (0,) * 7
    rows = {r.code: [zero] for r in fmt.APPLICATION_ROWS}
    rows["new_this_year"] = rows["total_handled"] = [(11, 0, 0, 0, 0, 0, 11)]
    rows["not_handled.petition"] = [(11, 0, 0, 0, 0, 0, 11)]
    rows.update(ambiguous)
    return rows


def test_identities_choose_the_only_consistent_cut() -> None:
    cuts = [(1, 10, 0, 0, 0, 0, 11), (11, 0, 0, 0, 0, 0, 11)]
    chosen, decided = resolve_applications(_rows(**{"not_handled.petition": cuts}))
    assert chosen["not_handled.petition"] == (11, 0, 0, 0, 0, 0, 11)
    assert decided == {"not_handled.petition"}


def test_identities_do_not_decide_rows_that_compensate_each_other() -> None:
    cuts = [(1, 10, 0, 0, 0, 0, 11), (11, 0, 0, 0, 0, 0, 11)]
    rows = _rows(**{"not_handled.petition": cuts, "unavailable.not_held": cuts})
    rows["new_this_year"] = rows["total_handled"] = [(12, 10, 0, 0, 0, 0, 22)]
    chosen, decided = resolve_applications(rows)
    assert chosen["not_handled.petition"] is None and chosen["unavailable.not_held"] is None
    assert decided == set()


def test_identities_are_not_used_when_a_row_they_need_is_missing() -> None:
    cuts = [(1, 10, 0, 0, 0, 0, 11), (11, 0, 0, 0, 0, 0, 11)]
    rows = _rows(**{"not_handled.petition": cuts})
    del rows["total_handled"]
    chosen, decided = resolve_applications(rows)
    assert chosen["not_handled.petition"] is None and decided == set()


# --- tokens ---------------------------------------------------------------------------------------------


def test_crawler_line_gives_item_numbers_back_to_their_labels() -> None:
    line = normalize_text(
        "(三)不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开0000000", collapse_spaces=False
    )
    parts = segments(line)
    assert [(p.label, [c.text for c in p.chunks]) for p in parts] == [
        ("(三)不予公开1.属于国家秘密", ["0000000"]),
        ("2.其他法律行政法规禁止公开", ["0000000"]),
    ]
    assert all(c.kind == RUN for p in parts for c in p.chunks)


def test_tab_line_counts_blank_fields_around_the_numbers() -> None:
    part = segments("一、本年新收政府信息公开申请数量\t\t5\t0\t0\t0\t0\t0\t5\t")[0]
    assert (part.lead, part.trail, len(part.chunks)) == (1, 1, 7)
    assert all(c.kind == CELL for c in part.chunks)


def test_markdown_and_pdf_lines() -> None:
    md = segments("| 三、本年度办理结果 | (一) 予以公开 | 41 | 1 | 0 | 0 | 0 | 0 | 42 |")
    assert md[0].label == "三、本年度办理结果(一)予以公开"
    assert [c.text for c in md[0].chunks] == ["41", "1", "0", "0", "0", "0", "42"]
    pdf = segments("行政规范性文件 22(其中修订16件) 3 110")
    assert [c.text for c in pdf[0].chunks] == ["22(其中修订16件)", "3", "110"]


def test_a_sentence_number_is_not_glued_into_a_run() -> None:
    parts = segments("本年共办理行政许可 1520 件")
    assert [(p.label, [(c.kind, c.spaced) for c in p.chunks]) for p in parts] == [
        ("本年共办理行政许可", [(RUN, True)]),  # stands apart: at least one cell of its own
        ("件", []),
    ]


def test_partly_spaced_numbers_are_runs_of_at_least_one_cell() -> None:
    """`4 0 0 0 0 04` is 4|0|0|0|0|0|4: a multi-digit piece between spaces may hold glued cells."""
    parts = segments("（一）予以公开4 0 0 0 0 04（二）部分公开30 0 0 0 03")
    assert [(p.label, [(c.kind, c.text) for c in p.chunks]) for p in parts] == [
        ("（一）予以公开", [(RUN, "4"), *[(CELL, "0")] * 4, (RUN, "04")]),
        ("（二）部分公开", [(RUN, "30"), *[(CELL, "0")] * 3, (RUN, "03")]),
    ]


def test_label_words_of_a_crawler_line_are_not_parsed_as_cells(monkeypatch: pytest.MonkeyPatch) -> None:
    """A word that starts with a label, or with digits glued to one, is no cell at sight: parse_cell
    (normalising, cached) sees only what may be a cell."""
    from gongkai.report.read import normalize
    from gongkai.report.read.text import tokens

    seen: list[str] = []

    def parse_cell(text: str) -> object:
        seen.append(text)
        return normalize.parse_cell(text)

    monkeypatch.setattr(tokens, "parse_cell", parse_cell)
    line = "规章07 0行政规范性文件0 0 2（一）予以公开4 0 0 0 0 04（二）部分公开30 0 无 0 03"
    parts = tokens._segments.__wrapped__(normalize_text(line))
    assert [p.label for p in parts] == ["规章", "行政规范性文件", "(一)予以公开", "(二)部分公开"]
    assert seen == ["无"]


# --- outline -------------------------------------------------------------------------------------------


def test_page_markers_and_markdown_rules_are_dropped() -> None:
    outline = read_outline("一、总体情况\n— 3 —\n- 4 -\n第 5 页\n第5页 共12页\n| --- | :---: |\n正文")
    assert [line.raw for line in outline.lines] == ["一、总体情况", "正文"]


def test_headings_inside_a_run_together_line_get_their_own_lines() -> None:
    text = "某局2023年政府信息公开工作年度报告一、总体情况今年我局…二、主动公开政府信息情况第二十条第（一）项"
    outline = read_outline(text)
    assert [line.raw for line in outline.lines] == [
        "某局2023年政府信息公开工作年度报告",
        "一、总体情况",
        "今年我局…",
        "二、主动公开政府信息情况",
        "第二十条第（一）项",
    ]
    assert outline.headings == {"overview": 1, "proactive": 3}
    assert outline.title == "某局2023年政府信息公开工作年度报告"


@pytest.mark.parametrize(
    ("title", "agency", "year"),
    [
        ("洛阳市教育局 2023 年政府信息公开工作年度报告", "洛阳市教育局", 2023),
        ("洛阳市教育局２０２３年度政府信息公开工作年度报告", "洛阳市教育局", 2023),
        ("2022年偃师区人民政府政府信息公开工作年度报告", "偃师区人民政府", 2022),
        ("栾川县卫生健康委员会关于2021年政府信息公开工作年度报告", "栾川县卫生健康委员会", 2021),
        ("# 沐阳县农业农村局2022年政府信息公开工作年度报告", "#沐阳县农业农村局", 2022),
        ("工作总结", "", None),
    ],
)
def test_agency_and_year_from_the_title(title: str, agency: str, year: int | None) -> None:
    assert agency_and_year(title) == (agency, year)


def test_title_broken_after_the_agency_is_joined() -> None:
    outline = read_outline("洛阳市教育局\n２０２３年政府信息公开工作年度报告\n一、总体情况\n正文")
    assert outline.title == "洛阳市教育局２０２３年政府信息公开工作年度报告"
    assert agency_and_year(outline.title) == ("洛阳市教育局", 2023)


def test_markdown_title_loses_its_marker_in_the_outline() -> None:
    outline = read_outline("# 沐阳县农业农村局2022年政府信息公开工作年度报告\n\n## 一、总体情况\n正文")
    assert agency_and_year(outline.title) == ("沐阳县农业农村局", 2022)


# --- robustness ------------------------------------------------------------------------------------------

_PIECES = [
    *(r.label for r in fmt.APPLICATION_ROWS),
    *(s.heading for s in fmt.SECTIONS),
    *("\t", "\n", "  ", " ", "|", "0", "1", "12", "801000081", "—", "(其中", "（", "）", "3.", "2、"),
    *("第二十条第（一）项", "行政复议", "总计", "其他", "数据1", "— 3 —", "\x00", "\ufeff", "①", "１２"),
    *(".", "0.5", "-", "1,234", "示例局2023年政府信息公开工作年度报告", "规章", "行政许可"),
]
_ID = re.compile(r"read\.[EWI]\d{3}")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=5)), max_size=120).map("".join))
def test_any_text_reads_without_raising(text: str) -> None:
    report, findings = read_text(text)
    assert isinstance(report, Report)
    assert all(
        v is None or (isinstance(v, int | Decimal) and not isinstance(v, bool)) for _, v in report.cells()
    )
    assert all(_ID.fullmatch(f.id) and f.message for f in findings)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_published_report_reads_without_raising(data: st.DataObject) -> None:
    text = (FIXTURES / "luoyang-education-2023.txt").read_text(encoding="utf-8")
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    inserted = data.draw(st.sampled_from(_PIECES))
    report, findings = read_text(text[:start] + inserted + text[end:])
    assert all(_ID.fullmatch(f.id) for f in findings)
    assert report.format in (fmt.FORMAT_2021, fmt.FORMAT_2019, fmt.FORMAT_PRE_2019)


def test_an_open_row_is_given_by_an_identity_when_its_digits_are_exactly_that() -> None:
    rows = _rows(total_handled=[])  # too many cuts to list
    printed = {"total_handled": "110000011"}
    chosen, decided = resolve_applications(
        rows, lambda row, values: "".join(map(str, values)) == printed[row]
    )
    assert chosen["total_handled"] == (11, 0, 0, 0, 0, 0, 11)
    assert decided == {"total_handled"}


def test_an_open_row_whose_digits_are_not_the_derived_numbers_stays_unknown() -> None:
    rows = _rows(total_handled=[])
    chosen, decided = resolve_applications(rows, lambda row, values: False)
    assert chosen["total_handled"] is None and decided == set()


def test_open_rows_and_listed_cuts_are_decided_together() -> None:
    cuts = [(1, 10, 0, 0, 0, 0, 11), (11, 0, 0, 0, 0, 0, 11)]
    rows = _rows(**{"not_handled.petition": cuts, "total_handled": [], "new_this_year": []})
    chosen, decided = resolve_applications(rows, lambda row, values: values == (11, 0, 0, 0, 0, 0, 11))
    assert chosen["not_handled.petition"] == (11, 0, 0, 0, 0, 0, 11)
    assert decided == {"not_handled.petition", "total_handled", "new_this_year"}


def test_a_whole_row_run_is_cut_total_first_with_the_same_cuts_as_the_full_search() -> None:
    from gongkai.report.read.text import split as sp

    rng = random.Random(3)
    for _ in range(300):
        values = [
            rng.choice((0, 0, rng.randint(1, 9), rng.randint(1, 60), rng.randint(1, 999))) for _ in range(6)
        ]
        item = sp._Item(digits="".join(map(str, [*values, sum(values)])))
        full = sp._Search([item], APPLICATION_SHAPE, check=True, limit=sp._CANDIDATE_LIMIT).run()
        fast = sp._TotalFirst(item, APPLICATION_SHAPE.size).run()
        if not full.exhausted and len(full.results) < sp._CANDIDATE_LIMIT:
            assert set(fast.results) == set(full.results)
            assert (*((v, None) for v in values), (sum(values), None)) in fast.results


def test_a_row_of_runs_and_numbers_apart_is_cut_total_first_with_the_same_cuts_as_the_full_search() -> None:
    from gongkai.report.read.text import split as sp

    rng = random.Random(5)
    for _ in range(300):
        values = [
            rng.choice((0, 0, rng.randint(1, 9), rng.randint(1, 60), rng.randint(1, 999))) for _ in range(6)
        ]
        texts = [str(v) for v in [*values, sum(values)]]
        items: list[sp._Item] = []
        run = ""
        for text in texts:  # each number glued to the run before it, or standing apart
            choice = rng.random()
            if choice < 0.2:
                if run:
                    items.append(sp._Item(digits=run))
                    run = ""
                items.append(sp._Item(cell=(int(text), None)))
            elif choice < 0.5 and run:
                items.append(sp._Item(digits=run))
                run = text
            else:
                run += text
        if run:
            items.append(sp._Item(digits=run))
        assert sp._TotalFirst.applies(items, APPLICATION_SHAPE)
        full = sp._Search(items, APPLICATION_SHAPE, check=True, limit=sp._CANDIDATE_LIMIT).run()
        fast = sp._TotalFirst(items, APPLICATION_SHAPE.size).run()
        if not full.exhausted and len(full.results) < sp._CANDIDATE_LIMIT:
            assert set(fast.results) == set(full.results)
            assert tuple((v, None) for v in [*values, sum(values)]) in fast.results


def test_a_row_total_the_digits_before_it_cannot_sum_to_mod_9_is_not_walked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from gongkai.report.read.text import split as sp

    walked: list[int] = []
    walk_all = sp._TotalFirst._walk_all

    def record(self: sp._TotalFirst, items: list[sp._Item], total: int, cell: sp.Cell, printed: int) -> None:
        walked.append(total)
        walk_all(self, items, total, cell, printed)

    monkeypatch.setattr(sp._TotalFirst, "_walk_all", record)
    values = [315, 139, 144, 152, 90, 244]  # printed 315139144152902441084: the total is 1084
    digits = "".join(map(str, [*values, sum(values)]))
    fast = sp._TotalFirst(sp._Item(digits=digits), APPLICATION_SHAPE.size).run()
    assert (*((v, None) for v in values), (sum(values), None)) in fast.results
    assert sum(values) in walked
    # 4, 84, 1084, 41084 … : only the suffixes that leave the right remainder mod 9 are walked
    assert all((sum(map(int, digits)) - 2 * total) % 9 == 0 for total in walked)
    assert len(walked) < len([n for n in range(1, 8) if digits[-n] != "0"])


def test_a_row_with_a_piece_per_cell_is_cut_as_the_structural_search_cuts_it() -> None:
    from gongkai.report.read.text import split as sp

    rng = random.Random(7)
    pieces = ("0", "7", "12", "0123", "12345678", "3.5", "1234567")
    for _ in range(400):
        chunks = [
            Chunk(CELL, p) if rng.random() < 0.3 and p.isdigit() else Chunk(RUN, p)
            for p in (rng.choice(pieces) for _ in range(APPLICATION_SHAPE.size))
        ]
        items = [sp._item(c) for c in chunks]
        search = sp._Search(items, Shape(APPLICATION_SHAPE.size), check=False, limit=2).run()
        unique = search.results[0] if len(search.results) == 1 and not search.exhausted else None
        fast = sp._one_cell_each(chunks)
        assert fast is None or fast == unique
        if unique is not None and all(c.kind == CELL or "." not in c.text for c in chunks):
            assert fast == unique


def test_a_whole_run_with_a_small_total_is_cut_by_reachable_sums_as_the_full_search_cuts_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from gongkai.report.read.text import split as sp

    used: list[int] = []
    slab_cuts = sp._TotalFirst._slab_cuts

    def counted(self: sp._TotalFirst, run: sp._Item, total: int, cell: sp.Cell) -> None:
        used.append(total)
        slab_cuts(self, run, total, cell)

    monkeypatch.setattr(sp._TotalFirst, "_slab_cuts", counted)
    monkeypatch.setattr(sp, "_FEW_DIGITS_MORE", -APPLICATION_SHAPE.size)  # every row by reachable sums
    rng = random.Random(11)
    compared = 0
    for _ in range(400):
        values = [
            rng.choice((0, 0, 0, rng.randint(1, 9), rng.randint(10, 99), rng.randint(100, 400)))
            for _ in range(6)
        ]
        note = rng.choice(("", "(其中修订1件)"))
        item = sp._Item(digits="".join(map(str, [*values, sum(values)])), note=note)
        full = sp._Search([item], APPLICATION_SHAPE, check=True, limit=sp._CANDIDATE_LIMIT).run()
        fast = sp._TotalFirst(item, APPLICATION_SHAPE.size).run()
        if not full.exhausted and len(full.results) < sp._CANDIDATE_LIMIT:
            assert set(fast.results) == set(full.results)
            compared += 1
    assert compared > 300 and len(used) > 300


def test_a_row_with_at_most_two_digits_more_than_cells_is_cut_at_once_as_the_search_cuts_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each digit a cell, one two-digit cell, one three-digit or two two-digit cells: listed without
    searching, in the search's order."""
    from gongkai.report.read.text import split as sp

    rng = random.Random(5)
    rows = []
    for _ in range(1000):
        values = [
            rng.choice((0, 0, 0, 0, rng.randint(1, 9), rng.randint(10, 99), rng.randint(100, 999)))
            for _ in range(6)
        ]
        printed = [str(v) for v in [*values, sum(values)]]
        items: list[sp._Item] = []
        run = ""
        for text in printed:  # pieces standing apart or glued, as partly spaced crawler text prints them
            if rng.random() < 0.3 and not run:
                items.append(sp._Item(cell=(int(text), None)))
            else:
                run += text
                if rng.random() < 0.4:
                    items.append(sp._Item(digits=run, note=rng.choice(("", "(其中1件)"))))
                    run = ""
        if run:
            items.append(sp._Item(digits=run))
        rows.append(items)
    used = 0

    def counted(self: sp._TotalFirst, items: list[sp._Item], total: int, cell: sp.Cell) -> None:
        nonlocal used
        used += 1
        few_cuts(self, items, total, cell)

    few_cuts = sp._TotalFirst._few_cuts
    monkeypatch.setattr(sp._TotalFirst, "_few_cuts", counted)
    fast = [sp._TotalFirst(items, APPLICATION_SHAPE.size).run().results for items in rows]
    monkeypatch.setattr(sp, "_FEW_DIGITS_MORE", -APPLICATION_SHAPE.size)  # never: the search lists them
    searched = [sp._TotalFirst(items, APPLICATION_SHAPE.size).run().results for items in rows]
    assert fast == searched
    assert used > 300
    assert sum(len(cuts) > 1 for cuts in fast) > 10  # some with several cuts, in the same order


def test_ascii_and_cjk_ideographs_normalise_to_one_character_each() -> None:
    """What lets heading cuts skip the per-character lookup for these characters."""
    from gongkai.report.read.text.outline import _OTHER_CHARACTERS, _normalized_length

    for code in [*range(0x80), *range(0x4E00, 0xA000)]:
        char = chr(code)
        assert not _OTHER_CHARACTERS.search(char)
        assert _normalized_length(char) == 1, hex(code)


@pytest.mark.parametrize(
    "raw",
    [
        "一、总体情况全年公开（一）二、主动公开政府信息情况",  # full-width forms: one character each
        "一、总体㈠情况\u200b\u200b二、主动公开ﬁ政府信息情况三、收到",  # ㈠ and ﬁ grow, zero-width spaces go
        "\u00a0\u3000一、 二、",
    ],
)
def test_heading_cuts_map_back_to_the_printed_line_as_per_character_lengths_say(raw: str) -> None:
    from bisect import bisect_left
    from itertools import accumulate

    from gongkai.report.read.normalize import normalize_text
    from gongkai.report.read.text.outline import _normalized_length, _raw_positions

    norm = normalize_text(raw, collapse_spaces=False)
    cuts = list(range(1, len(norm) + 2))
    before = [0, *accumulate(_normalized_length(c) for c in raw)]
    assert _raw_positions(raw, cuts) == [min(bisect_left(before, cut), len(raw)) for cut in cuts]
