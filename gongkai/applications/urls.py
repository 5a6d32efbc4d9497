"""Staff URLs, included at ``staff/applications/`` with the namespace ``applications``."""

from django.urls import path

from .views import actions, remedies, staff

app_name = "applications"

urlpatterns = [
    path("", staff.worklist, name="worklist"),
    path("all/", staff.application_list, name="list"),
    path("new/", staff.register, name="register"),
    path("<int:pk>/", staff.detail, name="detail"),
    path("<int:pk>/do/<slug:name>/", actions.action, name="action"),
    path("<int:pk>/reveal/", staff.reveal, name="reveal"),
    path("<int:pk>/letters/<slug:kind>.<slug:fmt>", staff.letter, name="letter"),
    path("<int:pk>/attachments/<int:attachment_pk>/", staff.attachment, name="attachment"),
    path("<int:pk>/delivery-proof/", staff.delivery_proof, name="delivery_proof"),
    path("<int:pk>/receipt.pdf", staff.receipt, name="receipt"),
    path("<int:pk>/remedies/new/", remedies.remedy_create, name="remedy_create"),
    path("remedies/", remedies.remedy_list, name="remedy_list"),
    path("remedies/<int:pk>/", remedies.remedy_detail, name="remedy_detail"),
    path("remedies/<int:pk>/delete/", remedies.remedy_delete, name="remedy_delete"),
    path("remedies/documents/<int:pk>/", remedies.remedy_document, name="remedy_document"),
    path(
        "remedies/documents/<int:pk>/delete/", remedies.remedy_document_remove, name="remedy_document_delete"
    ),
]
