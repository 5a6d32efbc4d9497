"""Two more scalar columns of the yearly aggregate, filled from the JSON tables each row holds.

The comparison page ranks by them; reading them as columns spares the database taking cells
out of the JSON of every agency-year (issue 14.7).
"""

from django.db import migrations, models

REMEDY_GROUPS = ("reconsideration", "litigation_direct", "litigation_after_reconsideration")


def fill(apps, schema_editor):
    YearAggregate = apps.get_model("annual_report", "YearAggregate")
    for row in YearAggregate.objects.only("pk", "applications", "remedies").iterator(chunk_size=500):
        partial = ((row.applications or {}).get("partially_disclosed") or {}).get("total") or 0
        pending = sum(((row.remedies or {}).get(group) or {}).get("pending") or 0 for group in REMEDY_GROUPS)
        YearAggregate.objects.filter(pk=row.pk).update(
            applications_partially_disclosed=partial, remedies_pending=pending
        )


class Migration(migrations.Migration):
    dependencies = [
        ("annual_report", "0004_consolidated_report"),
    ]

    operations = [
        migrations.AddField(
            model_name="yearaggregate",
            name="applications_partially_disclosed",
            field=models.PositiveIntegerField(default=0, verbose_name="部分公开"),
        ),
        migrations.AddField(
            model_name="yearaggregate",
            name="remedies_pending",
            field=models.PositiveIntegerField(default=0, verbose_name="复议诉讼尚未审结"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
