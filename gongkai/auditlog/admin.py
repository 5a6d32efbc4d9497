from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only, nobody adds, edits or deletes through the admin."""

    list_display = ["at", "actor_name", "action", "object_repr", "agency"]
    list_filter = ["action"]
    search_fields = ["object_repr", "actor_name", "action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def get_actions(self, request):
        return {}
