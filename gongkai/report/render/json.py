"""Render a report as the JSON interchange format of docs/domain/CODES.md."""

from __future__ import annotations

from ..model import Report


def render(report: Report) -> str:
    """Return the CODES.md JSON of the report; the model owns that layout, so delegate to it."""
    return report.to_json()
