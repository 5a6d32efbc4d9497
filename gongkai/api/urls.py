"""The API's URLs, included at ``api/v1/`` (namespace ``api``)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from .views import applications, auditor, public, staff
from .views.errors import not_found

app_name = "api"

urlpatterns = [
    path("openapi.json", login_not_required(SpectacularJSONAPIView.as_view()), name="schema"),
    path(
        "docs/", login_not_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"
    ),
    # public
    path("agencies/", public.AgencyList.as_view(), name="agencies"),
    path("agencies/<str:credit_code>/", public.AgencyDetail.as_view(), name="agency"),
    path("agencies/<str:credit_code>/columns/", public.ColumnList.as_view(), name="columns"),
    path("documents/", public.DocumentList.as_view(), name="documents"),
    path("documents/<int:pk>/", public.DocumentDetail.as_view(), name="document"),
    path("annual-reports/dataset.json", public.DatasetJson.as_view(), name="dataset_json"),
    path("annual-reports/dataset.csv", public.DatasetCsv.as_view(), name="dataset_csv"),
    path("annual-reports/<str:credit_code>/<int:year>/", public.AnnualReportDetail.as_view(), name="report"),
    path("applications/", applications.ApplicationSubmit.as_view(), name="apply"),
    path("applications/track/", applications.ApplicationTrack.as_view(), name="track"),
    path("applications/letter/", applications.ApplicationLetter.as_view(), name="letter"),
    path("auditor/jobs/", auditor.AuditJobCreate.as_view(), name="audit_jobs"),
    path("auditor/jobs/<uuid:job_id>/", auditor.AuditJobDetail.as_view(), name="audit_job"),
    # staff (personal token)
    path("staff/applications/", staff.WorkList.as_view(), name="staff_applications"),
    path(
        "staff/applications/<str:tracking_number>/",
        staff.ApplicationDetail.as_view(),
        name="staff_application",
    ),
    *(
        path(
            f"staff/applications/<str:tracking_number>/{key}/",
            view.as_view(),
            name=f"staff_application_{key}",
        )
        for key, view in staff.step_views()
    ),
    path("staff/documents/", staff.StaffDocumentList.as_view(), name="staff_documents"),
    path("staff/documents/<int:pk>/", staff.StaffDocumentDetail.as_view(), name="staff_document"),
    path(
        "staff/documents/<int:pk>/transitions/<str:name>/",
        staff.StaffDocumentTransition.as_view(),
        name="staff_document_transition",
    ),
    path(
        "staff/annual-reports/<str:credit_code>/<int:year>/",
        staff.StaffReportData.as_view(),
        name="staff_report_data",
    ),
    re_path(r"^.*$", not_found, name="not_found"),
]
