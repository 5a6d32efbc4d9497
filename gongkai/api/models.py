"""Personal API tokens of staff members, and the auditor's jobs submitted over the API."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class TokenScope(models.TextChoices):
    READ = "read", "只读"
    READ_WRITE = "read_write", "读写"


class ApiToken(models.Model):
    """A personal token: it acts as its owner, never with more than the owner's roles allow.

    Only a SHA-256 digest of the secret is stored (the secret is 256 random bits, so a slow hash
    adds nothing); ``prefix`` finds the row. The secret is shown once, when created.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="持有人", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("用途说明", max_length=100)
    prefix = models.CharField("令牌前缀", max_length=16, unique=True)
    digest = models.CharField(max_length=64, editable=False)
    scope = models.CharField("权限范围", max_length=12, choices=TokenScope.choices, default=TokenScope.READ)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    expires_at = models.DateTimeField("过期时间")
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    last_used_at = models.DateTimeField("最近使用时间", null=True, blank=True)

    agency_field = "user__agency"

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"

    def is_active(self, now=None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())

    @property
    def state_label(self) -> str:
        if self.revoked_at is not None:
            return "已吊销"
        if self.expires_at <= timezone.now():
            return "已过期"
        return "有效"

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.READ_WRITE


class JobStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "审读中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class AuditJob(models.Model):
    """One report file sent to the auditor over the API; the id is the only key to the result."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    source = models.CharField("文件名", max_length=255)
    data = models.BinaryField("文件内容", default=b"")  # emptied once read
    status = models.CharField("状态", max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    result = models.JSONField("审读结果", null=True, blank=True)
    error = models.CharField("失败原因", max_length=300, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "年报审读任务"
        verbose_name_plural = "年报审读任务"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.source}（{self.get_status_display()}）"
