"""Public URLs, included at ``apply/`` with the namespace ``apply`` (no login)."""

from django.urls import path

from .views import public

app_name = "apply"

urlpatterns = [
    path("", public.apply, name="form"),
    path("receipt/", public.receipt, name="receipt"),
    path("track/", public.track, name="track"),
    path("track/end/", public.track_end, name="track_end"),
    path("track/<str:tracking_number>/", public.track_detail, name="track_detail"),
    path(
        "track/<str:tracking_number>/letters/<slug:kind>.<slug:fmt>", public.track_letter, name="track_letter"
    ),
    path("<str:credit_code>/", public.apply, name="form_for"),
]
