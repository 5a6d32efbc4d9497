"""What changed in a document between two states: readable pieces, in Chinese, for reviewers.

A reviewer approves what is in front of them; when a document comes back after a return, or a
published one is corrected, they must see what is new rather than reread it all (issue 13: the
approval page shows the document diff). A state is a plain dict (``state_of``: title, summary,
body text, catalogue fields); ``compare`` returns one ``FieldChange`` per changed field. Texts are
compared sentence by sentence (Chinese has no spaces between words), and inside a replaced run of
sentences character by character, so that a changed figure reads as one small change. Long
unchanged stretches are shortened to their ends. The pieces are plain text: templates escape them.

Pure Python (difflib); the callers turn records into states.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

# The fields a reviewer sees, in the order of the page, with their Chinese labels.
FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "标题"),
    ("summary", "内容概述"),
    ("body", "正文"),
    ("document_number", "文号"),
    ("issuing_body", "发布机构"),
    ("written_on", "成文日期"),
    ("topic", "主题分类"),
    ("validity", "有效性"),
    ("columns", "所属栏目"),
    ("attachments", "附件"),
)
SAME, ADDED, REMOVED = "same", "added", "removed"
CONTEXT = 30  # characters of unchanged text kept on each side of a change
CHAR_DIFF_LIMIT = 4_000  # longer replaced runs are shown as removed + added, not char by char
_SENTENCE = re.compile(r"[^。！？；\n]*(?:[。！？；]+|\n+|$)")
# Inside a sentence: a number or a Latin word changes as a whole ("12" → "15", not "1" + "2" → "5").
_TOKEN = re.compile(r"[0-9０-９][0-9０-９.,，%]*|[A-Za-z]+|\s+|.", re.DOTALL)


@dataclass(frozen=True)
class Piece:
    kind: str  # SAME, ADDED or REMOVED
    text: str

    @property
    def is_added(self) -> bool:
        return self.kind == ADDED

    @property
    def is_removed(self) -> bool:
        return self.kind == REMOVED


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    pieces: tuple[Piece, ...]

    @property
    def added(self) -> int:
        return sum(len(p.text) for p in self.pieces if p.kind == ADDED)

    @property
    def removed(self) -> int:
        return sum(len(p.text) for p in self.pieces if p.kind == REMOVED)


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    return str(value)


def sentences(text: str) -> list[str]:
    """Split ``text`` after each 。！？； or line end, keeping the marks (joined, they give ``text``)."""
    return [s for s in _SENTENCE.findall(text) if s]


def _shorten(text: str, *, first: bool, last: bool) -> str:
    """Keep the ends of a long unchanged stretch next to the changes around it."""
    keep_head = 0 if first else CONTEXT
    keep_tail = 0 if last else CONTEXT
    if len(text) <= keep_head + keep_tail + 10:
        return text
    return text[:keep_head] + "……" + text[len(text) - keep_tail :]


def _chars(old: str, new: str) -> list[Piece]:
    if len(old) + len(new) > CHAR_DIFF_LIMIT:
        return [Piece(REMOVED, old), Piece(ADDED, new)]
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    pieces = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(Piece(SAME, "".join(a[i1:i2])))
        else:
            if i2 > i1:
                pieces.append(Piece(REMOVED, "".join(a[i1:i2])))
            if j2 > j1:
                pieces.append(Piece(ADDED, "".join(b[j1:j2])))
    return pieces


def text_pieces(old: str, new: str) -> list[Piece]:
    """Return the pieces that turn ``old`` into ``new`` (unchanged stretches shortened)."""
    a, b = sentences(old), sentences(new)
    raw: list[Piece] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old_run, new_run = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag == "equal":
            raw.append(Piece(SAME, old_run))
        elif tag == "replace":
            raw.extend(_chars(old_run, new_run))
        elif tag == "delete":
            raw.append(Piece(REMOVED, old_run))
        else:
            raw.append(Piece(ADDED, new_run))
    merged: list[Piece] = []
    for piece in raw:
        if not piece.text:
            continue
        if merged and merged[-1].kind == piece.kind:
            merged[-1] = Piece(piece.kind, merged[-1].text + piece.text)
        else:
            merged.append(piece)
    return [
        Piece(SAME, _shorten(p.text, first=i == 0, last=i == len(merged) - 1)) if p.kind == SAME else p
        for i, p in enumerate(merged)
    ]


def compare(old: Mapping, new: Mapping, fields: Sequence[tuple[str, str]] = FIELDS) -> list[FieldChange]:
    """Return the changes from state ``old`` to state ``new``, field by field (unchanged ones absent)."""
    changes = []
    for name, label in fields:
        before, after = _as_text(old.get(name)), _as_text(new.get(name))
        if before == after:
            continue
        if name in ("title", "summary", "body"):
            pieces = tuple(text_pieces(before, after))
        else:
            pieces = tuple(p for p in (Piece(REMOVED, before), Piece(ADDED, after)) if p.text)
        changes.append(FieldChange(name, label, pieces))
    return changes
