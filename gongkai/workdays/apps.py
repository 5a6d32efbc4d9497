from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


def _invalidate(**_kwargs) -> None:
    # cycle: app loading: the selectors import models, which are not loaded yet when apps.py is
    from .selectors import invalidate_calendar

    invalidate_calendar()


class WorkdaysConfig(AppConfig):
    """The holiday calendar and the registry of stored deadlines to recompute when it changes."""

    name = "gongkai.workdays"
    label = "workdays"
    verbose_name = "工作日历"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Drop the process's cached calendar whenever an override or a loaded year changes."""
        # cycle: app loading: these modules import models, which are not loaded yet when apps.py is
        from .models import CalendarYear, DayOverride

        for model in (DayOverride, CalendarYear):
            post_save.connect(_invalidate, sender=model, dispatch_uid=f"workdays-save-{model.__name__}")
            post_delete.connect(_invalidate, sender=model, dispatch_uid=f"workdays-delete-{model.__name__}")
