from django.urls import path

from . import views_public

app_name = "annual_report_public"

urlpatterns = [
    path("<str:credit_code>/<int:year>/", views_public.report, name="report"),
    path("<str:credit_code>/<int:year>/v<int:version>/", views_public.report, name="report_version"),
    path("<str:credit_code>/<int:year>/<slug:fmt_name>/", views_public.download, name="download"),
    path(
        "<str:credit_code>/<int:year>/v<int:version>/<slug:fmt_name>/",
        views_public.download,
        name="download_version",
    ),
]
