"""The collector against a local CMS column: what it takes, what it leaves, and a re-run."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from gongkai.collection.models import CollectedItem, CollectionSource
from gongkai.collection.services import run_start, source_register
from gongkai.oversight.models import AuditedReport

from .site import Resource, docx_of, report_of


@pytest.fixture
def education(make_agency, city):
    return make_agency("洛阳市教育局", parent=city)


@pytest.fixture
def source(site, education, supervisor_city):
    return source_register(actor=supervisor_city, agency=education, url=site.column)


def _run(actor, sources, capture):
    with capture(execute=True):  # the job runs in-process once the start commits (no broker)
        run = run_start(actor=actor, sources=sources)
    run.refresh_from_db()
    return run


@pytest.mark.django_db
def test_a_run_files_the_reports_of_the_column_and_leaves_the_rest(
    site, source, supervisor_city, django_capture_on_commit_callbacks
):
    run = _run(supervisor_city, [source], django_capture_on_commit_callbacks)
    assert run.job.status == "done", run.job.error
    paths = site.paths()
    # Both listing pages, robots.txt once, the two report pages, the DOCX and the PDF.
    assert paths.count("/robots.txt") == 1
    assert "/col/col1234/index_2.html" in paths and paths.count("/col/col1234/index.html") == 1
    assert paths.count("/art/2023/1/18/art_1234_9.html") == 2  # a 500, then the retry succeeded
    assert {"/attach/2023-report.docx", "/attach/2022-report.pdf"} <= set(paths)
    # Not a report, disallowed by robots.txt, on another host: never asked for.
    assert "/art/2024/1/10/art_1234_2.html" not in paths
    assert "/private/art_1234_3.html" not in paths
    assert not any(host.startswith("localhost") for host, _, _ in site.hits)
    assert all("Gongkai" in agent for _, _, agent in site.hits)

    ids = {f["id"]: f for f in run.findings}
    assert set(ids) == {"collect.E002", "collect.E003", "collect.W001"}
    assert (
        "超过上限 1 MB" in ids["collect.E002"]["message"]
        and "2019-report.pdf" in ids["collect.E002"]["message"]
    )
    assert "robots.txt" in ids["collect.E003"]["message"]
    assert run.summary == {"filed": 3, "unchanged": 0, "problems": 2, "pages": 2}

    items = {i.url.rsplit("/", 1)[1]: i for i in CollectedItem.objects.filter(source=source)}
    assert set(items) == {"art_1234_1.html", "2023-report.docx", "art_1234_9.html", "2022-report.pdf"}
    assert items["art_1234_9.html"].audited is None  # the 2022 page only wraps its PDF
    for name, year in (("art_1234_1.html", 2023), ("2023-report.docx", 2023), ("2022-report.pdf", 2022)):
        audited = items[name].audited
        assert audited.readable and audited.year == year and items[name].year == year, name
        assert audited.agency_name == "洛阳市教育局" and audited.error_count == 0
        assert audited.batch.uploaded_by == supervisor_city
    assert items["2023-report.docx"].content_hash == __import__("hashlib").sha256(docx_of(2023)).hexdigest()
    source.refresh_from_db()
    assert source.last_status == "partial" and "新归档 3 份" in source.last_message


@pytest.mark.django_db
def test_a_rerun_files_nothing_twice_and_a_changed_file_is_a_new_version(
    site, source, supervisor_city, django_capture_on_commit_callbacks
):
    _run(supervisor_city, [source], django_capture_on_commit_callbacks)
    assert AuditedReport.objects.count() == 3
    again = _run(supervisor_city, [source], django_capture_on_commit_callbacks)
    assert again.summary["filed"] == 0 and again.summary["unchanged"] == 4
    assert AuditedReport.objects.count() == 3 and CollectedItem.objects.count() == 4
    assert CollectedItem.objects.filter(last_run=again).count() == 4

    changed = report_of(2023).to_dict()
    changed["applications"]["disclosed"]["natural"] += 1  # a corrected (here: broken) figure
    from gongkai.report.model import Report
    from gongkai.report.render import render

    site.resources["/attach/2023-report.docx"] = Resource(
        render(Report.from_dict(changed), "docx"), "application/octet-stream"
    )
    third = _run(supervisor_city, [source], django_capture_on_commit_callbacks)
    assert third.summary["filed"] == 1 and third.summary["unchanged"] == 3
    versions = CollectedItem.objects.filter(url=site.base + "/attach/2023-report.docx").order_by("version")
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].content_hash != versions[1].content_hash
    assert versions[1].audited.error_count >= 1 and versions[0].audited.error_count == 0


@pytest.mark.django_db
def test_the_command_collects_one_agency(site, source, make_agency, supervisor_city):
    other = make_agency("洛阳市财政局", parent=source.agency.parent)
    CollectionSource.objects.create(
        agency=other, url="http://127.0.0.1:9/none", registered_by=supervisor_city
    )
    out = io.StringIO()
    call_command("collect", "--agency", "洛阳市教育局", stdout=out)
    text = out.getvalue()
    assert "新归档 3 份" in text and "collect.E002" in text
    assert not CollectedItem.objects.filter(source__agency=other).exists()
    assert not [h for h in site.hits if h[1] == "/none"]


# --- permissions --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_only_a_supervisor_above_the_agency_registers_its_column(
    client, site, education, supervisor_city, make_agency, make_user, city, clerk_a
):
    elsewhere = make_user("sup_else", make_agency("另一市人民政府", kind="government"), ["supervisor"])
    with pytest.raises(PermissionDenied):
        source_register(actor=elsewhere, agency=education, url=site.column)
    with pytest.raises(PermissionDenied):  # not for the supervisor's own agency either
        source_register(actor=supervisor_city, agency=city, url=site.column)
    client.force_login(elsewhere)
    response = client.post(reverse("collection:sources"), {"agency": education.pk, "url": site.column})
    assert response.status_code == 400 and not CollectionSource.objects.exists()
    client.force_login(clerk_a)
    for name in ("collection:sources", "collection:results"):
        assert client.get(reverse(name)).status_code == 403
    assert client.post(reverse("collection:start")).status_code == 403


@pytest.mark.django_db
def test_a_supervisor_outside_the_subtree_cannot_see_or_edit_a_source(client, source, make_agency, make_user):
    elsewhere = make_user("sup_else", make_agency("另一市人民政府", kind="government"), ["supervisor"])
    client.force_login(elsewhere)
    assert client.get(reverse("collection:source_edit", args=[source.pk])).status_code == 404
    page = client.get(reverse("collection:sources")).content.decode()
    assert source.url not in page
    client.post(reverse("collection:start"), {"source": source.pk})
    assert not source.runs.exists()


# --- the pages ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_pages_register_start_and_show_results_per_agency_year(
    client, site, education, supervisor_city, django_capture_on_commit_callbacks
):
    client.force_login(supervisor_city)
    page = client.get(reverse("collection:sources")).content.decode()
    assert "登记下级机关的年度报告栏目" in page and "csrfmiddlewaretoken" in page and "style=" not in page
    response = client.post(
        reverse("collection:sources"), {"agency": education.pk, "url": site.column, "active": "on"}
    )
    assert response.status_code == 302
    source = CollectionSource.objects.get()
    assert source.registered_by == supervisor_city and source.active

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("collection:start"))
    run = source.runs.get()
    assert response["Location"] == reverse("collection:run", args=[run.pk])
    detail = client.get(response["Location"]).content.decode()
    assert "collect.E002" in detail and "超过上限" in detail and "新归档" in detail

    results = client.get(reverse("collection:results")).content.decode()
    assert "洛阳市教育局 · 2023 年度" in results and "洛阳市教育局 · 2022 年度" in results
    audited = CollectedItem.objects.get(url__endswith="2022-report.pdf").audited
    link = reverse("oversight:report", args=[audited.batch_id, audited.pk])
    assert link in results
    assert client.get(link).status_code == 200

    edit = reverse("collection:source_edit", args=[source.pk])
    assert client.post(edit, {"url": site.column, "active": ""}).status_code == 302
    source.refresh_from_db()
    assert not source.active


@pytest.mark.django_db
def test_the_collectors_findings_are_the_offices_an_upload_stays_its_uploaders(
    client, site, source, city, make_agency, make_user, supervisor_city, django_capture_on_commit_callbacks
):
    from gongkai.oversight.models import AuditBatch

    _run(supervisor_city, [source], django_capture_on_commit_callbacks)
    audited = CollectedItem.objects.exclude(audited=None).first().audited
    assert audited.batch.collected and audited.batch.uploaded_by == supervisor_city
    link = reverse("oversight:report", args=[audited.batch_id, audited.pk])

    colleague = make_user("sup_colleague", city, ["supervisor"])  # same office, did not start the run
    client.force_login(colleague)
    assert link in client.get(reverse("collection:results")).content.decode()
    assert client.get(link).status_code == 200

    outsider = make_user("sup_outside", make_agency("另一市人民政府", kind="government"), ["supervisor"])
    client.force_login(outsider)
    assert client.get(link).status_code == 404

    private = AuditBatch.objects.create(uploaded_by=supervisor_city, agency=city, name="我的上传")
    client.force_login(colleague)
    assert client.get(reverse("oversight:batch", args=[private.pk])).status_code == 404


@pytest.mark.django_db
def test_the_migration_marks_the_batches_the_collector_filed_before_the_flag(
    source, supervisor_city, django_capture_on_commit_callbacks
):
    from django.apps import apps

    from gongkai.oversight.models import AuditBatch

    _run(supervisor_city, [source], django_capture_on_commit_callbacks)
    upload = AuditBatch.objects.create(
        uploaded_by=supervisor_city, agency=supervisor_city.agency, name="上传"
    )
    AuditBatch.objects.update(collected=False)
    migration = __import__(
        "gongkai.oversight.migrations.0003_auditbatch_collected", fromlist=["mark_collected"]
    )
    migration.mark_collected(apps, None)
    filed = {item.audited.batch_id for item in CollectedItem.objects.exclude(audited=None)}
    assert filed and set(AuditBatch.objects.filter(collected=True).values_list("pk", flat=True)) == filed
    assert not AuditBatch.objects.get(pk=upload.pk).collected
