from django.apps import AppConfig


class PublishingConfig(AppConfig):
    """Proactive disclosure: catalogue, documents, three-level review, registers and supervision."""

    name = "gongkai.publishing"
    label = "publishing"
    verbose_name = "主动公开"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # cycle: app loading: these modules import models, which are not loaded yet when apps.py is
        from gongkai.workdays.deadlines import register_deadline_recomputer

        from . import counters, panels
        from .services.documents import recompute_publish_deadlines

        register_deadline_recomputer(recompute_publish_deadlines)
        counters.connect()
        panels.register()
