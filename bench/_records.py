"""Synthetic records the benchmarks bulk-insert (call after ``django.setup()``)."""

from __future__ import annotations

from datetime import date, datetime


def aware(day: date, hour: int = 10) -> datetime:
    """Return ``day`` at ``hour`` o'clock in the project's time zone."""
    from django.utils import timezone  # lazy: imported before django.setup()

    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def application(
    agency, number: str, *, received: date, decided: date | None, outcome: str, category: str, **extra
):
    """Return an unsaved closed (or, undecided, in-progress) application received in person."""
    from gongkai.applications.models import Application  # lazy: imported before django.setup()

    return Application(
        agency=agency,
        tracking_number=number,
        query_code_hash="x",
        applicant_category=category,
        applicant_name="申请人",
        id_type="resident_id",
        id_number="11010519491231002X",
        phone="13800000000",
        description="基准",
        provision_form="paper",
        delivery_method="post",
        channel="in_person",
        arrived_at=aware(received),
        received_on=received,
        receipt_basis="in_person",
        status="closed" if decided else "in_progress",
        outcome=outcome if decided else "",
        decided_on=decided,
        **extra,
    )
