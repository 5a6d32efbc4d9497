"""Letter numbers: each issued letter takes the next serial of its agency-year; the office head's
signature on a clerk's notice, which is when the notice gets its number.

The serial row (``LetterSerial``) is incremented with one UPDATE inside the caller's
transaction, which holds its row lock (PostgreSQL) or the write lock (SQLite) until commit, so
two letters issued at the same moment can never share a number; the unique constraint on
(agency, year, serial) is the last line of defence.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from gongkai.core.numbering import format_letter_number

from ..models import Application, LetterNumber, LetterSerial
from ..workflow import Action, Status
from ._base import ensure_allowed, lock, move, pending_notice


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


NOTICE_DATES = {"correction": "correction_requested_on", "fee": "fee_notified_on"}


def application_sign_notice(*, application: Application, actor: Any, note: str = "") -> Application:
    """The office head signs the clerk's correction or fee notice; only then may it go out.

    Signing gives the notice its number and lifts the 草稿 watermark (RULES.md §3, notices); the
    notice keeps the date the office entered as the day it goes out, and its legal effects
    (the correction deadline, the fee's payment period) follow only a signed notice.
    """
    with transaction.atomic():
        application = lock(application)
        ensure_allowed(application, Action.SIGN_NOTICE, actor)
        kind = pending_notice(application)
        dated = getattr(application, NOTICE_DATES[kind])
        number = letter_number_issue(application=application, kind=kind, year=dated.year)
        return move(
            application,
            Action.SIGN_NOTICE,
            Status(application.status),
            actor=actor,
            changes={"letter_number": [None, number.number]},
            note=note,
        )
