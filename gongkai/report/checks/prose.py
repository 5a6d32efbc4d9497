"""Narrative text prepared for the phrase checks: normalised digits, sentence and clause bounds.

Phrase patterns never cross a clause mark, so each check needs only to know where the sentence
or clause around a match begins; this computes those bounds once per text.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from .numerals import FULLWIDTH

# Marks that end a sentence, and the marks that also end a clause inside one.
SENTENCE_MARKS = "。；;！？!?\n"
CLAUSE_MARKS = SENTENCE_MARKS + "，,、：:"  # "," and ":" only where no digit follows (4,255; 10:30)
# A filler that stays inside one clause and holds no digit, for use inside phrase patterns.
CLAUSE_FILL = r"[^，,。；;！？!?\n、\d]"

_FULLWIDTH_CHARS = re.compile("[０-９．　]")
_LINE_END_SPACE = re.compile(r"[ \t\u3000]*\n[ \t\u3000]*")
# A line break inside a sentence: text copied from a PDF keeps the printed line wraps
# ("…专栏发布信\n息 6 条"). A break after a sentence end, or before an enumerated line
# （一）/ 一、/ 一是, is a real paragraph break.
_WRAP = re.compile(
    r"(?<![。！？!?；;：:\n])\n(?![（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+[、是])"
)
_SENTENCE_END = re.compile(f"[{re.escape(SENTENCE_MARKS)}]")
_CLAUSE_END = re.compile(f"[{re.escape(SENTENCE_MARKS)}，、：]|[,:](?!\\d)")


@dataclass
class Prose:
    """One narrative text with digits normalised, line wraps joined, and its sentence and clause
    boundaries."""

    text: str
    _sentence_ends: list[int] = field(default_factory=list, repr=False)
    _clause_ends: list[int] = field(default_factory=list, repr=False)

    @classmethod
    def of(cls, raw: str) -> Prose:
        text = raw.translate(FULLWIDTH) if _FULLWIDTH_CHARS.search(raw) else raw
        if "\n" in text:
            text = _WRAP.sub("", _LINE_END_SPACE.sub("\n", text))
        return cls(
            text,
            [m.start() for m in _SENTENCE_END.finditer(text)],
            [m.start() for m in _CLAUSE_END.finditer(text)],
        )

    def sentence(self, pos: int) -> str:
        """Return the sentence holding the character at pos."""
        start, end = self.sentence_bounds(pos)
        return self.text[start:end]

    def clause_before(self, pos: int) -> str:
        """Return the part of pos's clause before pos: the context that qualifies a phrase."""
        return self.text[self._start(self._clause_ends, pos) : pos]

    def sentence_bounds(self, pos: int) -> tuple[int, int]:
        """Return the start and end offsets of the sentence holding pos."""
        return self._start(self._sentence_ends, pos), self._end(self._sentence_ends, pos)

    def clause(self, pos: int) -> str:
        """Return the whole clause holding pos."""
        return self.text[self._start(self._clause_ends, pos) : self._end(self._clause_ends, pos)]

    def clauses(self, start: int = 0, end: int | None = None) -> list[str]:
        """Return the clauses between two offsets, in order."""
        end = len(self.text) if end is None else end
        ends = self._clause_ends
        inner = ends[bisect_left(ends, start) : bisect_left(ends, end)]
        bounds = [start - 1, *inner, end]
        return [self.text[a + 1 : b] for a, b in itertools.pairwise(bounds)]

    @staticmethod
    def _start(ends: list[int], pos: int) -> int:
        i = bisect_right(ends, pos - 1)
        return ends[i - 1] + 1 if i else 0

    def _end(self, ends: list[int], pos: int) -> int:
        i = bisect_right(ends, pos - 1)
        return ends[i] if i < len(ends) else len(self.text)


def clip(phrase: str, limit: int = 40) -> str:
    """Shorten a quoted phrase for a message, keeping its end (where the number is)."""
    phrase = " ".join(phrase.split())
    return phrase if len(phrase) <= limit else "…" + phrase[-limit:]
