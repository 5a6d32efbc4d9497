"""``ColumnYearCount.first``: the documents whose first column is this one, counted for the
documents published before it (the annual report read them by one subquery per document)."""

from django.db import migrations, models


def fill(apps, schema_editor):
    from gongkai.publishing.counters import rebuild  # lazy: the function, not the models

    Document = apps.get_model("publishing", "Document")
    rebuild(Document.columns.through, apps.get_model("publishing", "ColumnYearCount"))


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0007_rectification_from_checks"),
    ]

    operations = [
        migrations.AddField(
            model_name="columnyearcount",
            name="first",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
