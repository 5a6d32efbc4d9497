from django.contrib import admin

from .models import AnnualReport


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = ["agency", "year", "version", "status", "published_at"]
    list_filter = ["status", "year"]
    readonly_fields = [f.name for f in AnnualReport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
