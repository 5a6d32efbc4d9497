from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Agency, RoleGrant, User


class SiteAdminOnly:
    """The Django admin is for site administrators only."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser


@admin.register(Agency)
class AgencyAdmin(SiteAdminOnly, admin.ModelAdmin):
    list_display = ["name", "credit_code", "kind", "parent", "is_active"]
    search_fields = ["name", "credit_code"]
    readonly_fields = ["path"]


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0


@admin.register(User)
class StaffAdmin(SiteAdminOnly, UserAdmin):
    list_display = ["username", "full_name", "agency", "is_active"]
    list_filter = ["agency", "is_active"]
    fieldsets = (*UserAdmin.fieldsets, ("机关", {"fields": ("agency", "full_name", "phone")}))
    inlines = [RoleGrantInline]
