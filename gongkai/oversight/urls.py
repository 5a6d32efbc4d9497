from django.urls import path

from . import views

app_name = "oversight"

urlpatterns = [
    path("reports/", views.audit_upload, name="audit_upload"),
]
