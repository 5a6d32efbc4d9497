from django.contrib import admin

from .models import AnnualReport, ConsolidationScope


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = ["agency", "year", "version", "status", "published_at"]
    list_filter = ["status", "year"]
    readonly_fields = [f.name for f in AnnualReport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ConsolidationScope)
class ConsolidationScopeAdmin(admin.ModelAdmin):
    """Which agencies a government's consolidated report includes (RULES.md §6, OUR RULE)."""

    list_display = ["government", "include_lower_governments", "updated_at"]
    autocomplete_fields = ["government"]
    filter_horizontal = ["excluded"]
