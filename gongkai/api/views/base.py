"""The two kinds of endpoint: public (no login, rate limited) and staff (a personal token).

Both opt out of the site's login-page redirect (``LoginRequiredMiddleware``): the API answers
401/403 in JSON instead. Deny by default stays: the default permission (settings) is a live staff
token; public endpoints say ``AllowAny`` explicitly.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from ..throttling import PublicThrottle


class _NoLoginRedirect:
    @classmethod
    def as_view(cls, **initkwargs):
        return login_not_required(super().as_view(**initkwargs))


class PublicView(_NoLoginRedirect, APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicThrottle]


class PublicListView(_NoLoginRedirect, generics.ListAPIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicThrottle]


class StaffView(_NoLoginRedirect, APIView):
    """Default authentication (personal token) and permission (StaffToken) from settings."""


class StaffListView(_NoLoginRedirect, generics.ListAPIView):
    pass
