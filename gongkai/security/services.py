"""Writes of the security app: confirming an authenticator (one transaction, one audit event)."""

from __future__ import annotations

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.auditlog.services import audit_record


def otp_device_confirm(*, device: TOTPDevice, token: str, actor) -> bool:
    """Confirm the actor's own pending authenticator with a code from it; return whether it matched."""
    if device.user_id != actor.pk or device.confirmed:
        raise PermissionError("只能启用本人的身份验证器")
    if not device.verify_token(token):
        return False
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(actor=device.user, action="security.otp_enrol", obj=device.user, note="启用双因素登录")
    return True
