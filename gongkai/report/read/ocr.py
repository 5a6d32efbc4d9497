"""Read a scanned report (a PDF of page images) by OCR, table cells one by one.

Tesseract reading a whole scanned page drops lone digits in table cells and runs neighbouring
cells together across the rules ("0|0|1610"): numbers a reader cannot trust. So the table rules
are found in the image first (long runs of dark pixels), each ruled cell is cut out, and the
cells of a page are OCR'd together as a column of separate crops (one Tesseract call), each
word mapped back to where it stands on the page; the cells that may hold a number are then read
digits only, each on its own, in two ways that must agree (`_read_numbers`), and a number whose
ink is not as wide as its digits is unknown (`_as_wide_as_read`). The rest of the page (title, headings,
paragraphs) is OCR'd with the tables blanked out. The words with their page boxes then go
through the same reader as a PDF's text runs (`positioned.build_lines` → the text reader):
rows by baseline band, fields by x gaps, cuts only where totals and identities make them
unique (docs/domain/REPORT_LAYOUTS.md, "Scanned reports").

What OCR misreads must not become a wrong number: a cell whose text is not cleanly a number is
unreadable (unknown) by the text reader's own rules, and `distrust_totals` makes every cell of a
row or group whose printed total disagrees with its parts unknown, with a finding — in a scan
an OCR slip and a publisher's error cannot be told apart.

Tesseract (Debian's ``tesseract-ocr`` + ``tesseract-ocr-chi-sim``) is called through
pytesseract; `available()` says whether it is installed. Runs inside the bounded parsing process
like every reader (gongkai/core/bounded.py).

Pure: imports nothing from Django.
"""

from __future__ import annotations

import itertools
import os
import re
import statistics
import tempfile
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from .positioned import Word

__all__ = ["OCR_DPI", "available", "ocr_words"]

OCR_DPI = 300  # Tesseract reads CJK best at about 300 dpi; a 150 dpi scan is upscaled to it
LANGUAGE = "chi_sim"
_DARK = 170  # grey level below which a pixel is ink
_RULE_INCHES = 0.4  # a straight run of ink this long is a table rule (a title character is ~0.3 in)
_PAD = 24  # pixels of white around each cell in the column of crops
_MIN_CELL = 8  # pixels: a gap between two rules narrower than this is one thick rule
_INSET = 4  # pixels: a cell is cut this far inside its rules, clear of their anti-aliased edge


@lru_cache(maxsize=1)
def available() -> bool:
    """Tell whether Tesseract with the simplified Chinese model can be run."""
    try:
        # lazy: pytesseract, optional: OCR runs only where Tesseract is installed
        import pytesseract

        return LANGUAGE in pytesseract.get_languages(config="")
    except Exception:  # not installed, or the binary cannot run
        return False


@dataclass(frozen=True)
class _Number(Word):
    """A number cell's reading, boxed by its ink (an unreadable one reads ?)."""


@dataclass(frozen=True)
class _Cell:
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in page pixels


def ocr_words(data: bytes, *, max_pages: int = 200) -> list[Word]:
    """Return the words of every page with their boxes in points from the page's top left."""
    # lazy: pypdfium2, only when PDF pages are rendered or read by position
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    words: list[Word] = []
    try:
        for number, page in enumerate(document, start=1):
            if number > max_pages:
                break
            scale = OCR_DPI / 72
            image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
            words.extend(_page_words(image, number, 1 / scale))
    finally:
        document.close()
    return _as_wide_as_read(words)


def _page_words(image, page: int, to_points: float) -> list[Word]:  # type: ignore[no-untyped-def]
    # lazy: Pillow, only on the OCR path for a scanned PDF
    from PIL import Image

    width, height = image.size
    minimum = round(_RULE_INCHES * OCR_DPI)
    ink = image.point(lambda v: 0 if v < _DARK else 255).tobytes()
    across = _runs(ink, width, height, minimum)  # (y, x0, x1)
    down = _runs(
        Image.frombytes("L", (width, height), ink).transpose(Image.Transpose.TRANSPOSE).tobytes(),
        height,
        width,
        minimum,
    )  # (x, y0, y1)
    clean = bytearray(image.tobytes())
    for y, x0, x1 in across:
        for dy in (-1, 0, 1):
            if 0 <= y + dy < height:
                clean[(y + dy) * width + x0 : (y + dy) * width + x1] = b"\xff" * (x1 - x0)
    for x, y0, y1 in down:
        for dx in (-1, 0, 1):
            if 0 <= x + dx < width:
                clean[y0 * width + x + dx : y1 * width + x + dx : width] = b"\xff" * (y1 - y0)
    cleaned = Image.frombytes("L", (width, height), bytes(clean))
    cells = _cells(_lines(across, horizontal=True), _lines(down, horizontal=False))
    words = _ocr_cells(cleaned, cells, page, to_points)
    outside = cleaned.copy()
    for cell in cells:
        outside.paste(255, cell.box)
    words.extend(_ocr_block(outside, page, to_points))
    return words


def _runs(ink: bytes, width: int, height: int, minimum: int) -> list[tuple[int, int, int]]:
    """Return the runs of ink at least `minimum` long on each pixel row: (row, start, end)."""
    pattern = re.compile(rb"\x00{%d,}" % minimum)
    found = []
    for row in range(height):
        base = row * width
        for m in pattern.finditer(ink, base, base + width):
            found.append((row, m.start() - base, m.end() - base))
    return found


@dataclass
class _Rule:
    at: float  # y of a horizontal rule, x of a vertical one
    start: int
    end: int


def _lines(runs: list[tuple[int, int, int]], *, horizontal: bool) -> list[_Rule]:
    """Merge the pixel runs of one drawn rule (a few pixels thick) into one rule."""
    rules: list[_Rule] = []
    for at, start, end in sorted(runs):
        for rule in reversed(rules[-8:]):
            if at - rule.at <= 4 and start < rule.end and end > rule.start:
                rule.start, rule.end = min(rule.start, start), max(rule.end, end)
                rule.at = at if at - rule.at <= 1 else (rule.at + at) / 2
                break
        else:
            rules.append(_Rule(at, start, end))
    return rules


def _cells(across: list[_Rule], down: list[_Rule]) -> list[_Cell]:
    """Return the ruled cells: between two rules each way; a cell with no rule over it goes on
    upward into the one above (a label merged over several rows)."""
    tolerance = 6
    ys = sorted({round(r.at) for r in across})
    ys = [y for i, y in enumerate(ys) if i == 0 or y - ys[i - 1] >= _MIN_CELL]
    open_cells: dict[tuple[int, int], int] = {}  # (x0, x1) → top of a cell still open
    cells: list[_Cell] = []
    for top, bottom in itertools.pairwise(ys):
        xs = sorted({round(r.at) for r in down if r.start <= top + tolerance and r.end >= bottom - tolerance})
        xs = [x for i, x in enumerate(xs) if i == 0 or x - xs[i - 1] >= _MIN_CELL]
        slots = list(itertools.pairwise(xs))
        still_open: dict[tuple[int, int], int] = {}
        for x0, x1 in slots:
            ruled = any(
                abs(r.at - top) <= tolerance and r.start <= x0 + tolerance and r.end >= x1 - tolerance
                for r in across
            )
            start = open_cells.get((x0, x1))
            still_open[(x0, x1)] = top if ruled or start is None else start
        for slot, start in open_cells.items():
            if slot not in still_open or still_open[slot] != start:
                cells.append(_Cell((slot[0], start, slot[1], top)))
        open_cells = still_open
    if ys:
        cells.extend(_Cell((x0, start, x1, ys[-1])) for (x0, x1), start in open_cells.items())
    return [c for c in cells if c.box[2] - c.box[0] > _MIN_CELL and c.box[3] - c.box[1] > _MIN_CELL]


def _ocr_cells(image, cells: list[_Cell], page: int, to_points: float) -> list[Word]:  # type: ignore[no-untyped-def]
    """OCR every cell of a page: labels as Chinese text, numbers digits only, each cell alone.

    The crops stacked in a column, white between, are read once as Chinese: that gives the
    labels, and tells the cells that may hold a number (fewer than two Chinese characters read:
    the Chinese model reads a lone 5 as 和). Those are then read as numbers (`_read_numbers`);
    a cell whose readings do not agree is marked unreadable — unknown, never a guessed number.
    A cell's words on one OCR line are one word (a label that lost a character is still one
    field).
    """
    if not cells:
        return []
    crops = [
        image.crop((x0 + _INSET, y0 + _INSET, x1 - _INSET, y1 - _INSET))
        for x0, y0, x1, y1 in (c.box for c in cells)
    ]
    column, placed = _column(crops)
    text = _by_cell(_tesseract(column, LANGUAGE, "--psm 6"), placed)
    maybe = [i for i in range(len(cells)) if _may_be_number([t for t, _ in text.get(i, [])])]
    numbers = dict(zip(maybe, _read_numbers([crops[i] for i in maybe]), strict=True))
    words = []
    for index, cell in enumerate(cells):
        left, top = cell.box[0] + _INSET, cell.box[1] + _INSET
        if index in numbers:
            number, ink = numbers[index]
            if ink is None or (number is None and not text.get(index)):
                continue  # a blank cell, or ink no reading sees anything in (三 of a vertical label)
            found = [(number or "?", (ink[0] + left, ink[1] + top, ink[2] + left, ink[3] + top))]
        else:
            lines = text.get(index, [])
            if len(lines) > 1 and any(len(t) > 1 for t, _ in lines):
                # A label wrapped in its cell is one field, standing where the cell's text stands.
                lines = [("".join(t for t, _ in lines), _union([b for _, b in lines]))]
            dx, dy = left - _PAD, top - placed[index][0] - _PAD
            found = [(t, (b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy)) for t, b in lines]
        kind = _Number if index in numbers else Word
        for line, box in found:
            words.append(kind(line, tuple(v * to_points for v in box), page))  # type: ignore[arg-type]
    return words


def _read_numbers(crops: list) -> list[tuple[str | None, tuple[int, int, int, int] | None]]:  # type: ignore[type-arg]
    """Read each crop as one number: the number (? when the readings differ, None when none of
    them sees anything) and its ink box (None for a blank cell).

    Each crop is cut to its ink, scaled to one height and padded with white (Tesseract drops a
    lone digit that touches the image edge or sits in a wide empty cell). It is read twice,
    digits only, in two ways that fail differently: alone as a single line (psm 7, one page of
    a multi-page image per cell, so one Tesseract call reads a page's numbers), which now and
    then drops a 1 of 11; and stacked in a column with the page's other numbers (psm 6), which
    now and then reads nothing. Where the two do not agree, the cell as cut (not trimmed) is read
    in a column once more, and a value stands only when two readings give it and no reading
    gives another.
    """
    inks = [_ink(crop) for crop in crops]
    inked = [i for i, box in enumerate(inks) if box is not None]
    scaled = [_scaled(crops[i].crop(inks[i])) for i in inked]
    alone = _tesseract_pages(scaled, "eng", f"--psm 7 {_DIGITS}")
    stacked = _stacked(scaled, f"--psm 6 {_DIGITS}")
    values: dict[int, str | None] = {}
    doubtful = []
    for k, index in enumerate(inked):
        if alone[k] == stacked[k] and _clean_number(alone[k]):
            values[index] = alone[k]
        else:
            doubtful.append(k)
    if doubtful:
        again = _stacked([crops[inked[k]] for k in doubtful], f"--psm 6 {_DIGITS}")
        for k, third in zip(doubtful, again, strict=True):
            read = [r for r in (alone[k], stacked[k], third) if r]
            agreed = len(read) >= 2 and len(set(read)) == 1 and _clean_number(read[0])
            values[inked[k]] = read[0] if agreed else "?" if read else None
    return [(values.get(i), inks[i]) for i in range(len(crops))]


_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_DIGITS = "-c tessedit_char_whitelist=0123456789."
_INK = 160  # grey level below which a pixel of a number cell is ink
_NUMBER_HEIGHT = 28  # pixels: a number's ink is scaled to this height (Tesseract reads 20–30 best)
_NUMBER_PAD = 10  # white pixels around a number's ink


def _as_wide_as_read(words: list[Word]) -> list[Word]:
    """Make unreadable every number whose ink is not as wide as the digits read.

    Report figures are printed in digits of one width (tabular figures), so a number's ink is
    about one digit wide plus one digit step per further digit. Both are learnt from the
    document's own agreed readings (the font is the document's), and a reading whose digit
    count does not fit its ink by half a step is unknown: the one slip two readings of a cell
    share, a 1 of 11 dropped, changes the width by a whole step.
    """
    shapes = [
        (w.text, (w.box[2] - w.box[0]) / w.height)
        for w in words
        if isinstance(w, _Number) and _clean_number(w.text)
    ]
    singles = [ratio for text, ratio in shapes if len(text) == 1]
    if not singles:
        return words
    glyph = statistics.median(singles)
    steps = [(ratio - glyph) / (len(text) - 1) for text, ratio in shapes if len(text) > 1 and "." not in text]
    step = statistics.median(steps) if len(steps) >= _MIN_STEPS else glyph
    checked: list[Word] = []
    for word in words:
        if isinstance(word, _Number) and _clean_number(word.text):
            digits, points = len(word.text.replace(".", "")), word.text.count(".")
            ratio = (word.box[2] - word.box[0]) / word.height
            low = glyph + (digits - 1) * step - _WIDTH_SLACK * step
            high = glyph + (digits - 1 + points) * step + _WIDTH_SLACK * step
            if not low <= ratio <= high:
                word = _Number("?", word.box, word.page)
        checked.append(word)
    return checked


_MIN_STEPS = 3  # agreed numbers of several digits needed to learn the digit step; else a digit's width
_WIDTH_SLACK = 0.5  # digit steps a number's ink may be narrower or wider than its digits make it


def _ink(crop):  # type: ignore[no-untyped-def]
    """Return the box of the crop's ink, or None for a blank cell."""
    # lazy: Pillow, only on the OCR path for a scanned PDF
    from PIL import ImageOps

    return ImageOps.invert(crop.point(lambda v: 0 if v < _INK else 255)).getbbox()


def _scaled(ink):  # type: ignore[no-untyped-def]
    """Scale a number's ink to the height Tesseract reads best, padded with white."""
    # lazy: Pillow, only on the OCR path for a scanned PDF
    from PIL import Image, ImageOps

    width = max(1, round(ink.width * _NUMBER_HEIGHT / ink.height))
    return ImageOps.expand(
        ink.resize((width, _NUMBER_HEIGHT), Image.Resampling.BICUBIC), border=_NUMBER_PAD, fill=255
    )


def _column(crops: list):  # type: ignore[no-untyped-def, type-arg]
    """Stack crops in one white column: the image, and each crop's top and bottom in it."""
    # lazy: Pillow, only on the OCR path for a scanned PDF
    from PIL import Image

    width = max(c.width for c in crops) + 2 * _PAD
    column = Image.new("L", (width, sum(c.height + 2 * _PAD for c in crops)), 255)
    placed: list[tuple[int, int]] = []
    y = 0
    for crop in crops:
        column.paste(crop, (_PAD, y + _PAD))
        placed.append((y, y + crop.height + 2 * _PAD))
        y += crop.height + 2 * _PAD
    return column, placed


def _stacked(crops: list, config: str) -> list[str]:  # type: ignore[type-arg]
    """Read crops stacked in columns, each column within Tesseract's image size: each crop's
    text, its OCR lines joined by a space."""
    texts: list[str] = []
    start = 0
    while start < len(crops):
        end, height = start, 0
        while end < len(crops) and (end == start or height + crops[end].height + 2 * _PAD <= _MAX_COLUMN):
            height += crops[end].height + 2 * _PAD
            end += 1
        column, placed = _column(crops[start:end])
        found = _by_cell(_tesseract(column, "eng", config), placed)
        texts.extend(" ".join(t for t, _ in found.get(i, [])) for i in range(end - start))
        start = end
    return texts


_MAX_COLUMN = 30000  # pixels: Tesseract refuses an image taller than 32767


def _clean_number(text: str) -> bool:
    """Tell whether a reading is a number as a report prints one (no leading zero, one point)."""
    return bool(_NUMBER.fullmatch(text)) and not (len(text) > 1 and text[0] == "0" and text[1] != ".")


_CJK = re.compile(r"[\u3400-\u9fff]")


def _may_be_number(lines: list[str]) -> bool:
    """Tell whether a cell the Chinese model read so may hold a number: fewer than two Chinese
    characters (it reads a lone 5 as 和, 21 as 到), and no longer than a number is."""
    joined = "".join(lines)
    return len(_CJK.findall(joined)) < 2 and len(joined) <= 12


def _union(boxes: list[tuple[int, int, int, int]]) -> tuple[int, int, int, int]:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _by_cell(
    words: list[tuple[str, tuple[int, int, int, int], tuple[int, int, int]]], placed: list[tuple[int, int]]
) -> dict[int, list[tuple[str, tuple[int, int, int, int]]]]:
    """Group the words read from the column by cell, and each cell's words by OCR line."""
    tops = [top for top, _ in placed]
    lines: dict[tuple[int, tuple[int, int, int]], list[tuple[str, tuple[int, int, int, int]]]] = {}
    for text, box, line in words:
        middle = (box[1] + box[3]) / 2
        index = bisect_right(tops, middle) - 1
        if 0 <= index < len(placed) and middle < placed[index][1]:
            lines.setdefault((index, line), []).append((text, box))
    found: dict[int, list[tuple[str, tuple[int, int, int, int]]]] = {}
    for (index, _), parts in sorted(lines.items(), key=lambda kv: (kv[0][0], kv[1][0][1][1])):
        parts.sort(key=lambda p: p[1][0])
        joined = (
            "".join(t for t, _ in parts)
            if len(parts) == 1 or not all(_NUMBER.fullmatch(t) for t, _ in parts)
            else " ".join(t for t, _ in parts)
        )
        box = (
            min(b[0] for _, b in parts),
            min(b[1] for _, b in parts),
            max(b[2] for _, b in parts),
            max(b[3] for _, b in parts),
        )
        found.setdefault(index, []).append((joined, box))
    return found


def _ocr_block(image, page: int, to_points: float) -> list[Word]:  # type: ignore[no-untyped-def]
    """OCR the page outside its tables; an OCR line there is one field (a heading whose 、 was
    read as a gap stays one heading)."""
    lines: dict[tuple[int, int, int], list[tuple[str, tuple[int, int, int, int]]]] = {}
    for text, box, line in _tesseract(image, LANGUAGE, "--psm 6"):
        lines.setdefault(line, []).append((text, box))
    words = []
    for parts in lines.values():
        parts.sort(key=lambda p: p[1][0])
        text = ""
        for piece, _ in parts:
            text += (
                " "
                if text[-1:].isascii() and text[-1:].isalnum() and piece[:1].isascii() and piece[:1].isalnum()
                else ""
            ) + piece
        box = _union([b for _, b in parts])
        words.append(Word(text, tuple(v * to_points for v in box), page))  # type: ignore[arg-type]
    return words


def _tesseract(
    image, language: str, config: str
) -> list[tuple[str, tuple[int, int, int, int], tuple[int, int, int]]]:  # type: ignore[no-untyped-def]
    """Return Tesseract's words: text, pixel box (left, top, right, bottom) and line id."""
    # lazy: pytesseract, optional: OCR runs only where Tesseract is installed
    import pytesseract

    # One thread: OpenMP threads of Tesseract only contend on a shared 2-core machine, and each
    # parsing process is one reader already (gongkai/core/bounded.py).
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    data = pytesseract.image_to_data(image, lang=language, config=config, output_type=pytesseract.Output.DICT)
    found = []
    for i, text in enumerate(data["text"]):
        if text.strip() and float(data["conf"][i]) >= 0:
            left, top = data["left"][i], data["top"][i]
            line = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            found.append((text.strip(), (left, top, left + data["width"][i], top + data["height"][i]), line))
    return found


def _tesseract_pages(images: list, language: str, config: str) -> list[str]:  # type: ignore[type-arg]
    """Read each image as one page of a multi-page TIFF (one Tesseract call): the text of each."""
    # lazy: pytesseract, optional: OCR runs only where Tesseract is installed
    import pytesseract

    if not images:
        return []
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    with tempfile.TemporaryDirectory(prefix="gongkai-ocr-") as folder:
        path = os.path.join(folder, "cells.tif")
        images[0].save(path, save_all=True, append_images=images[1:])
        data = pytesseract.image_to_data(
            path, lang=language, config=config, output_type=pytesseract.Output.DICT
        )
    texts = [""] * len(images)
    for i, text in enumerate(data["text"]):
        if text.strip() and float(data["conf"][i]) >= 0 and 1 <= data["page_num"][i] <= len(images):
            texts[data["page_num"][i] - 1] += text.strip()
    return texts
