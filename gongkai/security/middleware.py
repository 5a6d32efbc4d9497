"""Edge checks every request passes: control characters, session lifetime, two-factor sign-in."""

from __future__ import annotations

import re
import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from . import otp

# NUL and the other C0 controls (tab, newline and carriage return are text) and DEL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SESSION_STARTED = "gongkai_session_started"
SESSION_SEEN = "gongkai_session_seen"
OTP_NEEDED = "gongkai_otp_needed"


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
    """Refuse a path, query string or form that holds NUL or other control characters.

    No typed text needs them, PostgreSQL cannot store NUL, and some break searches: the request
    is answered with 400 and a Chinese explanation, before any view or query sees it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        bad = bool(CONTROL_CHARACTERS.search(request.path_info)) or _has_control(request.GET)
        if not bad and request.method == "POST" and not request.content_type.startswith("application/json"):
            bad = _has_control(request.POST)
        if bad:
            message = "提交的内容含有不允许的控制字符（如空字符 NUL），请删除这些字符后重新提交。"
            if request.path.startswith("/api/"):  # the API's one error body (docs/decisions/0012-api.md)
                return JsonResponse(
                    {"error": {"code": "invalid", "message": message, "fields": {}}},
                    status=400,
                    json_dumps_params={"ensure_ascii": False},
                )
            return render(request, "security/bad_input.html", {"message": message}, status=400)
        return self.get_response(request)


class SessionLifetimeMiddleware:
    """Sign a user out after SESSION_COOKIE_AGE idle seconds or GONGKAI_SESSION_ABSOLUTE_SECONDS in all.

    The last request's time is written at most once a minute (which also renews the cookie), so
    a busy page does not write its session on every request.
    """

    RENEW_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session, now = request.session, int(time.time())
            started, seen = session.get(SESSION_STARTED), session.get(SESSION_SEEN)
            if started is not None and (
                now - started > settings.GONGKAI_SESSION_ABSOLUTE_SECONDS
                or now - (seen or started) > settings.SESSION_COOKIE_AGE
            ):
                logout(request)
                return redirect(f"{reverse('login')}?expired=1")
            if started is None:
                session[SESSION_STARTED] = now
            if seen is None or now - seen >= self.RENEW_SECONDS:
                session[SESSION_SEEN] = now
        return self.get_response(request)


class RequireTwoFactorMiddleware:
    """Send a signed-in user who must confirm a one-time code to the code (or enrolment) page.

    Runs after django-otp's OTPMiddleware. Who must: see ``otp.must_verify``, asked once per
    session (a new sign-in asks again). Until verified, only the two-factor pages, sign-out and
    static files are reachable.
    """

    ALLOWED_PREFIXES = ("/static/",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified():
            needed = request.session.get(OTP_NEEDED)
            if needed is None:
                needed = request.session[OTP_NEEDED] = otp.must_verify(user)
            allowed = {reverse("security:otp_verify"), reverse("security:otp_setup"), reverse("logout")}
            if needed and request.path not in allowed and not request.path.startswith(self.ALLOWED_PREFIXES):
                target = "security:otp_verify" if otp.has_device(user) else "security:otp_setup"
                return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)
