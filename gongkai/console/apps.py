from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "gongkai.console"
    label = "console"
    verbose_name = "工作台"

    def ready(self):
        from . import panels

        panels.register()
