from django.urls import path

from . import views

app_name = "oversight"

urlpatterns = [
    path("compare/", views.compare, name="compare"),
    path("reports/", views.audit_upload, name="audit_upload"),
    path("reports/<int:pk>/", views.batch_detail, name="batch"),
    path("reports/<int:batch_pk>/<int:pk>/", views.report_detail, name="report"),
]
