"""Build an agency-year of records directly (the other apps' own tests cover their services)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from gongkai.applications.models import Application, RemedyCase
from gongkai.publishing.models import NormativeKind, NormativeRecord, YearlyFigures

_counter = {"n": 0}


def application(
    agency,
    *,
    received: date,
    decided: date | None = None,
    outcome: str = "",
    category="natural",
    fee_amount=None,
    fee_paid_on=None,
) -> Application:
    _counter["n"] += 1
    n = _counter["n"]
    status = "closed" if decided else "in_progress"
    return Application.objects.create(
        agency=agency,
        tracking_number=f"T{n:08d}",
        query_code_hash="x",
        applicant_category=category,
        applicant_name=f"申请人{n}",
        id_type="resident_id" if category == "natural" else "credit_code",
        id_number="11010519491231002X",
        phone="13800000000",
        description="申请公开某某信息",
        provision_form="paper",
        delivery_method="post",
        channel="in_person",
        arrived_at=timezone.make_aware(datetime.combine(received, datetime.min.time())),
        received_on=received,
        receipt_basis="in_person",
        status=status,
        outcome=outcome,
        decided_on=decided,
        fee_amount=fee_amount,
        fee_paid_on=fee_paid_on,
    )


def normative(
    agency, *, issued: date, repealed: date | None = None, kind=NormativeKind.NORMATIVE, title="文件"
):
    return NormativeRecord.objects.create(
        agency=agency, kind=kind, title=title, issued_on=issued, repealed_on=repealed
    )


def figures(agency, year, licensing=10, penalty=2, coercion=1, fees="12.345"):
    return YearlyFigures.objects.create(
        agency=agency,
        year=year,
        licensing=licensing,
        penalty=penalty,
        coercion=coercion,
        fees_10k_yuan=Decimal(fees),
    )


def case(app, *, kind="reconsideration", filed: date, outcome="pending", concluded: date | None = None):
    return RemedyCase.objects.create(
        application=app,
        kind=kind,
        filed_on=filed,
        body="某某复议机关",
        outcome=outcome,
        concluded_on=concluded,
    )


def year_of_records(agency, year: int = 2023) -> None:
    """A small but complete agency-year: every table has something."""
    application(agency, received=date(year - 1, 12, 20), decided=date(year, 1, 10), outcome="disclosed")
    application(agency, received=date(year, 3, 1), decided=date(year, 3, 20), outcome="disclosed")
    application(
        agency,
        received=date(year, 4, 1),
        decided=date(year, 4, 25),
        outcome="unavailable.not_held",
        category="commercial",
    )
    a = application(
        agency,
        received=date(year, 5, 1),
        decided=date(year, 5, 28),
        outcome="partially_disclosed",
        fee_amount=100,
        fee_paid_on=date(year, 5, 10),
    )
    application(agency, received=date(year, 12, 25))  # carried forward
    case(a, filed=date(year, 6, 1))
    case(a, kind="litigation_direct", filed=date(year, 7, 1), outcome="other", concluded=date(year, 11, 1))
    for i in range(5):
        normative(agency, issued=date(year - 2, 1 + i, 1), title=f"旧文件{i}")
    normative(agency, issued=date(year - 3, 1, 1), repealed=date(year, 6, 1), title="被废止")
    normative(agency, issued=date(year, 6, 1), title="新文件")
    figures(agency, year)
