from django.contrib import admin

from .models import Job, OutboxMessage


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("pk", "kind", "status", "done", "total", "agency", "created_at", "finished_at")
    list_filter = ("status", "kind")
    readonly_fields = [f.name for f in Job._meta.fields]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("pk", "topic", "attempts", "next_attempt_at", "last_error")
    list_filter = ("topic",)
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
