from django.urls import path

from .views import catalogue, documents, supervision

app_name = "publishing"

urlpatterns = [
    path("", documents.document_list, name="document_list"),
    path("documents/new/", documents.document_create, name="document_create"),
    path("documents/suggest/", documents.document_suggest, name="document_suggest"),
    path("documents/<int:pk>/", documents.document_detail, name="document_detail"),
    path("documents/<int:pk>/edit/", documents.document_edit, name="document_edit"),
    path("documents/<int:pk>/attachments/", documents.attachment_upload, name="attachment_upload"),
    path("documents/<int:pk>/do/<slug:name>/", documents.document_transition, name="document_transition"),
    path("documents/<int:pk>/correct/", documents.document_correct, name="document_correct"),
    path("documents/<int:pk>/acknowledge/", documents.pii_acknowledge, name="pii_acknowledge"),
    path("documents/<int:pk>/history/", documents.document_history, name="document_history"),
    path("versions/<int:pk>/", documents.version_detail, name="version_detail"),
    path("attachments/<int:pk>/", documents.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", documents.attachment_delete, name="attachment_delete"),
    path("columns/", catalogue.column_list, name="column_list"),
    path("columns/new/", catalogue.column_create, name="column_create"),
    path("columns/<int:pk>/edit/", catalogue.column_edit, name="column_edit"),
    path("normative/", catalogue.normative_list, name="normative_list"),
    path("normative/new/", catalogue.normative_create, name="normative_create"),
    path("normative/<int:pk>/edit/", catalogue.normative_edit, name="normative_edit"),
    path("figures/", catalogue.figures, name="figures"),
    path("figures/import/", catalogue.figures_import, name="figures_import"),
    path("media/", catalogue.media_list, name="media_list"),
    path("media/new/", catalogue.media_create, name="media_create"),
    path("media/<int:pk>/", catalogue.media_detail, name="media_detail"),
    path("disclosure/", catalogue.disclosure_list, name="disclosure_list"),
    path("disclosure/new/", catalogue.disclosure_create, name="disclosure_create"),
    path("disclosure/<int:pk>/edit/", catalogue.disclosure_edit, name="disclosure_edit"),
    path("inspection/", supervision.inspection_overview, name="inspection_overview"),
    path("inspection/<int:agency_pk>/", supervision.inspection_agency, name="inspection_agency"),
    path(
        "inspection/<int:agency_pk>/file/",
        supervision.rectification_from_inspection,
        name="rectification_from_inspection",
    ),
    path("rectifications/", supervision.rectification_list, name="rectification_list"),
    path("rectifications/new/", supervision.rectification_create, name="rectification_create"),
    path("rectifications/<int:pk>/", supervision.rectification_detail, name="rectification_detail"),
    path("rectifications/<int:pk>/answer/", supervision.rectification_answer, name="rectification_answer"),
    path("rectifications/<int:pk>/review/", supervision.rectification_review, name="rectification_review"),
    path("evidence/<int:pk>/", supervision.evidence_download, name="evidence_download"),
    path(
        "rectifications/corrected/<int:pk>/",
        supervision.corrected_report_download,
        name="corrected_report_download",
    ),
]
