"""Jobs' staff URLs for the URL walk (tests/foundation/test_url_auth.py)."""

from __future__ import annotations

STAFF_URLS = {"jobs:status": lambda w: {"pk": w["job"].pk}}


def records_of(agency_b, clerk_b) -> dict:
    from gongkai.jobs.models import Job

    return {"job": Job.objects.create(kind="tests.any", agency=agency_b, created_by=clerk_b)}
