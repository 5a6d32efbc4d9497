"""Read-only admin views for site administrators: every change goes through the services and the staff
pages, so that it is scoped, checked and audited."""

from django.contrib import admin

from .models import (
    Column,
    Document,
    DocumentVersion,
    IndexCounter,
    MediaAccount,
    NormativeRecord,
    RectificationItem,
    ReviewStep,
    YearlyFigures,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Column)
class ColumnAdmin(ReadOnlyAdmin):
    list_display = ["name", "agency", "parent", "kind", "is_annual_report", "is_active"]
    list_filter = ["kind", "is_annual_report"]
    search_fields = ["name", "agency__name"]


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "agency", "status", "index_number", "published_at", "publish_due", "validity"]
    list_filter = ["status", "kind", "validity"]
    search_fields = ["title", "index_number", "document_number"]
    date_hierarchy = "published_at"


@admin.register(DocumentVersion)
class DocumentVersionAdmin(ReadOnlyAdmin):
    list_display = ["document", "number", "created_at", "created_by"]


@admin.register(ReviewStep)
class ReviewStepAdmin(ReadOnlyAdmin):
    list_display = ["document", "round", "level", "decision", "actor", "at"]


@admin.register(IndexCounter)
class IndexCounterAdmin(ReadOnlyAdmin):
    list_display = ["agency", "year", "last_serial"]


@admin.register(NormativeRecord)
class NormativeRecordAdmin(ReadOnlyAdmin):
    list_display = ["title", "agency", "kind", "issued_on", "repealed_on", "expired_on"]


@admin.register(YearlyFigures)
class YearlyFiguresAdmin(ReadOnlyAdmin):
    list_display = ["agency", "year", "licensing", "penalty", "coercion", "fees_10k_yuan", "entered_by"]


@admin.register(MediaAccount)
class MediaAccountAdmin(ReadOnlyAdmin):
    list_display = ["name", "agency", "platform", "is_active"]


@admin.register(RectificationItem)
class RectificationItemAdmin(ReadOnlyAdmin):
    list_display = ["title", "agency", "deadline", "status", "filed_by"]
    list_filter = ["status"]
