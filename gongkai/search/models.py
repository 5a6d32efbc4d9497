"""The search index: one entry per publicly visible document.

An entry holds what the filters and the catalogue's ordering need (agency, columns, year, topic,
validity, publication time) and the identifiers that are looked up exactly (索引号, 文号); its
``SearchText`` holds the pre-segmented tokens of the title and of the text (body and
attachments). The full-text structure over the tokens is the database's own, created by
migration 0002: an FTS5 table kept in step by triggers on SQLite, a generated ``tsvector``
column with a GIN index on PostgreSQL (see backends.py).

An entry is a document (``document_id`` is its primary key) or a published annual report, whose
key is the negative of the report version's primary key (``report_key``): both live in one
full-text index, so one query ranks and counts them together, and the kind ``annual_report``
tells them apart. The catalogue (listings, counts by year and topic) is of documents only and
reads ``SearchEntry.objects.documents()``.

The index doubles as the catalogue's ordered index: listing a column newest first, and counting
it, is one range scan of (column, published_at) here, where the publishing tables would need a
join and a sort of every document in the column. The publishing tables stay the authority: the
portal loads the documents it shows from them, public ones only.
"""

from __future__ import annotations

from django.db import models

ANNUAL_REPORT_KIND = "annual_report"
# Kinds of the index that are not document kinds, with their labels (the search form offers them too).
KIND_LABELS = {ANNUAL_REPORT_KIND: "年度报告"}


def report_key(report_id: int) -> int:
    """Return the index key of an annual report version (documents keep their own positive ids)."""
    return -int(report_id)


class EntryQuerySet(models.QuerySet):
    def documents(self):
        """Return the entries of documents (the catalogue), without the annual reports."""
        return self.filter(document_id__gt=0)


class SearchEntry(models.Model):
    document_id = models.BigIntegerField("文件", primary_key=True)
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="发布机关", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    published_at = models.DateTimeField("发布时间")
    published_on = models.DateField("发布日期")
    year = models.PositiveSmallIntegerField("年份")
    topic = models.CharField("主题分类", max_length=30, blank=True)
    kind = models.CharField("信息类型", max_length=20, blank=True, default="")
    validity = models.CharField("有效性", max_length=20, blank=True)
    index_number = models.CharField("索引号", max_length=64, blank=True)
    doc_number = models.CharField("文号（规范化）", max_length=100, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    agency_field = "agency"

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = "检索索引条目"
        verbose_name_plural = "检索索引条目"
        indexes = [
            models.Index(fields=["index_number"], name="search_entry_index_no"),
            models.Index(fields=["doc_number"], name="search_entry_doc_no"),
            models.Index(fields=["agency", "published_at", "document_id"], name="search_entry_agency_pub"),
            # document_id last: the catalogue's counts by year and by topic keep to documents
            # (``documents()``: document_id > 0) and read these indexes alone (40 → 1.5 ms for an
            # agency of 25,000 documents on SQLite), and a listing's ties come out in id order.
            models.Index(
                fields=["agency", "year", "published_at", "document_id"], name="search_entry_agency_year"
            ),
            models.Index(
                fields=["agency", "topic", "published_at", "document_id"], name="search_entry_agency_topic"
            ),
            models.Index(fields=["published_at", "document_id"], name="search_entry_pub"),
            # Covering: what ranking (the date), the facets and the filters read of each full-text
            # match, in one B-tree descent (on SQLite the bigint primary key takes two).
            models.Index(
                fields=["document_id", "published_on", "agency", "year", "kind", "topic", "validity"],
                name="search_entry_facts",
            ),
        ]

    def __str__(self) -> str:
        return f"文件 {self.document_id}"


class SearchText(models.Model):
    """The pre-segmented tokens of an entry: the source of the database's full-text index.

    Kept apart from ``SearchEntry`` so that the entries stay narrow: ranking a common word joins
    tens of thousands of entries for their publication date, and each of those lookups must not
    drag a kilobyte of tokens through the page cache.
    """

    entry = models.OneToOneField(
        SearchEntry, primary_key=True, on_delete=models.CASCADE, related_name="text", db_column="document_id"
    )
    title_tokens = models.TextField(blank=True)
    body_tokens = models.TextField(blank=True)

    agency_field = "entry__agency"

    def __str__(self) -> str:
        return f"文件 {self.entry_id} 的检索词"


class SearchEntryColumn(models.Model):
    """A column (栏目) the document appears in, with its publication time for ordered listings."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="columns")
    column_id = models.BigIntegerField()
    published_at = models.DateTimeField()

    agency_field = "entry__agency"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["column_id", "entry"], name="search_column_entry")]
        indexes = [
            models.Index(fields=["column_id", "published_at", "entry"], name="search_column_pub"),
            # Covering: the column facet reads the columns of each match by entry.
            models.Index(fields=["entry", "column_id"], name="search_column_of_entry"),
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} ∈ {self.column_id}"
