from django.apps import AppConfig


class CollectionConfig(AppConfig):
    name = "gongkai.collection"
    label = "collection"
    verbose_name = "年报采集"
