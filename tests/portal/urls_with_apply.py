"""A URLconf with stand-in application pages shaped like the applications app's ``apply`` namespace."""

from django.http import HttpResponse
from django.urls import include, path

from .urls_without_apply import urlpatterns as without_apply


def _stub(request, **kwargs):
    return HttpResponse("stub")


apply_patterns = (
    [
        path("", _stub, name="form"),
        path("track/", _stub, name="track"),
        path("<str:credit_code>/", _stub, name="form_for"),
    ],
    "apply",
)

urlpatterns = [path("apply/", include(apply_patterns)), *without_apply]
