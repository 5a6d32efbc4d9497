from django.apps import AppConfig
from django.core.signals import setting_changed


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"
    verbose_name = "公开门户"

    def ready(self):
        # cycle: app loading: these modules import models, which are not loaded yet when apps.py is
        from . import links

        def _forget_links(setting, **kwargs):
            if setting == "ROOT_URLCONF":
                links.clear()

        setting_changed.connect(_forget_links, weak=False, dispatch_uid="portal.links")
