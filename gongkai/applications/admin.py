"""Read-only admin views: every change goes through the services (and the audit log)."""

from django.contrib import admin

from .models import Application, ApplicationEvent, Consultation, RemedyCase


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnly):
    list_display = (
        "tracking_number",
        "agency",
        "applicant_category",
        "status",
        "received_on",
        "due_date",
        "outcome",
    )
    list_filter = ("status", "applicant_category", "channel")
    search_fields = ("tracking_number", "applicant_name")
    exclude = ("query_code_hash", "idempotency_key")


@admin.register(ApplicationEvent)
class ApplicationEventAdmin(ReadOnly):
    list_display = ("application", "type", "date", "workdays")


@admin.register(Consultation)
class ConsultationAdmin(ReadOnly):
    list_display = ("application", "party_name", "sent_on", "limit_on", "closed_on")


@admin.register(RemedyCase)
class RemedyCaseAdmin(ReadOnly):
    list_display = ("application", "kind", "filed_on", "outcome", "concluded_on")
