from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "gongkai.agencies"
    label = "agencies"
    verbose_name = "行政机关与人员"
