from django.urls import path

from . import views

app_name = "annual_report"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("generate/", views.report_generate, name="generate"),
    path("overview/", views.overview, name="overview"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/edit/", views.report_edit, name="edit"),
    path("<int:pk>/action/<slug:action>/", views.report_action, name="action"),
    path("<int:pk>/acknowledge/", views.report_acknowledge, name="acknowledge"),
    path("<int:pk>/download/<slug:fmt_name>/", views.report_download, name="download"),
    path("<int:pk>/cell/<str:section>/<str:row>/<str:cell>/", views.report_cell, name="cell"),
]
