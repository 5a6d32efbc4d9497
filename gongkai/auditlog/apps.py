from django.apps import AppConfig
from django.db.backends.signals import connection_created


class AuditlogConfig(AppConfig):
    name = "gongkai.auditlog"
    label = "auditlog"
    verbose_name = "审计日志"

    def ready(self) -> None:
        # cycle: app loading: these modules import models, which are not loaded yet when apps.py is
        from .maintenance import register_sqlite_function

        connection_created.connect(register_sqlite_function, dispatch_uid="gongkai.auditlog.sqlite_function")
