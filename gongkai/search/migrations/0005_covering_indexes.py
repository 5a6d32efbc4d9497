"""Covering indexes for what a full-text match reads of its entry (date, facets, filters) and columns.

Ranking and counting a common word look up each match's entry; on SQLite the bigint primary key is
not the rowid, so a lookup through it descends two B-trees, through this index one.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0002_agency_letter_number_pattern_and_more'),
        ('search', '0004_entry_kind'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='searchentry',
            index=models.Index(fields=['document_id', 'published_on', 'agency', 'year', 'kind', 'topic', 'validity'], name='search_entry_facts'),
        ),
        migrations.AddIndex(
            model_name='searchentrycolumn',
            index=models.Index(fields=['entry', 'column_id'], name='search_column_of_entry'),
        ),
    ]
