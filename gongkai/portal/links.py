"""Links to pages other apps may or may not provide (the application form and its tracking page).

The portal works before and without the applications app: a link is shown only when its URL
name resolves. The first name (and argument shape) that resolves wins.
"""

from __future__ import annotations

from functools import cache

from django.urls import NoReverseMatch, reverse

APPLY_FORM_NAMES = ("apply:form_for", "apply:form", "apply:start", "apply:new")
APPLY_TRACK_NAMES = ("apply:track", "apply:status")


def _first(names: tuple[str, ...], credit_code: str | None) -> str | None:
    for name in names:
        attempts = ({"credit_code": credit_code}, {}) if credit_code else ({},)
        for kwargs in attempts:
            try:
                return reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                continue
    return None


@cache
def apply_form_url(credit_code: str | None = None) -> str | None:
    return _first(APPLY_FORM_NAMES, credit_code)


@cache
def apply_track_url(credit_code: str | None = None) -> str | None:
    return _first(APPLY_TRACK_NAMES, credit_code)


def clear() -> None:
    """Forget resolved links (tests that change the URLconf)."""
    apply_form_url.cache_clear()
    apply_track_url.cache_clear()
