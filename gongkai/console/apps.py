from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "gongkai.console"
    label = "console"
    verbose_name = "工作台"

    def ready(self):
        # cycle: app loading: these modules import models, which are not loaded yet when apps.py is
        from . import panels

        panels.register()
