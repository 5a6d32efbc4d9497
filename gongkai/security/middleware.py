"""Edge checks every request passes: control characters, session lifetime, two-factor sign-in."""

from __future__ import annotations

import re
import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.urls import reverse

from . import otp

# NUL and the other C0 controls (tab, newline and carriage return are text) and DEL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SESSION_STARTED = "gongkai_session_started"


def client_address(request) -> str:
    """Return the client address for django-axes: REMOTE_ADDR, already taken from a trusted proxy."""
    return request.META.get("REMOTE_ADDR", "")


def _has_control(query_dict) -> bool:
    for key, values in query_dict.lists():
        if CONTROL_CHARACTERS.search(key):
            return True
        for value in values:
            if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
                return True
    return False


class RejectControlCharactersMiddleware:
    """Refuse a query string or form whose fields hold NUL or other control characters.

    No typed text needs them, PostgreSQL cannot store NUL, and some break searches: the request
    is answered with 400 and a Chinese explanation, before any view or query sees it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        bad = _has_control(request.GET)
        if not bad and request.method == "POST" and not request.content_type.startswith("application/json"):
            bad = _has_control(request.POST)
        if bad:
            return render(
                request,
                "security/bad_input.html",
                {"message": "提交的内容含有不允许的控制字符（如空字符 NUL），请删除这些字符后重新提交。"},
                status=400,
            )
        return self.get_response(request)


class SessionLifetimeMiddleware:
    """End a signed-in session after its absolute lifetime, however active it was.

    The idle timeout is Django's own (SESSION_COOKIE_AGE, renewed on every request); this adds
    the ceiling (GONGKAI_SESSION_ABSOLUTE_SECONDS) counted from sign-in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(SESSION_STARTED)
            now = int(time.time())
            if started is None:
                request.session[SESSION_STARTED] = now
            elif now - started > settings.GONGKAI_SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect(f"{reverse('login')}?expired=1")
        return self.get_response(request)


class RequireTwoFactorMiddleware:
    """Send a signed-in user who must confirm a one-time code to the code (or enrolment) page.

    Runs after django-otp's OTPMiddleware. Who must: see ``otp.must_verify``. Until verified,
    only the two-factor pages, sign-out and static files are reachable.
    """

    ALLOWED_PREFIXES = ("/static/",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified() and otp.must_verify(user):
            allowed = {reverse("security:otp_verify"), reverse("security:otp_setup"), reverse("logout")}
            if request.path not in allowed and not request.path.startswith(self.ALLOWED_PREFIXES):
                target = "security:otp_verify" if otp.has_device(user) else "security:otp_setup"
                return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)
