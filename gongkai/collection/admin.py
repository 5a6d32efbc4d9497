from django.contrib import admin

from .models import CollectedItem, CollectionRun, CollectionSource


@admin.register(CollectionSource)
class CollectionSourceAdmin(admin.ModelAdmin):
    list_display = ("pk", "agency", "url", "active", "last_status", "last_run_at")
    readonly_fields = [f.name for f in CollectionSource._meta.fields]


@admin.register(CollectionRun)
class CollectionRunAdmin(admin.ModelAdmin):
    list_display = ("pk", "started_by", "created_at", "finished_at")
    readonly_fields = [f.name for f in CollectionRun._meta.fields]


@admin.register(CollectedItem)
class CollectedItemAdmin(admin.ModelAdmin):
    list_display = ("pk", "source", "year", "url", "version", "content_hash")
    readonly_fields = [f.name for f in CollectedItem._meta.fields]
