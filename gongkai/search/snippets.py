"""Highlighted snippets: a window of escaped text around the first match, matches in <mark>.

Pure Python. The text is escaped piece by piece, so nothing in a document (an attachment's
"<script>", an ampersand in a title) can become markup; only our own <mark> tags are markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

ELLIPSIS = "…"


def _pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    cleaned = sorted({t for t in terms if t and t.strip()}, key=len, reverse=True)
    if not cleaned:
        return None
    return re.compile("|".join(re.escape(t) for t in cleaned), re.IGNORECASE)


def highlight(text: str, terms: Sequence[str]) -> str:
    """Return all of ``text`` escaped, every occurrence of a term wrapped in <mark>."""
    pattern = _pattern(terms)
    return _mark(text or "", pattern)


def snippet(text: str, terms: Sequence[str], width: int = 140, before: int = 30) -> str:
    """Return an escaped excerpt of about ``width`` characters around the first match."""
    text = " ".join((text or "").split())
    pattern = _pattern(terms)
    first = pattern.search(text) if pattern else None
    start = max(0, first.start() - before) if first else 0
    end = min(len(text), start + width)
    if first and end < first.end():
        end = first.end()
    window = text[start:end]
    out = _mark(window, pattern)
    if start > 0:
        out = ELLIPSIS + out
    if end < len(text):
        out += ELLIPSIS
    return out


def _mark(text: str, pattern: re.Pattern[str] | None) -> str:
    if pattern is None:
        return html.escape(text)
    parts: list[str] = []
    pos = 0
    for m in pattern.finditer(text):
        parts.append(html.escape(text[pos : m.start()]))
        parts.append(f"<mark>{html.escape(m.group(0))}</mark>")
        pos = m.end()
    parts.append(html.escape(text[pos:]))
    return "".join(parts)
