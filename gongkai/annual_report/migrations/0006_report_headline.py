"""Two columns derived from each report version on save, filled here for the versions before it.

``headline``: the overview's six figures out of the tables; ``published_on``: the local day of
``published_at`` (issue 14.7: the supervisor's pages read these instead of the large tables and
a converted timestamp per row).
"""

from django.db import migrations, models
from django.utils import timezone


def fill(apps, schema_editor):
    from gongkai.annual_report.models import headline_of  # lazy: the function, not the model

    AnnualReport = apps.get_model("annual_report", "AnnualReport")
    for report in AnnualReport.objects.only("pk", "tables", "published_at").iterator(chunk_size=200):
        AnnualReport.objects.filter(pk=report.pk).update(
            headline=headline_of(report.tables),
            published_on=timezone.localdate(report.published_at) if report.published_at else None,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("annual_report", "0005_aggregate_indicator_columns"),
    ]

    operations = [
        migrations.AddField(
            model_name="annualreport",
            name="headline",
            field=models.JSONField(default=dict, editable=False, verbose_name="总览数字"),
        ),
        migrations.AddField(
            model_name="annualreport",
            name="published_on",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="公布日期"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
