"""Annual-report staff URLs for the isolation walk (tests/foundation/test_url_auth.py)."""

from gongkai.annual_report.models import AnnualReport

STAFF_URLS = {
    "annual_report:list": None,
    "annual_report:generate": None,
    "annual_report:overview": None,
    "annual_report:detail": lambda w: {"pk": w["annual_report"].pk},
    "annual_report:edit": lambda w: {"pk": w["annual_report"].pk},
    "annual_report:action": lambda w: {"pk": w["annual_report"].pk, "action": "review"},
    "annual_report:acknowledge": lambda w: {"pk": w["annual_report"].pk},
    "annual_report:download": lambda w: {"pk": w["annual_report"].pk, "fmt_name": "json"},
    "annual_report:cell": lambda w: {
        "pk": w["annual_report"].pk,
        "section": "applications",
        "row": "disclosed",
        "cell": "total",
    },
}


def records_of(agency_b, clerk_b):
    return {
        "annual_report": AnnualReport.objects.create(agency=agency_b, year=2023, text={"overview": "乙局"})
    }
