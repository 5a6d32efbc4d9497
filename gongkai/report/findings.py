"""Findings about a report, in the manner of Django's system checks.

Each finding has a stable id (``report.E003``), a level, a message in Chinese and a location
(section, row, column codes of docs/domain/CODES.md where they apply). Checks, readers and the
auditor all report through this one type.

Pure: imports nothing from Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Level = Literal["error", "warning", "info"]
LEVELS: tuple[Level, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Location:
    section: str = ""  # "overview", "proactive", "applications", "remedies", "problems", "other"
    row: str = ""  # a row code of CODES.md
    column: str = ""  # a column / cell code of CODES.md

    def __str__(self) -> str:
        return ".".join(p for p in (self.section, self.row, self.column) if p)


@dataclass(frozen=True)
class Finding:
    id: str
    level: Level
    message: str
    location: Location = Location()
    # Every cell the finding is about ("section.row.cell"), e.g. the terms of a broken identity.
    cells: tuple[str, ...] = field(default=(), compare=False)

    @property
    def is_error(self) -> bool:
        return self.level == "error"

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "level": self.level,
            "message": self.message,
            "location": str(self.location),
            "cells": list(self.cells or ([str(self.location)] if self.location.column else [])),
        }

    def __str__(self) -> str:
        where = f" [{self.location}]" if str(self.location) else ""
        return f"{self.id} {self.level}{where}: {self.message}"


def error(
    id: str, message: str, section: str = "", row: str = "", column: str = "", *, cells: tuple[str, ...] = ()
) -> Finding:
    return Finding(id, "error", message, Location(section, row, column), cells)


def warning(id: str, message: str, section: str = "", row: str = "", column: str = "") -> Finding:
    return Finding(id, "warning", message, Location(section, row, column))


def info(id: str, message: str, section: str = "", row: str = "", column: str = "") -> Finding:
    return Finding(id, "info", message, Location(section, row, column))
