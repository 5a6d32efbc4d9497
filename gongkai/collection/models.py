"""Sources of published annual reports a supervisor registered, runs of the collector, what it took."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class RunStatus(models.TextChoices):
    NONE = "", "尚未采集"
    OK = "ok", "成功"
    PARTIAL = "partial", "部分成功"
    FAILED = "failed", "失败"


class CollectionSource(models.Model):
    """The annual-report column (年度报告栏目) of one subordinate agency's website."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="+"
    )
    url = models.URLField("年度报告栏目地址", max_length=500)
    active = models.BooleanField("启用", default=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    last_run_at = models.DateTimeField("最近采集", null=True, blank=True)
    last_status = models.CharField(
        "最近采集结果", max_length=10, choices=RunStatus.choices, default=RunStatus.NONE, blank=True
    )
    last_message = models.CharField("最近采集说明", max_length=500, blank=True)

    agency_field = "agency"

    class Meta:
        verbose_name = "年报采集栏目"
        verbose_name_plural = "年报采集栏目"
        ordering = ["agency__path", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "url"], name="collection_source_agency_url_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.url}"


class CollectionRun(models.Model):
    """One run of the collector over some sources, tracked by a background job."""

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="发起人所属机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sources = models.ManyToManyField(CollectionSource, verbose_name="采集栏目", related_name="runs")
    job = models.ForeignKey(
        "jobs.Job",
        verbose_name="采集任务",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    summary = models.JSONField("统计", default=dict, blank=True)
    # What could not be taken, per source: {"source": id, "url": ..., "id", "level", "message"}.
    findings = models.JSONField("采集问题", default=list, blank=True)

    agency_field = "agency"

    class Meta:
        verbose_name = "年报采集记录"
        verbose_name_plural = "年报采集记录"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"采集 #{self.pk}"


class CollectedItem(models.Model):
    """One version of a file the collector took: a report page or an attachment.

    The content hash makes a run idempotent: the same bytes at the same address are never filed
    twice; changed bytes are a new version, filed anew.
    """

    class Kind(models.TextChoices):
        PAGE = "page", "报告页面"
        ATTACHMENT = "attachment", "附件"

    source = models.ForeignKey(CollectionSource, on_delete=models.CASCADE, related_name="items")
    run = models.ForeignKey(
        CollectionRun, verbose_name="首次采集", null=True, on_delete=models.SET_NULL, related_name="items"
    )
    last_run = models.ForeignKey(
        CollectionRun, verbose_name="最近确认", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    url = models.URLField("地址", max_length=1000)
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    title = models.CharField("标题", max_length=300, blank=True)
    content_hash = models.CharField("内容摘要（SHA-256）", max_length=64)
    size = models.PositiveIntegerField("字节数", default=0)
    year = models.PositiveIntegerField("年度", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    audited = models.ForeignKey(
        "oversight.AuditedReport",
        verbose_name="审读结果",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    fetched_at = models.DateTimeField("采集时间", auto_now_add=True)

    agency_field = "source__agency"

    class Meta:
        verbose_name = "采集的年度报告"
        verbose_name_plural = "采集的年度报告"
        ordering = ["source", "year", "url", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "url", "content_hash"], name="collection_item_source_url_hash_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title or self.url} v{self.version}"
