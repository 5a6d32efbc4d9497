"""Renderers of an annual report: one module per output format, one entry point.

``render(report, "pdf")`` returns the report in that format — ``str`` for the text formats,
``bytes`` for docx and pdf. Modules load on first use so that asking for text never imports
WeasyPrint or python-docx. All renderers are pure: the same report gives the same output.
"""

from __future__ import annotations

from importlib import import_module

from ..model import Report

FORMATS: tuple[str, ...] = ("txt", "md", "html", "docx", "pdf", "json", "csv")

BINARY_FORMATS: frozenset[str] = frozenset({"docx", "pdf"})

MEDIA_TYPES: dict[str, str] = {
    "txt": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
}


class UnknownFormatError(ValueError):
    """Raise when a format name is not one of FORMATS."""


def render(report: Report, fmt_name: str) -> bytes | str:
    """Return the report rendered in ``fmt_name`` (one of FORMATS)."""
    if fmt_name not in FORMATS:
        known = "、".join(FORMATS)
        raise UnknownFormatError(f"不支持的格式 {fmt_name!r}，可用：{known} (unknown format)")
    module = import_module(f"{__name__}.{fmt_name}")
    return module.render(report)
