from django.apps import AppConfig


class AnnualReportConfig(AppConfig):
    name = "gongkai.annual_report"
    label = "annual_report"
    verbose_name = "政府信息公开工作年度报告"

    def ready(self):
        from . import aggregates, panels

        aggregates.connect()
        panels.register()
