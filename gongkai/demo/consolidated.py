"""洛阳市人民政府's consolidated 2023 report, built from its demo subtree (issue 14, point 1).

The government sets which agencies its report includes (``ConsolidationScope``): its departments
洛阳市教育局 and 洛阳市住房和城乡建设局 with their records, but not 洛阳市伊滨区管理委员会, which
started using the platform only this year and has no 2023 records or report. The government's
own office enters its yearly figures and answers a few applications of its own; the report is
then generated from the yearly aggregates of the whole, and reviewed, approved and published
through the report workflow by the government's own staff before the 31 March deadline.
"""

from __future__ import annotations

import random
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from gongkai.annual_report import services as report_services
from gongkai.annual_report.models import AnnualReport
from gongkai.publishing.models import YearlyFigures

from .records import applicant, handle_application

YEAR = 2023
# The government's own applications: (received, answered, outcome, applicant category).
OWN_APPLICATIONS = [
    (date(2023, 2, 13), date(2023, 2, 24), "disclosed", "natural"),
    (date(2023, 4, 11), date(2023, 4, 25), "partially_disclosed", "commercial"),
    (date(2023, 6, 19), date(2023, 7, 3), "unavailable.not_held", "natural"),
    (date(2023, 8, 22), date(2023, 9, 5), "disclosed", "natural"),
    (date(2023, 10, 17), date(2023, 10, 31), "not_handled.petition", "natural"),
]
# Review, approval and publication, before the government's 31 March deadline (Regulation art. 49).
STEPS = [
    ("review", "cityclerk", date(2024, 3, 20)),
    ("approve", "cityhead", date(2024, 3, 25)),
    ("publish", "cityhead", date(2024, 3, 27)),
]


def _aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def load(*, agencies: dict, users: dict, rng: random.Random) -> bool:
    """Set the scope, enter the government's own 2023 figures, publish its consolidated report.

    False when the report is already there (the demo is loaded once).
    """
    city = agencies["city"]
    if AnnualReport.objects.filter(agency=city, year=YEAR).exists():
        return False
    clerk, head = users["cityclerk"], users["cityhead"]
    report_services.consolidation_scope_set(
        government=city, include_lower_governments=True, excluded=[agencies["yibin"]], actor=None
    )
    YearlyFigures.objects.create(
        agency=city,
        year=YEAR,
        licensing=312,
        penalty=6,
        coercion=0,
        fees_10k_yuan=Decimal("18.6"),
        entered_by=clerk,
    )
    for n, (received, decided, outcome, category) in enumerate(OWN_APPLICATIONS):
        handle_application(
            agency=city,
            clerk=clerk,
            head=head,
            data=applicant(rng, category, 800 + n),
            received=received,
            outcome=outcome,
            decided=decided,
        )
    report = report_services.annual_report_generate(agency=city, year=YEAR, actor=clerk)
    for action, who, day in STEPS:
        report = report_services.annual_report_transition(
            report=report, action=action, actor=users[who], at=_aware(day)
        )
    return True
