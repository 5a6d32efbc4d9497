"""Who must sign in with a one-time code, and enrolling an authenticator (TOTP, django-otp).

Graded-protection practice for government systems asks two factors of administrators: site and
agency administrators and supervisors must; every other staff member may enrol, and once
enrolled is always asked for a code.
"""

from __future__ import annotations

import base64

import segno
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.agencies import policy


def has_device(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def must_verify(user) -> bool:
    """Whether this user must confirm a one-time code before using the site.

    Required (unless GONGKAI_OTP_REQUIRED=0) of the policy's site administrators, agency
    administrators and supervisors; anyone who enrolled is asked too.
    """
    if has_device(user):
        return True
    required = (*policy.SITE_ADMIN_ROLES, *policy.AGENCY_ADMIN_ROLES, *policy.SUPERVISOR_ROLES)
    return settings.GONGKAI_OTP_REQUIRED and (user.is_superuser or user.has_role(*required))


def pending_device(user) -> TOTPDevice:
    """Return the user's unconfirmed authenticator, creating one (a fresh secret) if none."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """Return the secret as people type it into an authenticator app (base32, in groups of four)."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> str:
    """Return the enrolment QR code as inline SVG, drawn here (no outside service sees the secret)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, title="身份验证器二维码")
