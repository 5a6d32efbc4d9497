"""Admin for the calendar: site administrators only; every change goes through the services."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from . import services
from .models import CalendarYear, DayOverride


def _is_site_admin(request) -> bool:
    user = request.user
    return bool(user.is_active and (user.is_superuser or getattr(user, "is_site_admin", False)))


class SiteAdminOnly:
    """Let only superusers and site administrators see or change the calendar."""

    def has_module_permission(self, request) -> bool:
        return _is_site_admin(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return _is_site_admin(request)

    def has_add_permission(self, request) -> bool:
        return _is_site_admin(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return _is_site_admin(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return _is_site_admin(request)


class DayOverrideForm(forms.ModelForm):
    """Check the rules of the service before saving, so errors show on the form."""

    class Meta:
        model = DayOverride
        fields = ["date", "kind", "name", "notice"]

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("date") or (self.instance.date if self.instance.pk else None)
        if day and cleaned.get("kind") and cleaned.get("name") is not None:
            services.validate_override(day, cleaned["kind"], cleaned["name"])
        return cleaned


@admin.register(DayOverride)
class DayOverrideAdmin(SiteAdminOnly, admin.ModelAdmin):
    """Manual entry of one date; saving recomputes open deadlines and writes the audit log."""

    form = DayOverrideForm
    list_display = ["date", "kind", "name", "notice_year", "source", "created_by", "updated_at"]
    list_filter = ["kind", "source", "notice_year"]
    search_fields = ["name", "notice"]
    date_hierarchy = "date"
    fields = ["date", "kind", "name", "notice"]
    readonly_fields = ["notice_year", "source", "created_by", "created_at", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        """Keep the date fixed once saved: changing a date is a delete plus a new entry."""
        extra = ["date"] if obj is not None else []
        return [*extra, *self.readonly_fields]

    def get_fields(self, request, obj=None):
        return [*self.fields, *self.readonly_fields] if obj is not None else self.fields

    def save_model(self, request, obj, form, change) -> None:
        saved = services.day_override_set(
            date=obj.date, kind=obj.kind, name=obj.name, notice=obj.notice, actor=request.user
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj) -> None:
        services.day_override_delete(date=obj.date, actor=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for override in queryset:
            services.day_override_delete(date=override.date, actor=request.user)


@admin.register(CalendarYear)
class CalendarYearAdmin(SiteAdminOnly, admin.ModelAdmin):
    """Which years are loaded. A year is loaded by importing its notice (``gongkai calendar import``)."""

    list_display = ["year", "source", "notice", "loaded_at"]
    readonly_fields = ["year", "source", "notice", "loaded_at"]

    def has_add_permission(self, request) -> bool:
        return False  # load a year by importing its notice, so deadlines are recomputed

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
