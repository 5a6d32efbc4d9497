"""Text layouts of docs/domain/REPORT_LAYOUTS.md, written from a report value.

Each writer takes the report and a random source (the choices a real publisher's tools make:
which rows are glued, where a label wraps) and returns the text. They are built from one
neutral description of the printed report (`blocks`), so a layout differs from another only in
what REPORT_LAYOUTS.md says differs.

Pure: imports nothing from Django.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from copy import deepcopy
from dataclasses import dataclass

from .. import format as fmt
from ..model import Report
from ..render import render
from ..render.grid import grids, outcome_block
from ..render.layout import format_number, report_title, section_parts

# --- a neutral description of the printed report ---------------------------------------------


@dataclass(frozen=True)
class TableRow:
    """One printed table row: the words of its label cells and its printed numbers."""

    words: tuple[str, ...]
    numbers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Block:
    kind: str  # "title", "heading", "paragraph", "table"
    text: str = ""
    section: str = ""
    rows: tuple[TableRow, ...] = ()


def blocks(report: Report, *, single_other_row: bool = False) -> list[Block]:
    """Return the report as printed, top to bottom; tables as label words and numbers."""
    out = [Block("title", report_title(report))]
    for part in section_parts(report):
        key = part.section.key
        out.append(Block("heading", part.section.heading, key))
        out.extend(Block("paragraph", p, key) for p in part.paragraphs)
        if part.has_table:
            out.append(Block("table", section=key, rows=tuple(table_rows(report, key, single_other_row))))
    return out


def table_rows(report: Report, section: str, single_other_row: bool = False) -> Iterator[TableRow]:
    """Yield a table's rows as a browser shows them: merged labels once, in their first row."""
    if section == "applications":
        yield from _application_rows(report, single_other_row)
        return
    grid = grids(report)[section]
    for row in grid.rows:
        words = tuple(" ".join(c.lines) for c in row if c.kind != "number")
        numbers = tuple(c.lines[0] for c in row if c.kind == "number")
        yield TableRow(words, numbers)


def _application_rows(report: Report, single_other_row: bool) -> Iterator[TableRow]:
    columns = fmt.APPLICANT_COLUMNS
    organisations = [c.label for c in columns if c.organisation]
    natural, total = fmt.COLUMN_BY_CODE["natural"].label, fmt.COLUMN_BY_CODE["total"].label
    yield TableRow((fmt.APPLICANT_HEADER,))
    yield TableRow((natural, fmt.ORGANISATION_HEADER, total))
    yield TableRow(tuple(organisations))
    started, previous = False, ""
    other_group = fmt.OUTCOME_GROUPS[-1]
    for row in fmt.APPLICATION_ROWS:
        if single_other_row and row.group == other_group:
            if previous == other_group:
                continue
            codes = [r.code for r in fmt.APPLICATION_ROWS if r.group == other_group]
            numbers = tuple(
                str(sum(report.get("applications", code, c.code) or 0 for code in codes)) for c in columns
            )
            yield TableRow((row.group,), numbers)
            previous = row.group
            continue
        numbers = tuple(format_number(report.get("applications", row.code, c.code)) for c in columns)
        words: list[str] = []
        if outcome_block(row) and not started:
            words.append(fmt.OUTCOME_HEADER)
            started = True
        if row.group and row.group != previous:
            words.append(row.group)
        words.append(row.label)
        previous = row.group
        yield TableRow(tuple(words), numbers)


def single_other_expected(report: Report) -> Report:
    """What a reader can know when （六） is printed as one row: each sub-row only if the row is 0."""
    expected = deepcopy(report)
    codes = [r.code for r in fmt.APPLICATION_ROWS if r.group == fmt.OUTCOME_GROUPS[-1]]
    for column in fmt.APPLICANT_COLUMNS:
        if sum(report.get("applications", code, column.code) or 0 for code in codes) != 0:
            for code in codes:
                expected.set("applications", code, column.code, None)
    return expected


# --- writing blocks as text -------------------------------------------------------------------

RowWriter = Callable[[TableRow, random.Random], list[str]]


def write_blocks(items: list[Block], rng: random.Random, row: RowWriter, *, glue_rows: bool = False) -> str:
    """Write blocks one per line; with ``glue_rows`` a table's rows run on without line breaks."""
    lines: list[str] = []
    for block in items:
        if block.kind != "table":
            lines.append(block.text)
            continue
        written = [line for r in block.rows for line in row(r, rng)]
        lines.extend(["".join(written)] if glue_rows else written)
    return "\n".join(lines) + "\n"


def _spaced(numbers: tuple[str, ...], rng: random.Random, mode: str) -> str:
    """Join a row's numbers: all glued, all spaced, or each gap chosen at random."""
    if not numbers:
        return ""
    out = numbers[0]
    for number in numbers[1:]:
        gap = {"glued": "", "spaced": " "}.get(mode, rng.choice(("", " ")))
        out += gap + number
    return out


def _mode(rng: random.Random) -> str:
    return rng.choice(("glued", "spaced", "mixed", "mixed"))


# --- the layouts ----------------------------------------------------------------------------


def web_copy(report: Report, rng: random.Random) -> str:
    """Tables copied from a web page: tab-separated fields, merged cells as empty fields."""
    return str(render(report, "txt"))


def crawler_collapsed(report: Report, rng: random.Random) -> str:
    """Crawler text: every whitespace character removed, digits of a row run together."""
    return re.sub(r"\s+", "", web_copy(report, rng))


def crawler_spaced(report: Report, rng: random.Random) -> str:
    """Partly spaced crawler text: rows glued to the next label, cells glued or one space apart."""
    return write_blocks(
        blocks(report), rng, lambda r, g: ["".join(r.words) + _spaced(r.numbers, g, _mode(g))], glue_rows=True
    )


def remedies_one_run(report: Report, rng: random.Random) -> str:
    """Web copy whose section 四 is its header words, then the 15 cells as one partly spaced run."""

    def row(r: TableRow, g: random.Random) -> list[str]:
        if r.numbers and len(r.numbers) == 15:
            return [" " + _spaced(r.numbers, g, "mixed")]
        return ["\t".join((*r.words, *r.numbers))]

    return write_blocks(blocks(report), rng, row)


_WRAP = 14  # characters of a label cell's line in a PDF table


def pdf_text(report: Report, rng: random.Random) -> str:
    """Text extracted from a PDF: numbers space-separated; a wrapped label's numbers before or
    between its lines; page markers in the text."""

    def row(r: TableRow, g: random.Random) -> list[str]:
        label = "".join(r.words)
        numbers = " ".join(r.numbers)
        if not r.numbers:
            return [" ".join(r.words)]
        if len(label) <= _WRAP:
            return [f"{label} {numbers}"]
        first, rest = label[:_WRAP], label[_WRAP:]
        return g.choice(([numbers, first, rest], [first, numbers, rest], [first, rest, numbers]))

    text = write_blocks(blocks(report), rng, row)
    lines = text.splitlines()
    for page, at in enumerate(sorted(rng.sample(range(2, len(lines)), k=min(2, len(lines) - 2))), start=1):
        lines.insert(at + page - 1, f"— {page} —")
    return "\n".join(lines) + "\n"


def ocr_markdown(report: Report, rng: random.Random) -> str:
    """OCR'd Markdown: section 三 cut into small pipe tables with generic headers; 沭 read as 沐."""
    out: list[str] = []
    for block in blocks(report):
        if block.kind == "title":
            out += [f"# {block.text}", ""]
        elif block.kind == "heading":
            out += [f"## {block.text}", ""]
        elif block.kind == "paragraph":
            out += [block.text.replace("沭", "沐"), ""]
        elif block.section == "applications":
            body = [r for r in block.rows if r.numbers]
            out += ["| " + " | ".join(fmt.APPLICANT_HEADER if i == 0 else "" for i in range(8)) + " |", ""]
            start = 0
            while start < len(body):
                size = rng.randint(4, 9)
                out += _pipe(["项目", *(f"数据{i}" for i in range(1, 8))], body[start : start + size])
                start += size
        else:
            header = [r for r in block.rows if not r.numbers]
            body = [r for r in block.rows if r.numbers]
            for r in header:
                out.append("| " + " | ".join(r.words) + " |")
            if block.section == "remedies":
                out += _pipe([f"数据{i}" for i in range(1, 16)], body, label=False)
            else:
                out += [""]
                out += [f"| {''.join(r.words)} | {' | '.join(r.numbers)} |" for r in body]
                out.append("")
    return "\n".join(out) + "\n"


def _pipe(header: list[str], rows: list[TableRow], *, label: bool = True) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for r in rows:
        cells = (["".join(r.words)] if label else []) + list(r.numbers)
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


def single_other_row(report: Report, rng: random.Random) -> str:
    """Web copy whose （六）其他处理 is one row without its three sub-rows."""
    return write_blocks(
        blocks(report, single_other_row=True), rng, lambda r, g: ["\t".join((*r.words, *r.numbers))]
    )


_PROBLEM_TITLES = (
    "存在的主要问题及整改措施",
    "存在的主要问题及明年工作计划",
    "政府信息公开工作存在的主要问题及改进情况",
)


def renamed_sections(report: Report, rng: random.Random) -> str:
    """Web copy with the agency's own section titles, and an extra section that renumbers the rest."""
    text = web_copy(report, rng)
    problems, other = fmt.SECTION_BY_KEY["problems"], fmt.SECTION_BY_KEY["other"]
    if rng.random() < 0.5:
        text = text.replace(problems.heading, f"五、{rng.choice(_PROBLEM_TITLES)}")
        return text
    extra = "五、政府信息管理\n\n本机关健全政府信息管理制度，做好公开属性认定。\n\n"
    text = text.replace(problems.heading, extra + f"六、{rng.choice(_PROBLEM_TITLES)}")
    return text.replace(other.heading, "七、" + other.title)


def crawler_header(report: Report, rng: random.Random) -> str:
    """Web copy after the header lines a crawler writes (标题/发布时间/原文链接/文号/索引号)."""
    title = report_title(report)
    year = (report.year or 2023) + 1
    lines = [
        f"标题: {title}",
        f"发布时间: {year}-01-{rng.randint(10, 31):02d} 10:{rng.randint(0, 59):02d}",
        f"原文链接: https://www.example.gov.cn/xxgk/{year}/{rng.randint(1000, 9999)}.html",
        "文号: 无",
        f"索引号: 11410300MB{rng.randint(10000, 99999)}/{year}-{rng.randint(10, 99)}",
        "",
    ]
    return "\n".join(lines) + web_copy(report, rng)
