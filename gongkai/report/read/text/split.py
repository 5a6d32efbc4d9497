"""Cut the numbers printed for a row into its cells, even when they run together.

Crawler text loses the spaces between numbers: `801000081` is 80|1|0|0|0|0|81 only because the
total column (81) must be the sum of the six applicant columns and numbers have no leading
zeros (docs/domain/REPORT_LAYOUTS.md). `split_row` enumerates the cuts of such runs under those
constraints (bounded search); `resolve_applications` then uses the identities printed in the
section 三 table (RULES.md §6: per column, row 一 + row 二 = row 三(七) + row 四, and 三(七) = the
sum of the 21 outcome rows) to choose among the cuts of rows that are still ambiguous. A row
that no constraint makes unique stays unknown — never a guess.

Pure: imports nothing from Django.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from ... import format as fmt
from ...model import Number
from ..normalize import ANNOTATED, EMPTY, parse_cell
from .tokens import CELL, EMPTY_FIELD, Chunk

Cell = tuple[Number, str | None]  # (value, problem of normalize.parse_cell)

OK = "ok"
MISMATCH = "mismatch"  # numbers standing apart, but not as many as the row has cells
AMBIGUOUS = "ambiguous"  # digits run together that several cuts explain
IMPOSSIBLE = "impossible"  # digits run together that no cut explains

_MAX_CELL_DIGITS = 7  # no count in a report reaches ten million
_STEP_LIMIT = 10_000  # search nodes per row before a run is given up as ambiguous
_CANDIDATE_LIMIT = 64
_MASK_DIGITS = 12  # a run this long in a row whose total is below _MASK_TOTAL: sums by bit mask
_MASK_TOTAL = 100_000
_FEW_DIGITS_MORE = 2  # at most this many digits more than cells before a total: cut at once (`_few_cuts`)
_SLAB_TOTAL = 1023  # a whole-run row whose total is at most this: cut by reachable sums (`_slab_cuts`)
_COMBINATION_LIMIT = 5_000  # cross-row combinations tried before giving up


@dataclass(frozen=True)
class Shape:
    """How many cells a row has and which groups of them end in their own total."""

    size: int
    sums: tuple[int, ...] = ()  # sizes of consecutive groups whose last cell sums the others


APPLICATION_SHAPE = Shape(len(fmt.APPLICANT_COLUMNS), (len(fmt.APPLICANT_COLUMNS),))
REMEDY_SHAPE = Shape(len(fmt.REMEDY_CELLS), (len(fmt.REMEDY_CELLS),))
REMEDIES_SHAPE = Shape(
    len(fmt.REMEDY_CELLS) * len(fmt.REMEDY_GROUPS), (len(fmt.REMEDY_CELLS),) * len(fmt.REMEDY_GROUPS)
)


@dataclass
class Split:
    """The cells of one row, or why there are none."""

    outcome: str
    cells: tuple[Cell, ...] | None = None
    candidates: list[tuple[Cell, ...]] = field(default_factory=list)  # when AMBIGUOUS: every cut, or none

    found: int = 0  # numbers found, for a MISMATCH message


class _Item:
    """A piece of a row to cut: a number standing apart, or a run of digits (with its note).

    A plain class with slots: a row makes one per piece, and a frozen dataclass's __init__
    (object.__setattr__ per field) cost more than the cut of most rows.
    """

    __slots__ = ("cell", "digits", "note")

    def __init__(self, cell: Cell | None = None, digits: str = "", note: str = "") -> None:
        self.cell = cell  # a number standing apart
        self.digits = digits  # a run of digits to be cut
        self.note = note


def split_row(chunks: list[Chunk], lead: int, trail: int, shape: Shape) -> Split:
    """Return the cells of a row from its printed chunks and the blank fields around them.

    Cached for short rows: the same digits are cut the same way, and reports repeat rows
    (0000000, 1000001); a long row (hostile input) is cut without keeping it.
    """
    if all(c.kind == CELL for c in chunks):  # every number stands apart: nothing to cut
        cells = [(None, EMPTY) if c.text == EMPTY_FIELD else parse_cell(c.text) for c in chunks]
        return _standing_apart(cells, lead, trail, shape)
    if len(chunks) == shape.size and (whole := _one_cell_each(chunks)) is not None:
        return Split(OK, whole)  # the structure's only cut: each piece one cell
    key = tuple(chunks)
    if sum(len(c.text) + len(c.note) for c in key) > _CACHED_ROW_CHARS:
        return _split(key, lead, trail, shape)
    outcome, cells, candidates, found = _split_cached(key, lead, trail, shape)
    return Split(outcome, cells, list(candidates), found)


_CACHED_ROW_CHARS = 80


def _split(chunks: tuple[Chunk, ...], lead: int, trail: int, shape: Shape) -> Split:
    """Cut a row with at least one run of digits (see `split_row`)."""
    items = [_item(c) for c in chunks]  # more pieces than cells, or one that is no single cell
    # The cuts that keep the totals are some of the cuts at all (`structural`), so either search
    # may go first with the same outcome: one cut or several listed by the totals decide the row
    # whatever the structure says; only when the totals find none, or give up, does a cut unique
    # by structure alone matter (a misprinted total is then the checks' business). Structure
    # first when the row has a piece per cell (PDF text: often unique at once), else the totals.
    if len(items) >= shape.size:
        structural = _Search(items, shape, check=False, limit=2).run()
        if len(structural.results) == 1 and not structural.exhausted:
            return Split(OK, structural.results[0])
    else:
        structural = None
    constrained = (
        _TotalFirst(items, shape.size)
        if _TotalFirst.applies(items, shape)
        else _Search(items, shape, check=True, limit=_CANDIDATE_LIMIT)
    )
    constrained.run()
    if not constrained.exhausted and len(constrained.results) == 1:
        return Split(OK, constrained.results[0])
    if not constrained.exhausted and 1 < len(constrained.results) < _CANDIDATE_LIMIT:
        return Split(AMBIGUOUS, candidates=constrained.results)
    if constrained.results and not constrained.exhausted:
        return Split(AMBIGUOUS)  # too many cuts to list: only the identities can fix the row
    if structural is None:
        structural = _Search(items, shape, check=False, limit=2).run()
        if len(structural.results) == 1 and not structural.exhausted:
            return Split(OK, structural.results[0])
    return Split(AMBIGUOUS) if constrained.exhausted else Split(IMPOSSIBLE)


@lru_cache(maxsize=4096)
def _split_cached(
    chunks: tuple[Chunk, ...], lead: int, trail: int, shape: Shape
) -> tuple[str, tuple[Cell, ...] | None, tuple[tuple[Cell, ...], ...], int]:
    """`_split` kept as tuples: the garbage collector stops walking tuples of numbers."""
    found = _split(chunks, lead, trail, shape)
    return found.outcome, found.cells, tuple(found.candidates), found.found


def _item(chunk: Chunk) -> _Item:
    if chunk.kind == CELL:
        return _Item(cell=(None, EMPTY) if chunk.text == EMPTY_FIELD else parse_cell(chunk.text))
    return _Item(digits=chunk.text, note=chunk.note)


def all_cuts(chunks: list[Chunk], shape: Shape, *, limit: int = 10_000) -> list[Values] | None:
    """Return every cut of a row that the row itself allows, or None when there are more.

    What a perfect reader could know from the row alone: its cell count, numbers without
    leading zeros of at most seven digits, and each group's total. For measuring (the bench
    shows that a cell left unknown takes several values among these cuts); the reader itself
    stops far earlier.
    """
    search = _Search([_item(c) for c in chunks], shape, check=True, limit=limit, steps=100 * limit).run()
    if search.exhausted or len(search.results) >= limit:
        return None
    return [tuple(value for value, _ in cut) for cut in search.results]


def _one_cell_each(chunks: list[Chunk]) -> tuple[Cell, ...] | None:
    """Return the cells of a row with as many pieces as cells when each piece is a number.

    Every run gives at least one cell, so with a piece per cell each is one cell: the only cut
    there is (what the structural search finds, without searching). None when a run cannot be
    one cell (a leading zero, more than seven digits, a decimal) — the search then decides.
    """
    cells: list[Cell] = []
    for chunk in chunks:
        digits = chunk.text
        if chunk.kind == CELL:
            cells.append((None, EMPTY) if digits == EMPTY_FIELD else parse_cell(digits))
            continue
        if not (digits.isascii() and digits.isdigit()) or len(digits) > _MAX_CELL_DIGITS:
            return None
        if digits[0] == "0" and len(digits) > 1:
            return None
        cells.append((int(digits), ANNOTATED if chunk.note else None))
    return tuple(cells)


def _standing_apart(cells: list[Cell], lead: int, trail: int, shape: Shape) -> Split:
    """Place numbers that stand apart; blank fields fill a short row only where unambiguous.

    A copied web table leaves blank fields both for empty cells and for merged label cells, so
    blanks count as empty cells only when they lie on one side of the numbers alone.
    """
    missing = shape.size - len(cells)
    if missing == 0:
        return Split(OK, tuple(cells))
    blank: list[Cell] = [(None, EMPTY)] * max(missing, 0)
    if missing > 0 and cells and lead == 0 and trail >= missing:
        return Split(OK, (*cells, *blank))
    if missing > 0 and lead >= missing and trail == 0:
        return Split(OK, (*blank, *cells))
    return Split(MISMATCH, found=len(cells))


class _Search:
    """Depth-first enumeration of the cuts of a row's runs, pruned by the row's totals."""

    def __init__(
        self, items: list[_Item], shape: Shape, *, check: bool, limit: int, steps: int = _STEP_LIMIT
    ) -> None:
        self.items = items
        self.step_limit = steps
        self.shape = shape
        self.check = check
        self.limit = limit
        self.results: list[tuple[Cell, ...]] = []
        self.steps = 0
        self.exhausted = False
        self.group_of = _group_bounds(shape)
        self.later_min = [len(items) - i - 1 for i in range(len(items))]
        self.later_max = [
            sum(1 if it.cell is not None else len(it.digits) for it in items[i + 1 :])
            for i in range(len(items))
        ]

    def run(self) -> _Search:
        self._walk(0, 0, [])
        return self

    def _walk(self, index: int, offset: int, cells: list[Cell]) -> None:
        self.steps += 1
        if self.steps > self.step_limit:
            self.exhausted = True
            return
        if len(self.results) >= self.limit or len(cells) > self.shape.size:
            return
        if index == len(self.items):
            if len(cells) == self.shape.size:
                self.results.append(tuple(cells))
            return
        item = self.items[index]
        if item.cell is not None:
            if self._fits(cells, item.cell[0]):
                cells.append(item.cell)
                self._walk(index + 1, 0, cells)
                cells.pop()
            return
        # the group a cell placed here would close, read once for every length (its total forces
        # the cell's text; `_fits`, inlined: this is the search's innermost step)
        bounds = self.group_of.get(len(cells)) if self.check else None
        total: Number = None
        if bounds is not None:
            parts = [v for v, _ in cells[bounds[0] :]]
            if None not in parts:
                total = sum(parts)  # type: ignore[arg-type]  # no None left
        for length in self._lengths(index, offset, cells, total):
            end = offset + length
            value = _number(item.digits[offset:end])
            if total is not None and value is not None and value != total:
                continue
            finished = end == len(item.digits)
            cells.append((value, ANNOTATED if finished and item.note else None))
            self._walk(index + 1 if finished else index, 0 if finished else end, cells)
            cells.pop()

    def _lengths(self, index: int, offset: int, cells: list[Cell], total: Number = None) -> list[int]:
        """Return the lengths the next cell may take inside a run.

        No leading zeros; at most seven digits; a decimal point stays inside one cell, which
        then ends the run (only the fee amount is a decimal). A known group total forces the
        next cell outright.
        """
        digits = self.items[index].digits
        forced = str(total) if total is not None and not isinstance(total, Decimal) else None
        if forced is not None and not digits.startswith(forced, offset):
            return []  # a group's known total that is not printed here
        size = len(digits)
        dot = digits.find(".")
        last_cut = size if dot < 0 else dot - 1  # a cell before the decimal's own cell
        top = min(offset + _MAX_CELL_DIGITS, last_cut)
        ends = list(range(offset + 1, top + 1))
        if not offset < size <= top:  # the whole rest of the run as one cell, when it can be
            rest = size - offset if dot < 0 else len(digits[offset:].split(".")[0])
            if rest <= _MAX_CELL_DIGITS:
                ends.append(size)
        after = self.shape.size - len(cells) - 1  # cells still to place after this one
        least, most = self.later_min[index], self.later_max[index]
        # a piece longer than one digit may not start with 0 (unless a decimal point follows)
        zero = digits[offset] == "0" and (offset + 1 == size or digits[offset + 1] != ".")
        wanted = len(forced) if forced is not None else 0  # the run starts with the forced text
        lengths = []
        for end in ends:
            if zero and end > offset + 1:
                continue
            if wanted and end - offset != wanted:
                continue
            if end == size:
                if not least <= after <= most:
                    continue
            elif not 1 + least <= after <= size - end + most:
                continue
            lengths.append(end - offset)
        return lengths

    def _fits(self, cells: list[Cell], value: Number) -> bool:
        if not self.check or value is None:
            return True
        bounds = self.group_of.get(len(cells))
        if bounds is None:
            return True
        parts = [v for v, _ in cells[bounds[0] :]]
        return any(v is None for v in parts) or sum(parts) == value  # type: ignore[arg-type]


class _TotalFirst:
    """The cuts of a row that is one group ending in its total (section 三, a remedy group).

    The total is the last cell: a number standing apart, or a suffix of the last run, so it is
    chosen first; the other cells are then cut from the rest in order with their running sum
    never above it (counts are never negative), and a state (place, cells left, running sum)
    once found to give no cut is not walked again. Gives what `_Search` gives for such a row,
    without walking the cuts whose sum overshoots. Whole numbers only: a row with a decimal or
    an empty field goes to `_Search`.
    """

    def __init__(self, items: list[_Item] | _Item, size: int) -> None:
        self.items = [items] if isinstance(items, _Item) else items
        self.size = size
        self.results: list[tuple[Cell, ...]] = []
        self.steps = 0
        self.exhausted = False

    @staticmethod
    def applies(items: list[_Item], shape: Shape) -> bool:
        if shape.sums != (shape.size,) or not items:
            return False
        for item in items:
            if item.cell is not None:
                if type(item.cell[0]) is not int:
                    return False
            elif "." in item.digits or not item.digits.isdigit():
                return False
        return True

    def run(self) -> _TotalFirst:
        *before, last = self.items
        parts = self.size - 1
        # Casting out nines: a number leaves the remainder of its digit sum when divided by 9,
        # so the cells, however the runs are cut, sum to the digit sum of everything printed
        # before the total (mod 9). A total that disagrees has no cut: no walk is needed.
        nines = sum(_nines(item) for item in self.items) % 9
        printed = sum(1 if item.cell is not None else len(item.digits) for item in before)  # digits, cells
        if last.cell is not None:
            if (nines - 2 * last.cell[0]) % 9 == 0:  # type: ignore[operator]  # whole numbers only
                self._walk_all(before, last.cell[0], last.cell, printed)
            return self
        digits = last.digits
        for length in range(1, min(_MAX_CELL_DIGITS, len(digits)) + 1):
            text = digits[-length:]
            if len(text) > 1 and text[0] == "0":
                continue
            total = int(text)
            if (nines - 2 * total) % 9:  # the cells before would leave another remainder
                continue
            rest = digits[:-length]
            items = [*before, _Item(digits=rest)] if rest else before
            if printed + len(rest) < parts:
                break  # a longer total leaves still fewer digits
            self._walk_all(items, total, (total, ANNOTATED if last.note else None), printed + len(rest))
            if self.exhausted or len(self.results) >= _CANDIDATE_LIMIT:
                return self
        return self

    def _walk_all(self, items: list[_Item], total: int, cell: Cell, printed: int = -1) -> None:
        """List the cuts of the items before a total; `printed`: their digits and standing cells."""
        if printed < 0:
            printed = sum(1 if item.cell is not None else len(item.digits) for item in items)
        if printed <= self.size - 1 + _FEW_DIGITS_MORE:
            self._few_cuts(items, total, cell)
            return
        if (
            len(items) == 1
            and items[0].cell is None
            and total <= _SLAB_TOTAL
            and len(items[0].digits) <= (self.size - 1) * _MAX_CELL_DIGITS  # else no cut: no work
        ):
            self._slab_cuts(items[0], total, cell)
            return
        self._items = items
        self._total = total
        self._total_cell = cell
        # per index, over the items after it: the most cells they give, the sum of the numbers
        # standing apart and how many there are, the digits of the runs and their value as one
        # number (no cut of a run sums to more than the run read whole)
        count = len(items)
        self._later_max = [0] * (count + 1)
        self._later_sum = [0] * (count + 1)
        self._later_cells = [0] * (count + 1)
        self._later_digits = [0] * (count + 1)
        self._later_value = [0] * (count + 1)
        for index in range(count - 1, 0, -1):
            item = items[index]
            standing = item.cell is not None
            self._later_max[index - 1] = self._later_max[index] + (1 if standing else len(item.digits))
            self._later_sum[index - 1] = self._later_sum[index] + (item.cell[0] if standing else 0)  # type: ignore[index,operator]
            self._later_cells[index - 1] = self._later_cells[index] + standing
            self._later_digits[index - 1] = self._later_digits[index] + (0 if standing else len(item.digits))
            self._later_value[index - 1] = self._later_value[index] + (0 if standing else int(item.digits))
        self._dead: set[tuple[int, int, int, int]] = set()
        # A long row with a small total: first say, per place, which sums the cells left can
        # make (a bit per sum, as one integer), so the walk only goes where a cut exists.
        self._masks: dict[tuple[int, int, int], int] | None = None
        longest = max((len(item.digits) for item in items), default=0)
        if longest >= _MASK_DIGITS and total < _MASK_TOTAL:
            self._masks = {}
            self._limit = (1 << (total + 1)) - 1
            if not self._sums(0, 0, self.size - 1) >> total & 1:
                return
        self._walk(0, 0, 0, [])

    def _few_cuts(self, items: list[_Item], total: int, cell: Cell) -> None:
        """List the cuts at once when the digits before the total are at most two more than its
        cells.

        Read every digit as a cell: the cells sum to the digits' sum, and making a digit `a` the
        first of a two-digit cell `ab` adds 9a, of a three-digit cell `abc` 99a + 9b. So the
        total says what the longer cells add: with as many digits as cells nothing (each digit
        a cell), with one more 9a (the one two-digit cell's first digit is fixed), with two more
        one three-digit cell or two two-digit ones that add it. A longer cell starts with a
        digit other than 0 inside a run. Most rows of section 三 are these (mostly zeros).
        Listed in the search's order: shorter cells first, place by place.
        """
        parts = self.size - 1
        singles: list[Cell] = []  # every digit a cell, in order
        ends: list[bool] = []  # per cell: the last digit of its run (a standing cell: True)
        digit_sum = 0
        for item in items:
            if item.cell is not None:
                singles.append(item.cell)
                ends.append(True)
                digit_sum += item.cell[0]  # type: ignore[operator]  # whole numbers only
                continue
            digits, last = item.digits, ANNOTATED if item.note else None
            for place, char in enumerate(digits, start=1 - len(digits)):
                value = ord(char) - 48
                singles.append((value, last if place == 0 else None))
                ends.append(place == 0)
                digit_sum += value
        extra = len(singles) - parts
        results = self.results
        if extra <= 0:
            if extra == 0 and digit_sum == total and len(results) < _CANDIDATE_LIMIT:
                results.append((*singles, cell))
            return  # fewer digits than cells: no cut
        added, rest = divmod(total - digit_sum, 9)
        if rest or added < 1:
            return
        # where a longer cell may start: inside a run, not on a 0
        starts = [at for at in range(len(singles) - 1) if not ends[at] and singles[at][0]]
        if extra == 1:
            for at in reversed(starts):  # the two-digit cell as late as it goes, first
                if singles[at][0] == added and len(results) < _CANDIDATE_LIMIT:
                    results.append((*singles[:at], _joined(singles, at, 2), *singles[at + 2 :], cell))
            return
        found: list[tuple[tuple[int, ...], tuple[Cell, ...]]] = []  # (cell lengths, cut)
        for at in starts:
            first = singles[at][0]
            if not ends[at + 1] and 11 * first + singles[at + 1][0] == added:  # type: ignore[operator]
                lengths = (1,) * at + (3,)
                found.append((lengths, (*singles[:at], _joined(singles, at, 3), *singles[at + 3 :], cell)))
            for other in starts:
                if other >= at + 2 and first + singles[other][0] == added:  # type: ignore[operator]
                    lengths = (1,) * at + (2,) + (1,) * (other - at - 2) + (2,)
                    cut = (
                        *singles[:at],
                        _joined(singles, at, 2),
                        *singles[at + 2 : other],
                        _joined(singles, other, 2),
                        *singles[other + 2 :],
                        cell,
                    )
                    found.append((lengths, cut))
        for _, cut in sorted(found, key=lambda pair: pair[0] + (1,) * (parts - len(pair[0]))):
            if len(results) < _CANDIDATE_LIMIT:
                results.append(cut)

    def _slab_cuts(self, run: _Item, total: int, cell: Cell) -> None:
        """List the cuts of one run into the cells before a small total, by reachable sums.

        Going along the run, each place keeps one integer whose bits say which (cells so far,
        their sum) can end there: bit cells × width + sum, the width twice the total so that a
        sum past the total falls out of its slab and is masked off. Then the cuts are read back
        from the end through the places where a bit is set: only cuts that exist are walked.
        """
        digits, parts = run.digits, self.size - 1
        size, width = len(digits), 2 * total + 1
        slab = (1 << (total + 1)) - 1
        keep = 0
        for count in range(parts + 1):
            keep |= slab << (count * width)
        reach = [0] * (size + 1)
        reach[0] = 1
        # Masked when read, not when written: a kept sum (at most the total) plus a cell (at most
        # the total) stays inside its slab, so the bits outside `keep` are only ever dropped.
        for place in range(size):
            bits = reach[place] & keep
            if not bits:
                continue
            if digits[place] == "0":  # a 0 is a cell of its own: no leading zeros
                reach[place + 1] |= bits << width
                continue
            value = 0
            for end in range(place + 1, min(place + _MAX_CELL_DIGITS, size) + 1):
                value = value * 10 + ord(digits[end - 1]) - 48
                if value > total:
                    break
                reach[end] |= bits << (width + value)
        if not reach[size] >> (parts * width + total) & 1:
            return
        last = ANNOTATED if run.note else None
        found: list[tuple[Cell, ...]] = []
        cells: list[Cell] = []

        def back(end: int, count: int, left: int) -> None:
            if len(found) + len(self.results) >= _CANDIDATE_LIMIT:
                return
            if count == 1:  # the first cell: all that is left of the run, its sum what is left
                if end <= _MAX_CELL_DIGITS and (end == 1 or digits[0] != "0") and int(digits[:end]) == left:
                    found.append(((left, last if end == size else None), *reversed(cells), cell))
                return
            if count == 0:
                if end == 0 and left == 0:
                    found.append((*reversed(cells), cell))
                return
            for start in range(end - 1, max(end - _MAX_CELL_DIGITS, 0) - 1, -1):
                if digits[start] == "0" and end - start > 1:
                    continue
                value = int(digits[start:end])
                if value > left:
                    break  # a longer piece is worth at least as much
                if reach[start] >> ((count - 1) * width + left - value) & 1:
                    cells.append((value, last if end == size else None))
                    back(start, count - 1, left - value)
                    cells.pop()

        back(size, parts, total)
        self.results.extend(sorted(found, key=lambda cut: [len(str(v)) for v, _ in cut]))

    def _sums(self, index: int, offset: int, left: int) -> int:
        """The sums `left` cells cut from the items from here can make: bit n set for sum n."""
        masks = self._masks
        assert masks is not None
        key = (index, offset, left)
        found = masks.get(key)
        if found is not None:
            return found
        items = self._items
        mask = 0
        if index == len(items):
            mask = 1 if left == 0 else 0
        elif left > 0:
            item = items[index]
            if item.cell is not None:
                mask = self._sums(index + 1, 0, left - 1) << item.cell[0]  # type: ignore[operator]
            else:
                digits = item.digits
                longest = 1 if digits[offset] == "0" else min(_MAX_CELL_DIGITS, len(digits) - offset)
                for length in range(1, longest + 1):
                    end = offset + length
                    value = int(digits[offset:end])
                    if value > self._total:
                        break
                    finished = end == len(digits)
                    mask |= (
                        self._sums(index + 1 if finished else index, 0 if finished else end, left - 1)
                        << value
                    )
            mask &= self._limit
        masks[key] = mask
        return mask

    def _walk(self, index: int, offset: int, running: int, cells: list[Cell]) -> None:
        self.steps += 1
        if self.steps > _STEP_LIMIT:
            self.exhausted = True
            return
        if len(self.results) >= _CANDIDATE_LIMIT:
            return
        items = self._items
        left = self.size - 1 - len(cells)
        if index == len(items):
            if left == 0 and running == self._total:
                self.results.append((*cells, self._total_cell))
            return
        if self._masks is not None:  # exact: go on only where the cells left can make the rest
            if self._sums(index, offset, left) >> (self._total - running) & 1:
                self._explore(index, offset, running, cells, left)
            return
        item = items[index]
        # the cells left must be as many as the items can give, and able to make up the total
        # (`_reachable`, inlined here: this is the search's innermost step)
        standing_sum, standing = self._later_sum[index], self._later_cells[index]
        run_digits, run_value = self._later_digits[index], self._later_value[index]
        if item.cell is not None:
            if not len(items) - index <= left <= 1 + self._later_max[index]:
                return
            standing_sum += item.cell[0]  # type: ignore[operator]  # whole numbers only
            standing += 1
        else:
            rest = item.digits[offset:]
            if not len(items) - index <= left <= len(rest) + self._later_max[index]:
                return
            run_digits += len(rest)
            run_value += int(rest)
        need = self._total - running - standing_sum
        if need < 0:
            return
        run_cells = left - standing
        if run_cells <= 0:
            if need:
                return
        elif (
            not _least_sum(run_digits, run_cells) <= need <= min(run_value, _most_sum(run_digits, run_cells))
        ):
            return
        state = (index, offset, left, running)
        if state in self._dead:
            return
        found = len(self.results)
        self._explore(index, offset, running, cells, left)
        if len(self.results) == found and not self.exhausted:
            self._dead.add(state)

    # Why the bounds hold: the numbers standing apart are fixed. The cells cut from the runs
    # share their digits: a cell of two or more digits is at least 10**(digits - 1) (no leading
    # zeros), so they sum to at least what the most even share of the digits gives; and at most
    # both the runs read whole and what the least even share gives (as many seven-digit cells as
    # the digits allow).

    def _explore(self, index: int, offset: int, running: int, cells: list[Cell], left: int) -> None:
        item = self._items[index]
        if item.cell is not None:
            value = item.cell[0]
            if running + value <= self._total:  # type: ignore[operator]  # whole numbers only
                cells.append(item.cell)
                self._walk(index + 1, 0, running + value, cells)  # type: ignore[operator]
                cells.pop()
            return
        digits = item.digits
        if left == 1:  # the last cell: the rest of the last run, whole
            rest = digits[offset:]
            if (
                index == len(self._items) - 1
                and len(rest) <= _MAX_CELL_DIGITS
                and (rest[0] != "0" or len(rest) == 1)
            ):
                value = int(rest)
                if running + value == self._total:
                    self.results.append((*cells, (value, ANNOTATED if item.note else None), self._total_cell))
            return
        longest = min(_MAX_CELL_DIGITS, len(digits) - offset)
        if digits[offset] == "0":
            longest = 1
        for length in range(1, longest + 1):
            end = offset + length
            value = int(digits[offset:end])
            if running + value > self._total:
                break
            finished = end == len(digits)
            cells.append((value, ANNOTATED if finished and item.note else None))
            self._walk(index + 1 if finished else index, 0 if finished else end, running + value, cells)
            cells.pop()


def _joined(singles: list[Cell], at: int, length: int) -> Cell:
    """The cell of `length` digits read as cells of one digit from `at` on (its note: the last's)."""
    value = 0
    for digit, _ in singles[at : at + length]:
        value = value * 10 + digit  # type: ignore[operator]  # whole numbers only
    return value, singles[at + length - 1][1]


def _nines(item: _Item) -> int:
    """The digit sum of an item's printed digits: its remainder mod 9, whatever the cut."""
    if item.cell is not None:
        return item.cell[0]  # type: ignore[return-value]  # whole numbers only
    return _digit_sum(item.digits)


@lru_cache(maxsize=4096)
def _digit_sum(digits: str) -> int:
    return sum(map(int, digits))


@lru_cache(maxsize=1024)
def _least_sum(digits: int, cells: int) -> int:
    """The least sum of `cells` numbers printed with `digits` digits in all (no leading zeros)."""
    share, longer = divmod(digits, cells)
    return longer * _floor(share + 1) + (cells - longer) * _floor(share)


@lru_cache(maxsize=1024)
def _most_sum(digits: int, cells: int) -> int:
    """The greatest sum of `cells` numbers of at most seven digits printed with `digits` digits."""
    extra = digits - cells  # digits beyond one per cell
    full, rest = divmod(extra, _MAX_CELL_DIGITS - 1)
    if full >= cells:
        return cells * (10**_MAX_CELL_DIGITS - 1)
    return full * (10**_MAX_CELL_DIGITS - 1) + (10 ** (rest + 1) - 1) + 9 * (cells - full - 1)


def _floor(length: int) -> int:
    """The least number printed with `length` digits: 0, 10, 100 …"""
    return 10 ** (length - 1) if length >= 2 else 0


def _group_bounds(shape: Shape) -> dict[int, tuple[int, int]]:
    """Map the index of each group's total cell to (first index, total index) of its group."""
    bounds = {}
    start = 0
    for size in shape.sums:
        bounds[start + size - 1] = (start, start + size - 1)
        start += size
    return bounds


def _number(text: str) -> Number:
    return Decimal(text) if "." in text else int(text)


# --- section 三: the identities across rows -------------------------------------------------------

_FIRST, _CARRIED = (r.code for r in fmt.APPLICATION_ROWS[:2])
_TOTAL, _FORWARD = (r.code for r in fmt.APPLICATION_ROWS[-2:])
IDENTITIES: tuple[dict[str, int], ...] = (
    {_FIRST: 1, _CARRIED: 1, _TOTAL: -1, _FORWARD: -1},  # 一 + 二 = 三(七) + 四
    {_TOTAL: 1, **{code: -1 for code in fmt.OUTCOME_CODES}},  # 三(七) = Σ outcome rows
)

Values = tuple[Number, ...]


def resolve_applications(
    rows: dict[str, list[Values]], fits: Callable[[str, Values], bool] | None = None
) -> tuple[dict[str, Values | None], set[str]]:
    """Choose the cuts of ambiguous rows by the identities of the section 三 table.

    `rows` maps each row found to its candidate values: one when certain, several when the
    cuts were all listed, none when they were too many to list (an open row). Every combination
    of the listed cuts is tried; in each, an identity with a single open row gives that row
    column by column from the others (三(七) from the 21 outcome rows, then 一 from 二, 三(七)
    and 四), kept only if `fits` says the printed digits are exactly those numbers run together.
    A combination passes when every identity whose rows are all known holds (RULES.md §6). A
    row is decided when every passing combination gives it the same values. Returns the values
    chosen per row (None where still ambiguous) and the rows the identities decided.
    """
    chosen: dict[str, Values | None] = {code: c[0] if len(c) == 1 else None for code, c in rows.items()}
    listed = [code for code, c in rows.items() if len(c) > 1]
    opened = [code for code, c in rows.items() if not c] if fits is not None else []
    usable = [
        i
        for i in IDENTITIES
        if all(code in rows for code in i) and any(code in i for code in listed + opened)
    ]
    if not usable:
        return chosen, set()
    combinations = 1
    for code in listed:
        combinations *= len(rows[code])
    if combinations > _COMBINATION_LIMIT:
        return chosen, set()
    passing: list[dict[str, Values | None]] = []
    for combo in itertools.product(*(rows[code] for code in listed)):
        values = {**chosen, **dict(zip(listed, combo, strict=True))}
        if _derive(values, opened, usable, fits) and all(_holds(identity, values) for identity in usable):
            passing.append(values)
    decided: set[str] = set()
    for code in listed + opened:
        options = {values[code] for values in passing}
        if len(options) == 1 and (only := options.pop()) is not None:
            chosen[code] = only
            decided.add(code)
    return chosen, decided


def _derive(
    values: dict[str, Values | None],
    opened: list[str],
    identities: list[dict[str, int]],
    fits: Callable[[str, Values], bool] | None,
) -> bool:
    """Give each open row an identity fixes from known rows, while any can be given; False
    when a row so fixed is not what is printed (the combination is then impossible)."""
    width = len(fmt.APPLICANT_COLUMNS)
    progress = fits is not None
    while progress:
        progress = False
        for identity in identities:
            unknown = [code for code in identity if values[code] is None]
            if len(unknown) != 1 or unknown[0] not in opened:
                continue
            code = unknown[0]
            known = [values[other] for other in identity if other != code]
            if any(v is None for row in known for v in row):  # type: ignore[union-attr]
                continue
            derived = tuple(
                -sum(f * values[o][column] for o, f in identity.items() if o != code)  # type: ignore[index]
                * identity[code]
                for column in range(width)
            )
            if any(v < 0 for v in derived) or not fits(code, derived):  # type: ignore[misc,operator]
                return False
            values[code] = derived
            progress = True
    return True


def _holds(identity: dict[str, int], values: dict[str, Values | None]) -> bool:
    """Tell whether an identity holds in every column where all its cells are known."""
    width = len(fmt.APPLICANT_COLUMNS)
    for column in range(width):
        total = 0
        for code, factor in identity.items():
            row = values.get(code)
            value = row[column] if row is not None else None
            if value is None:
                break
            total += factor * value
        else:
            if total != 0:
                return False
    return True


def run_fits(chunks: list[Chunk], values: Values) -> bool:
    """Tell whether a row's printed chunks are exactly these values, runs cut where they join."""
    index = 0
    for chunk in chunks:
        if chunk.kind == CELL:
            parsed = (None, EMPTY) if chunk.text == EMPTY_FIELD else parse_cell(chunk.text)
            if index >= len(values) or parsed[0] != values[index]:
                return False
            index += 1
            continue
        position = 0
        while position < len(chunk.text):
            if index >= len(values) or values[index] is None:
                return False
            text = str(values[index])
            if not chunk.text.startswith(text, position):
                return False
            position += len(text)
            index += 1
    return index == len(values)
