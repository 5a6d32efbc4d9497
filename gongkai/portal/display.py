"""The large-font, high-contrast display (适老化 / GB/T 37668-2019): a switch in every page's header.

The choice is a cookie, so it is remembered and works without JavaScript on the portal and in the
back office alike. It changes only how pages look, never data, so it is a plain link.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

COOKIE = "gk_display"
CARE = "care"
ONE_YEAR = 365 * 24 * 3600


def display_context(request) -> dict:
    """Tell templates whether the large-font, high-contrast display is on."""
    return {"care_mode": request.COOKIES.get(COOKIE) == CARE}


@login_not_required
@require_GET
def display_switch(request):
    """Turn the large-font, high-contrast display on (``?mode=care``) or off, and go back."""
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.GET.get("mode") == CARE:
        response.set_cookie(COOKIE, CARE, max_age=ONE_YEAR, samesite="Lax", httponly=True)
    else:
        response.delete_cookie(COOKIE, samesite="Lax")
    return response
