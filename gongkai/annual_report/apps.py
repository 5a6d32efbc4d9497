from django.apps import AppConfig


class AnnualReportConfig(AppConfig):
    name = "gongkai.annual_report"
    label = "annual_report"
    verbose_name = "政府信息公开工作年度报告"

    def ready(self):
        # cycle: app loading: these modules import models, which are not loaded yet when apps.py is
        from . import aggregates, panels

        aggregates.connect()
        panels.register()
