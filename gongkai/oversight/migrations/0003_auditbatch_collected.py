from django.db import migrations, models


def mark_collected(apps, schema_editor) -> None:
    """The batches the collector filed before the flag existed: those holding a collected item."""
    CollectedItem = apps.get_model("collection", "CollectedItem")
    AuditBatch = apps.get_model("oversight", "AuditBatch")
    batch_ids = CollectedItem.objects.exclude(audited=None).values("audited__batch_id")
    AuditBatch.objects.filter(pk__in=batch_ids).update(collected=True)


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0002_auditbatch_job"),
        ("collection", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditbatch",
            name="collected",
            field=models.BooleanField(default=False, verbose_name="采集批次"),
        ),
        migrations.RunPython(mark_collected, migrations.RunPython.noop),
    ]
