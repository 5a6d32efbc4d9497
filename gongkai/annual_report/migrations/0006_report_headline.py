"""The overview's six figures of each report version, kept beside its tables (issue 14.7)."""

from django.db import migrations, models


def fill(apps, schema_editor):
    from gongkai.annual_report.models import headline_of  # lazy: the function, not the model

    AnnualReport = apps.get_model("annual_report", "AnnualReport")
    for report in AnnualReport.objects.only("pk", "tables").iterator(chunk_size=200):
        AnnualReport.objects.filter(pk=report.pk).update(headline=headline_of(report.tables))


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
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
