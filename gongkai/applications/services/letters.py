"""Letter numbers: each issued letter takes the next serial of its agency-year.

The serial row (``LetterSerial``) is incremented with one UPDATE inside the caller's
transaction, which holds its row lock (PostgreSQL) or the write lock (SQLite) until commit, so
two letters issued at the same moment can never share a number; the unique constraint on
(agency, year, serial) is the last line of defence.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from gongkai.core.numbering import format_letter_number

from ..models import Application, LetterNumber, LetterSerial


def next_serial(*, agency, year: int) -> int:
    """Take the next serial of ``agency`` in ``year`` (call inside a transaction)."""
    try:
        with transaction.atomic():
            LetterSerial.objects.get_or_create(agency=agency, year=year)
    except IntegrityError:  # created by a concurrent transaction in the meantime
        pass
    LetterSerial.objects.filter(agency=agency, year=year).update(last=F("last") + 1)
    return LetterSerial.objects.get(agency=agency, year=year).last


def letter_number_issue(*, application: Application, kind: str, year: int) -> LetterNumber:
    """Give the application's letter of ``kind`` its number (idempotent: an issued number stays)."""
    existing = LetterNumber.objects.filter(application=application, kind=kind).first()
    if existing is not None:
        return existing
    agency = application.agency
    serial = next_serial(agency=agency, year=year)
    number = format_letter_number(
        agency.letter_number_pattern, short=agency.short_name or agency.name, year=year, serial=serial
    )
    return LetterNumber.objects.create(
        application=application, kind=kind, agency=agency, year=year, serial=serial, number=number
    )
