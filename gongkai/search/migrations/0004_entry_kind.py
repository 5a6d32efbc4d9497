"""Add the kind (信息类型) to the search entries: a facet of the public search (issue 13)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0003_text_apart'),
    ]

    operations = [
        migrations.AddField(
            model_name='searchentry',
            name='kind',
            field=models.CharField(blank=True, default='', max_length=20, verbose_name='信息类型'),
        ),
        # Fill the kind of the entries already indexed from their documents (no rebuild needed).
        migrations.RunSQL(
            "UPDATE search_searchentry SET kind = COALESCE((SELECT d.kind FROM publishing_document d "
            "WHERE d.id = search_searchentry.document_id), '')",
            migrations.RunSQL.noop,
        ),
    ]
