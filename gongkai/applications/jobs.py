"""Background work of the applications app (autodiscovered by gongkai.jobs).

- ``applications.letter_pdf``: typeset the PDF of a delivered letter. Delivery stores the letter
  record and its DOCX in its transaction; the PDF follows from this job (a worker with a broker, at
  once in-process without). The job carries the letter's content as it was frozen at delivery, so
  the PDF says exactly what the DOCX says, whatever happens to the application afterwards.
- ``mail.reminder``: the outbox deliverer of the daily digest.
"""

from __future__ import annotations

import dataclasses
import secrets
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.utils import timezone

from gongkai.jobs.models import Job
from gongkai.jobs.registry import job_handler
from gongkai.jobs.services import job_progress, job_start, outbox_topic

from .documents import letter_pdf
from .letters import LetterContent, build_letter
from .models import Letter, ReminderSent

LETTER_PDF = "applications.letter_pdf"


def letter_content_dump(content: LetterContent) -> dict[str, Any]:
    """Return the letter's content as JSON values (the job's parameters)."""
    data = dataclasses.asdict(content)
    data["dated"] = content.dated.isoformat() if content.dated else None
    data["meta"] = [list(pair) for pair in content.meta]
    return data


def letter_content_load(data: dict[str, Any]) -> LetterContent:
    values = dict(data)
    values["dated"] = date.fromisoformat(values["dated"]) if values.get("dated") else None
    values["meta"] = [tuple(pair) for pair in values.get("meta", [])]
    return LetterContent(**values)


def letter_pdf_start(*, letter, content: LetterContent, actor) -> Job:
    """Queue the PDF of a stored letter; without a broker it is typeset now, as before workers existed."""
    job = job_start(
        kind=LETTER_PDF,
        actor=actor,
        agency=letter.application.agency,
        params={"letter": letter.pk, "content": letter_content_dump(content)},
        total=2,
        run_now_without_broker=True,
    )
    Letter.objects.filter(pk=letter.pk).update(pdf_job=job)
    letter.refresh_from_db(fields=["pdf", "pdf_job"])
    return job


def letter_pdf_restart(*, letter, actor) -> Job:
    """Queue the PDF again after its job failed or vanished, from the content frozen at delivery."""
    job = letter.pdf_job
    if job is not None and "content" in job.params:
        content = letter_content_load(job.params["content"])
    else:  # no record of the frozen content left: the letter as the record says it now
        content = build_letter(letter.application, letter.kind)
    return letter_pdf_start(letter=letter, content=content, actor=actor)


@job_handler(LETTER_PDF, "生成答复书 PDF")
def letter_pdf_render(job: Job, *, letter: int, content: dict[str, Any]) -> dict[str, Any]:
    """Typeset the letter and attach the PDF to its record, unless a later delivery replaced it."""
    stored = Letter.objects.filter(pk=letter).select_related("application").first()
    if stored is None or stored.pdf:
        return {"skipped": "文书已被替换或已生成"}
    job_progress(job, done=1)
    data = letter_pdf(letter_content_load(content))
    stem = f"{stored.application.tracking_number}-{stored.kind}-{secrets.token_hex(4)}.pdf"
    name = stored.pdf.storage.save(stored.pdf.field.generate_filename(stored, stem), ContentFile(data))
    # Attach only to the record this job was made for (a new delivery makes a new record), and only
    # once: a second job for the same letter leaves the first file alone.
    if not Letter.objects.filter(pk=letter, pdf="").update(pdf=name):
        stored.pdf.storage.delete(name)
        return {"skipped": "文书已被替换或已生成"}
    return {"file": name}


@outbox_topic("mail.reminder")
def deliver_reminder(payload: dict) -> None:
    """Send one digest mail; mark its applications reminded once the mail server has taken it."""
    EmailMessage(
        subject=payload["subject"], body=payload["body"], from_email=payload["from"], to=payload["to"]
    ).send()
    ReminderSent.objects.filter(pk__in=payload["reminders"], sent_at__isnull=True).update(
        sent_at=timezone.now()
    )
