"""Hooks through which other apps add entries to the public portal.

The annual-report page lists the documents of the agency's annual-report column; the annual
report app registers a provider to add its generated reports there:

    register_annual_report_provider(lambda agency: [AnnualReportEntry(year, title, url), ...])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class AnnualReportEntry:
    year: int
    title: str
    url: str
    published_on: object = None  # a date, when known


_PROVIDERS: dict[str, Callable] = {}


def register_annual_report_provider(provider: Callable, key: str | None = None) -> None:
    """Register ``provider(agency) -> list[AnnualReportEntry]`` (idempotent per key)."""
    _PROVIDERS[key or f"{provider.__module__}.{getattr(provider, '__qualname__', id(provider))}"] = provider


def annual_report_entries(agency) -> list[AnnualReportEntry]:
    entries: list[AnnualReportEntry] = []
    for provider in _PROVIDERS.values():
        entries.extend(provider(agency))
    return sorted(entries, key=lambda e: (-e.year, e.title))
