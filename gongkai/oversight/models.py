"""Batches of published annual reports a supervisor uploaded for reading and checking."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditBatch(models.Model):
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="上传人所属机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField("批次名称", max_length=200)
    # Filed by the collector (``collection.services``): the office's, read by every supervisor
    # whose scope covers ``agency``; an upload stays its uploader's.
    collected = models.BooleanField("采集批次", default=False)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    job = models.ForeignKey(
        "jobs.Job",
        verbose_name="审读任务",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    agency_field = "agency"

    class Meta:
        verbose_name = "年报审读批次"
        verbose_name_plural = "年报审读批次"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class AuditedReport(models.Model):
    batch = models.ForeignKey(AuditBatch, on_delete=models.CASCADE, related_name="reports")
    source = models.CharField("文件名", max_length=255)
    readable = models.BooleanField("可读取", default=True)
    format = models.CharField("格式", max_length=20, blank=True)
    agency_name = models.CharField("机关", max_length=200, blank=True)
    year = models.PositiveIntegerField("年度", null=True, blank=True)
    data = models.JSONField("报告数据", default=dict)
    findings = models.JSONField("发现的问题", default=list)
    error_count = models.PositiveIntegerField(default=0)
    warning_count = models.PositiveIntegerField(default=0)

    agency_field = "batch__agency"

    class Meta:
        verbose_name = "审读的年度报告"
        verbose_name_plural = "审读的年度报告"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.source
