"""Intake: registering an application (portal or staff) and confirming its receipt (art. 29–31).

A submission is saved in one transaction before anything else happens, attachments included;
the receipt PDF is rendered afterwards, on request. A repeated submission with the same
idempotency token returns the application already saved (a double click creates one record).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, pbkdf2, salted_hmac

from gongkai.agencies import policy
from gongkai.agencies.models import Agency
from gongkai.annual_report.selectors import is_published
from gongkai.auditlog.services import audit_record
from gongkai.core.clock import EventType
from gongkai.core.workdays import working_days_between
from gongkai.workdays.selectors import get_calendar

from .. import choices as ch
from ..models import Application, Attachment
from ..uploads import MAX_ATTACHMENTS, UploadRejected, sniff_bytes
from ..validation import ApplicationData, application_data_errors, normalise_id_number
from ..workflow import WORKFLOW, Action, Status
from ._base import check_day, ensure_allowed, lock, move
from .clock import add_event

QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 symbols, no 0/O/1/I
QUERY_CODE_LENGTH = 8  # 40 bits; lookups are rate limited
_HASH_ITERATIONS = 60_000
TRACKING_PREFIX = "YSQ"


@dataclass(frozen=True)
class Upload:
    """An attachment as received: its name and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Registration:
    application: Application
    query_code: str  # shown once; only its hash is stored
    created: bool  # False when the token had already been used (a double submission)


# --- query codes -------------------------------------------------------------------------------


def _encode(raw: bytes, length: int) -> str:
    number = int.from_bytes(raw, "big")
    chars = []
    for _ in range(length):
        number, index = divmod(number, len(QUERY_CODE_ALPHABET))
        chars.append(QUERY_CODE_ALPHABET[index])
    return "".join(chars)


def query_code_for_token(token: str) -> str:
    """Derive the query code from the form's idempotency token (keyed with SECRET_KEY).

    A double submission re-derives the same code, so the receipt can be shown again without the
    code ever being stored; the database holds only the token and a salted hash of the code.
    """
    return _encode(salted_hmac("gongkai.applications.query_code", token).digest(), QUERY_CODE_LENGTH)


def random_query_code() -> str:
    return _encode(secrets.token_bytes(8), QUERY_CODE_LENGTH)


def normalise_query_code(value: str) -> str:
    return "".join(ch for ch in (value or "").upper() if ch.isalnum())


def format_query_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}" if len(code) == QUERY_CODE_LENGTH else code


def hash_query_code(code: str, *, salt: str | None = None, iterations: int = _HASH_ITERATIONS) -> str:
    salt = salt or secrets.token_hex(8)
    digest = base64.b64encode(
        pbkdf2(normalise_query_code(code), salt, iterations, digest=hashlib.sha256)
    ).decode()
    return f"pbkdf2_sha256${iterations}${salt}${digest}"


def check_query_code(code: str, stored: str) -> bool:
    try:
        algorithm, iterations, salt, _ = stored.split("$", 3)
    except ValueError:
        return False
    if algorithm != "pbkdf2_sha256":
        return False
    return constant_time_compare(hash_query_code(code, salt=salt, iterations=int(iterations)), stored)


def dummy_query_code_check(code: str) -> None:
    """Spend the time of a real check, so an unknown tracking number is not told apart by timing."""
    hmac.compare_digest(hash_query_code(code, salt="0" * 16), "x")


def new_tracking_number(year: int) -> str:
    """``YSQ`` + year + 8 random digits; uniqueness is the database's (retried on collision)."""
    return f"{TRACKING_PREFIX}{year}{secrets.randbelow(10**8):08d}"


# --- registration ------------------------------------------------------------------------------


def _validate(agency: Agency, data: ApplicationData, uploads: list[Upload]) -> list[tuple[Upload, Any]]:
    if not agency.is_active:
        raise ValidationError("该机关目前不受理网上申请")
    errors = application_data_errors(data)
    if errors:
        raise ValidationError(errors)
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": f"附件最多{MAX_ATTACHMENTS}个"})
    checked = []
    for upload in uploads:
        try:
            checked.append((upload, sniff_bytes(upload.data, upload.name)))
        except UploadRejected as exc:
            raise ValidationError({"attachments": str(exc)}) from None
    return checked


def application_register(
    *,
    agency: Agency,
    data: ApplicationData,
    actor: Any = None,
    channel: str = "online",
    arrived_at: datetime | None = None,
    arrival_notes: str = "",
    received_on: date | None = None,
    receipt_basis: str = "",
    receipt_note: str = "",
    assignee: Any = None,
    uploads: list[Upload] | tuple[Upload, ...] = (),
    idempotency_key: str | None = None,
) -> Registration:
    """Save a new application and its attachments in one transaction (Regulation art. 29).

    Online submissions (no actor) stay ``registered`` until the office confirms receipt; staff
    registrations (channel in person, post, fax, e-mail, oral) carry the receipt date that counts
    and how it was established (art. 31), and enter ``in_progress`` with the clock running.
    """
    uploads = list(uploads)
    checked = _validate(agency, data, uploads)
    staff = actor is not None and getattr(actor, "is_authenticated", False)
    target = Status.IN_PROGRESS if staff else Status.REGISTERED
    policy.enforce(
        WORKFLOW, Action.REGISTER, None, target=target, user=actor if staff else None, agency=agency.pk
    )
    if staff:
        if channel not in dict(ch.STAFF_CHANNEL_CHOICES):
            raise ValidationError({"channel": "请选择申请渠道"})
        if receipt_basis not in dict(ch.RECEIPT_BASIS_CHOICES):
            raise ValidationError({"receipt_basis": "请选择收到日期的确定方式"})
        check_day(received_on, "收到申请日期")
        if assignee is not None and assignee.agency_id != agency.pk:
            raise ValidationError({"assignee": "承办人必须是本机关工作人员"})
    else:
        channel, received_on, receipt_basis, assignee = "online", None, "", None
    arrived_at = arrived_at or timezone.now()
    if arrived_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"arrived_at": "实际到达时间不能晚于现在"})
    if staff:
        check_receipt_date(
            agency_id=agency.pk,
            channel=channel,
            basis=receipt_basis,
            arrived_on=timezone.localdate(arrived_at),
            received_on=received_on,
        )

    key = (idempotency_key or "").strip()[:64] or None
    code = query_code_for_token(key) if key else random_query_code()
    if key:
        existing = Application.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return _repeat(existing, data, code)

    fields = data.as_dict() | {"id_number": normalise_id_number(data.id_number)}
    if data.applicant_category in ch.ORGANISATION_CATEGORIES:
        fields["id_type"] = "credit_code"
    code_hash = hash_query_code(code)  # before the transaction: no lock is held while hashing
    for _attempt in range(8):
        saved_files: list[Any] = []
        try:
            with transaction.atomic():
                application = Application(
                    agency=agency,
                    tracking_number=new_tracking_number(timezone.localdate(arrived_at).year),
                    query_code_hash=code_hash,
                    idempotency_key=key,
                    channel=channel,
                    arrived_at=arrived_at,
                    arrival_notes=arrival_notes,
                    received_on=received_on,
                    receipt_basis=receipt_basis,
                    receipt_note=receipt_note,
                    status=target.value,
                    assignee=assignee,
                    **fields,
                )
                application.save()
                for upload, sniffed in checked:
                    attachment = Attachment(
                        application=application,
                        original_name=upload.name[:200] or f"附件.{sniffed.kind}",
                        kind=sniffed.kind,
                        content_type=sniffed.content_type,
                        size=sniffed.size,
                        sha256=sniffed.sha256,
                    )
                    attachment.file.save(
                        f"{secrets.token_hex(8)}.{sniffed.kind}", ContentFile(upload.data), save=False
                    )
                    saved_files.append(attachment.file)
                    attachment.save()
                changes: dict[str, list[Any]] = {"status": [None, target.value], "channel": [None, channel]}
                if staff:
                    _, clock_changes = add_event(
                        application,
                        EventType.RECEIVED,
                        received_on,
                        actor=actor,
                        note=dict(ch.RECEIPT_BASIS_CHOICES)[receipt_basis],
                    )
                    application.save()
                    changes |= {"received_on": [None, received_on]} | clock_changes
                audit_record(
                    actor=actor,
                    action="application.register",
                    obj=application,
                    changes=changes,
                    note=f"{dict(ch.CHANNEL_CHOICES)[channel]}，附件{len(checked)}个",
                )
            return Registration(application, code, True)
        except IntegrityError:
            _discard(saved_files)
            if key:
                existing = Application.objects.filter(idempotency_key=key).first()
                if existing is not None:
                    return _repeat(existing, data, code)
            continue  # a tracking-number collision: draw again
        except BaseException:
            _discard(saved_files)
            raise
    raise ValidationError("系统繁忙，请稍后再提交")  # pragma: no cover - 8 collisions in a row


def _discard(files) -> None:
    """Delete the files of a rolled-back submission (the records are gone with the transaction)."""
    for f in files:
        try:
            f.storage.delete(f.name)
        except OSError:  # pragma: no cover - best effort
            pass


def _repeat(existing: Application, data: ApplicationData, code: str) -> Registration:
    """Return the receipt of an already saved submission, only to the one who made it."""
    if normalise_id_number(data.id_number) != existing.id_number or not check_query_code(
        code, existing.query_code_hash
    ):
        raise ValidationError("该表单已经提交过，请刷新页面后重新填写")
    return Registration(existing, code, False)


POST_BASES = ("post_signed", "post_confirmed")


def check_receipt_date(
    *, agency_id: int, channel: str, basis: str, arrived_on: date, received_on: date
) -> None:
    """Refuse a receipt date the Regulation does not allow for the channel (art. 31).

    * in person (and oral): the day it was handed in — never later than the day it is recorded
      (``check_day``: not after today), never earlier than its arrival;
    * post: the day the office signed for it (``post_signed``), or for an ordinary letter the
      day both sides confirmed (``post_confirmed``) — either way not before it arrived;
    * online: the day the office confirmed (not before the submission);
    * never a year whose annual report is already published: it would change published counts.
    """
    check_day(received_on, "收到申请日期", not_before=arrived_on, before_label="实际到达日期")
    if channel in ("in_person", "oral") and received_on != arrived_on:
        raise ValidationError(
            {"received_on": "当面提交的申请，以提交当日为收到申请之日（条例第三十一条第（一）项）"}
        )
    if channel == "post":
        if basis not in POST_BASES:
            raise ValidationError(
                {
                    "receipt_basis": "邮寄的申请，以签收之日或（平常信函）双方确认之日为收到申请之日（条例第三十一条第（二）项）"
                }
            )
    if is_published(agency_id, received_on.year):
        raise ValidationError(
            {
                "received_on": f"{received_on.year}年度报告已经公布，收到申请日期不能落在该年度"
                "（否则已公布的年度报告数据将与记录不符）"
            }
        )


def application_confirm_receipt(
    *, application: Application, received_on: date, actor: Any, basis: str = "confirmed", note: str = ""
) -> Application:
    """Confirm an online submission as received: the clock starts (Regulation art. 31 (三)).

    The receipt date is the day the office confirms. A confirmation more than 1 working day
    after the submission is recorded (``receipt_lag_workdays``) and shown on the work list; it
    can never put the receipt in a year whose annual report is already published.
    """
    with transaction.atomic():
        application = lock(application)
        ensure_allowed(application, Action.CONFIRM_RECEIPT, actor)
        if basis not in dict(ch.RECEIPT_BASIS_CHOICES):
            raise ValidationError("请选择收到日期的确定方式")
        submitted = timezone.localdate(application.arrived_at)
        try:
            check_receipt_date(
                agency_id=application.agency_id,
                channel=application.channel,
                basis=basis,
                arrived_on=submitted,
                received_on=received_on,
            )
        except ValidationError as exc:
            raise ValidationError(" ".join(exc.messages)) from None
        lag = working_days_between(get_calendar(), submitted, received_on).days
        application.receipt_lag_workdays = lag
        application.received_on = received_on
        application.receipt_basis = basis
        application.receipt_note = note[:200]
        _, clock_changes = add_event(
            application,
            EventType.RECEIVED,
            received_on,
            actor=actor,
            note=dict(ch.RECEIPT_BASIS_CHOICES)[basis],
        )
        return move(
            application,
            Action.CONFIRM_RECEIPT,
            Status.IN_PROGRESS,
            actor=actor,
            changes={"received_on": [None, received_on]} | clock_changes,
            note=note + (f"（确认收到晚于网上提交{lag}个工作日）" if lag > 1 else ""),
            update_fields=["received_on", "receipt_basis", "receipt_note", "receipt_lag_workdays", *_CLOCK],
        )


_CLOCK = ("due_date", "clock_paused", "clock_provisional", "correction_notice_due", "fee_withdrawal_date")


__all__ = [
    "Registration",
    "Upload",
    "application_confirm_receipt",
    "application_register",
    "check_query_code",
    "format_query_code",
    "hash_query_code",
    "query_code_for_token",
]
