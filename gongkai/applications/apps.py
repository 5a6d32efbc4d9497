from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    """Applications for disclosure (依申请公开), reconsideration and litigation."""

    name = "gongkai.applications"
    label = "applications"
    verbose_name = "依申请公开"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # cycle: app loading: these modules import models, which are not loaded yet when apps.py is
        from gongkai.workdays.deadlines import register_deadline_recomputer

        from . import panels
        from .services.clock import recompute_open_deadlines

        register_deadline_recomputer(recompute_open_deadlines)
        panels.register()
