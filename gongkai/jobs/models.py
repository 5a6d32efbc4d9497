"""Tracked background jobs and the transactional outbox."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .registry import kind_choices


class Job(models.Model):
    """Long work a person started and may watch: status and progress survive a page reload."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "处理中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    kind = models.CharField("类型", max_length=64, choices=kind_choices)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="机关",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    params = models.JSONField("参数", default=dict, blank=True)
    done = models.PositiveIntegerField("已完成", default=0)
    total = models.PositiveIntegerField("总数", default=0)
    result = models.JSONField("结果", default=dict, blank=True)
    error = models.TextField("错误", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    agency_field = "agency"

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, int(self.done * 100 / self.total))


class OutboxMessage(models.Model):
    """A side effect written in the same transaction as the change that causes it.

    The worker delivers it after commit and retries with backoff until it succeeds; a message is
    deleted only once delivered, so a crash or a failing index never loses it.
    """

    topic = models.CharField("类型", max_length=64)
    payload = models.JSONField("内容", default=dict)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    attempts = models.PositiveIntegerField("尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试", db_index=True)
    last_error = models.TextField("最近错误", blank=True)

    class Meta:
        verbose_name = "待投递消息"
        verbose_name_plural = "待投递消息"
        ordering = ["next_attempt_at", "id"]

    def __str__(self) -> str:
        return f"{self.topic} #{self.pk}"
