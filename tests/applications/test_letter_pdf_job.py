"""The delivered letter's PDF as a job: stored record first, PDF from the worker, 202 meanwhile."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.urls import reverse

from gongkai.applications import services as s
from gongkai.applications.jobs import LETTER_PDF, letter_content_dump, letter_content_load
from gongkai.applications.letters import build_letter
from gongkai.jobs.models import Job
from gongkai.jobs.services import job_run


@pytest.fixture
def broker(settings, monkeypatch):
    """A configured broker whose dispatch runs nothing: the job waits for a worker."""
    settings.BROKER_URL = "redis://127.0.0.1:6379/12"
    sent = []
    monkeypatch.setattr("gongkai.jobs.tasks.run_job.delay_on_commit", lambda job_id: sent.append(job_id))
    return sent


def _delivered(agency_a, clerk_a, head_a, register):
    app = s.application_decide(
        application=register(agency_a, clerk_a),
        outcome="disclosed",
        decided_on=date(2025, 3, 20),
        actor=head_a,
    )
    return s.application_deliver(
        application=app, delivered_on=date(2025, 3, 21), method="email", actor=clerk_a
    )


def test_without_a_broker_the_pdf_is_there_when_delivery_returns(agency_a, clerk_a, head_a, register):
    app = _delivered(agency_a, clerk_a, head_a, register)
    stored = app.letters.get(kind="reply")
    assert stored.pdf.read().startswith(b"%PDF")
    assert stored.pdf_job.kind == LETTER_PDF and stored.pdf_job.status == Job.Status.DONE


def test_with_a_broker_delivery_returns_before_the_pdf_and_the_job_makes_it(
    agency_a, clerk_a, head_a, register, broker, client, monkeypatch
):
    typeset = []
    monkeypatch.setattr(
        "gongkai.applications.jobs.letter_pdf", lambda letter: typeset.append(letter) or b"%PDF-1.7 worker"
    )
    app = _delivered(agency_a, clerk_a, head_a, register)
    stored = app.letters.get(kind="reply")
    # The record is complete and valid; only the PDF is missing, and nothing was typeset in the request.
    assert stored.docx and not stored.pdf and typeset == []
    stored.full_clean()
    assert broker == [stored.pdf_job_id] and stored.pdf_job.status == Job.Status.QUEUED

    client.force_login(clerk_a)
    url = reverse("applications:letter", args=[app.pk, "reply", "pdf"])
    waiting = client.get(url)
    assert waiting.status_code == 202 and typeset == []
    page = waiting.content.decode()
    assert "正在生成" in page and "<progress" in page and 'http-equiv="refresh"' in page
    assert client.get(url).status_code == 202  # a reload shows the same job, starts no other
    assert Job.objects.filter(kind=LETTER_PDF).count() == 1

    job_run(stored.pdf_job_id)  # the worker
    assert len(typeset) == 1 and typeset[0].number == build_letter(app, "reply").number
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.7 worker"


def test_a_failed_job_is_started_again_not_answered_with_500(
    agency_a, clerk_a, head_a, register, broker, client, monkeypatch
):
    app = _delivered(agency_a, clerk_a, head_a, register)
    stored = app.letters.get(kind="reply")
    monkeypatch.setattr("gongkai.applications.jobs.letter_pdf", lambda letter: 1 / 0)
    assert job_run(stored.pdf_job_id).status == Job.Status.FAILED
    client.force_login(clerk_a)
    url = reverse("applications:letter", args=[app.pk, "reply", "pdf"])
    assert client.get(url).status_code == 202
    stored.refresh_from_db()
    assert stored.pdf_job.status == Job.Status.QUEUED and len(broker) == 2
    monkeypatch.setattr("gongkai.applications.jobs.letter_pdf", lambda letter: b"%PDF-1.7 again")
    job_run(stored.pdf_job_id)
    assert client.get(url).status_code == 200


def test_a_job_for_a_replaced_letter_stores_nothing(agency_a, clerk_a, head_a, register, broker):
    app = _delivered(agency_a, clerk_a, head_a, register)
    old = app.letters.get(kind="reply")
    old.delete()
    assert job_run(old.pdf_job_id).result == {"skipped": "文书已被替换或已生成"}


def test_the_frozen_content_survives_the_round_trip(agency_a, clerk_a, head_a, register):
    app = s.application_decide(
        application=register(agency_a, clerk_a),
        outcome="disclosed",
        decided_on=date(2025, 3, 20),
        actor=head_a,
    )
    letter = build_letter(app, "reply")
    assert letter_content_load(letter_content_dump(letter)) == letter


def test_the_api_gets_202_as_json_while_the_pdf_is_made(
    agency_a, clerk_a, head_a, register, broker, monkeypatch
):
    from gongkai.applications.views.public import letter_response

    monkeypatch.setattr("gongkai.applications.jobs.letter_pdf", lambda letter: b"%PDF-1.7 worker")
    app = _delivered(agency_a, clerk_a, head_a, register)
    waiting = letter_response(app, "reply", "pdf")  # as gongkai.api.views.applications calls it
    assert waiting.status_code == 202 and waiting["Content-Type"] == "application/json"
    body = json.loads(waiting.content)
    assert "正在生成" in body["message"] and body["status"] == "queued"
    job_run(app.letters.get().pdf_job_id)
    assert letter_response(app, "reply", "pdf").status_code == 200


def test_an_applicant_waiting_for_the_pdf_gets_the_portal_page(
    agency_a, clerk_a, head_a, register, broker, rf
):
    from django.contrib.auth.models import AnonymousUser

    from gongkai.applications.views.public import letter_response

    app = _delivered(agency_a, clerk_a, head_a, register)
    request = rf.get(f"/apply/track/{app.tracking_number}/letters/reply.pdf")
    request.user = AnonymousUser()
    waiting = letter_response(app, "reply", "pdf", request)
    page = waiting.content.decode()
    assert waiting.status_code == 202 and waiting["Retry-After"] == "2"
    assert "答复书PDF正在生成" in page and 'class="portal"' in page and "/staff/jobs/" not in page
