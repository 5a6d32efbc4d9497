"""Chinese word segmentation for the full-text index, and recognition of identifiers.

Pure Python (jieba only, no Django). Chinese has no spaces between words, so neither SQLite FTS5
nor PostgreSQL's parser can find a word inside a sentence on their own. Both the index and the
queries therefore go through ``jieba.cut_for_search`` and the engines only ever see space-joined
tokens. ``cut_for_search`` emits a long word *and* its dictionary sub-words ("政务公开" →
"政务", "公开", "政务公开"), so a search for a short word finds a document that contains it
inside a longer one.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

_lock = threading.Lock()
_ready = False
_WORD = re.compile(r"[^\W_]+")

# An index number (索引号): "<agency code>/<4-digit year>-<5-digit serial>" (RULES.md §2).
INDEX_NUMBER_RE = re.compile(r"^[0-9A-Z]{6,20}/\d{4}-\d{5}$")
# A document number (文号): issuer abbreviation, the year in brackets, a serial, "号".
DOC_NUMBER_RE = re.compile(r"^[^\s〔〕]{1,30}〔\d{4}〕第?\d{1,6}号$")
_OPENING = "[(（【［〔"
_CLOSING = "])）】］〕"


def _jieba():
    """Return the jieba module, its dictionary loaded once per process and quietly."""
    global _ready
    # lazy: jieba (dictionary load), only on the first segmentation
    import jieba

    if not _ready:
        with _lock:
            if not _ready:
                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                _ready = True
    return jieba


def tokens(text: str) -> list[str]:
    """Segment ``text`` into lower-cased search tokens (words and their sub-words), in order.

    Punctuation and spaces are dropped; a jieba token that mixes word characters with
    punctuation ("3.5") is split on the punctuation, as the FTS5 and PostgreSQL parsers would.
    """
    if not text:
        return []
    result: list[str] = []
    for piece in _jieba().cut_for_search(text):
        result.extend(m.group(0).lower() for m in _WORD.finditer(piece))
    return result


def index_text(*parts: str) -> str:
    """Return the space-joined tokens of ``parts``: the content stored in the full-text index."""
    return " ".join(t for part in parts for t in tokens(part))


@dataclass(frozen=True)
class QueryTerm:
    """One word of a query: it matches a document holding ``word``, or all of ``parts``.

    jieba does not always cut a word the same way inside a sentence as on its own: "食品安全"
    alone is one word, but "食品安全检查" is cut "食品/安全检查" and indexed as 食品, 安全, 检查,
    安全检查. ``parts`` is the shortest cover of the word by its sub-words (empty when there is
    none), so such a document is still found.
    """

    word: str
    parts: tuple[str, ...] = ()

    @property
    def tokens(self) -> tuple[str, ...]:
        return (self.word, *self.parts)


def _cover(word: str) -> tuple[str, ...]:
    """Return the fewest sub-words (dictionary words shorter than ``word``) that tile ``word``."""
    jieba = _jieba()
    candidates = {t for t in jieba.cut_for_search(word) if t != word}
    plain = list(jieba.cut(word, HMM=False))
    if len(plain) > 1:
        candidates.update(plain)
    candidates = {c.lower() for c in candidates if c and _WORD.fullmatch(c)}
    n = len(word)
    best: list[tuple[str, ...] | None] = [None] * (n + 1)
    best[0] = ()
    for i in range(n):
        if best[i] is None:
            continue
        for c in candidates:
            j = i + len(c)
            if j <= n and word.startswith(c, i) and (best[j] is None or len(best[j]) > len(best[i]) + 1):
                best[j] = (*best[i], c)
    return best[n] or ()


def query_terms(query: str, limit: int = 12) -> list[QueryTerm]:
    """Return the distinct words of a query, each with its cover; every word must match (AND)."""
    words: dict[str, None] = {}
    for piece in _jieba().cut(query[:200]):
        for m in _WORD.finditer(piece):
            words.setdefault(m.group(0).lower(), None)
    return [QueryTerm(w, _cover(w) if len(w) > 1 else ()) for w in list(words)[:limit]]


def highlight_terms(terms: Iterable[QueryTerm]) -> list[str]:
    """Return every string worth marking in a snippet: the words and their parts."""
    return list(dict.fromkeys(t for term in terms for t in term.tokens))


def normalize_doc_number(value: str) -> str:
    """Bring a 文号 to one spelling: half-width digits, 〔〕 brackets, no spaces, no leading zeros.

    "洛政办[2023] 015号", "洛政办（2023）15号" and "洛政办〔2023〕15号" are the same number.
    """
    text = unicodedata.normalize("NFKC", value or "")
    text = "".join(text.split())
    for ch in _OPENING:
        text = text.replace(ch, "〔")
    for ch in _CLOSING:
        text = text.replace(ch, "〕")
    return re.sub(r"〕第?0*(\d+)号$", r"〕\1号", text)


def normalize_index_number(value: str) -> str:
    """Return an index number with full-width characters folded and letters upper-cased."""
    return "".join(unicodedata.normalize("NFKC", value or "").split()).upper()


def identifier_kind(query: str) -> str | None:
    """Say whether a query looks like an index number ("index") or a 文号 ("doc_number")."""
    if INDEX_NUMBER_RE.match(normalize_index_number(query)):
        return "index"
    if DOC_NUMBER_RE.match(normalize_doc_number(query)):
        return "doc_number"
    return None
