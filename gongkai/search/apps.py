from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gongkai.search"
    label = "search"
    verbose_name = "全文检索"

    def ready(self):
        # cycle: app loading: these modules import models, which are not loaded yet when apps.py is
        from . import receivers

        receivers.connect()
