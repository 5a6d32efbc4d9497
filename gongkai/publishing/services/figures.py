"""Writes of the yearly administrative figures (annual report section 二, items 五 六 八)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.agencies import policy
from gongkai.auditlog.services import audit_record, field_changes, snapshot

from ..figures_csv import parse_figures_csv
from ..models import FiguresSource, YearlyFigures

FIGURE_FIELDS = ("licensing", "penalty", "coercion", "fees_10k_yuan")


def _save_figures(*, actor, agency, year: int, values: dict[str, Any], source: str) -> YearlyFigures:
    policy.check_actor(actor, "catalogue.edit", agency)
    figures = YearlyFigures.objects.select_for_update().filter(agency=agency, year=year).first()
    before = snapshot(figures, list(FIGURE_FIELDS)) if figures else dict.fromkeys(FIGURE_FIELDS)
    if figures is None:
        figures = YearlyFigures(agency=agency, year=year)
    for name in FIGURE_FIELDS:
        setattr(figures, name, values[name])
    figures.source = source
    figures.entered_by = actor
    figures.entered_at = timezone.now()
    figures.full_clean(exclude=["entered_by"])
    figures.save()
    changes = field_changes(before, snapshot(figures, list(FIGURE_FIELDS)))
    if changes or before["licensing"] is None:
        audit_record(
            actor=actor,
            action="publishing.figures.save",
            obj=figures,
            changes=changes,
            note=f"来源：{FiguresSource(source).label}",
        )
    return figures


@transaction.atomic
def figures_save(*, actor, agency, year: int, **values: Any) -> YearlyFigures:
    """Save one year's figures entered by hand (replacing the year's earlier entry)."""
    return _save_figures(actor=actor, agency=agency, year=year, values=values, source=FiguresSource.FORM)


@transaction.atomic
def figures_import_csv(*, actor, agency, text: str, today: date | None = None) -> list[YearlyFigures]:
    """Import figures from CSV: every line is validated first; one bad line and nothing is saved."""
    policy.check_actor(actor, "catalogue.edit", agency)
    rows = parse_figures_csv(text, today=today)
    return [
        _save_figures(
            actor=actor,
            agency=agency,
            year=row.year,
            values={name: getattr(row, name) for name in FIGURE_FIELDS},
            source=FiguresSource.CSV,
        )
        for row in rows
    ]
