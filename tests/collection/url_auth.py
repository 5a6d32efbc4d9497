"""Collection's staff URLs for the URL walk (tests/foundation/test_url_auth.py)."""

from __future__ import annotations

STAFF_URLS = {
    "collection:sources": None,
    "collection:start": None,
    "collection:results": None,
    "collection:source_edit": lambda w: {"pk": w["collection_source"].pk},
    "collection:run": lambda w: {"pk": w["collection_run"].pk},
}


def records_of(agency_b, clerk_b) -> dict:
    from gongkai.collection.models import CollectionRun, CollectionSource

    source = CollectionSource.objects.create(
        agency=agency_b, url="https://b.example.gov.cn/col/ndbg/index.html", registered_by=clerk_b
    )
    run = CollectionRun.objects.create(started_by=clerk_b, agency=agency_b)
    run.sources.set([source])
    return {"collection_source": source, "collection_run": run}
