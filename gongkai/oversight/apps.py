from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "gongkai.oversight"
    label = "oversight"
    verbose_name = "监督与年报审读"
