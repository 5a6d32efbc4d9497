"""The append-only audit log: who changed what, when, from which value to which."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class AppendOnlyError(Exception):
    """Raise when something tries to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能修改")

    def delete(self):
        raise AppendOnlyError("审计日志只能追加，不能删除")

    def for_object(self, obj):
        ct = ContentType.objects.get_for_model(type(obj))
        return self.filter(content_type=ct, object_id=str(obj.pk))


class AuditEvent(models.Model):
    """One recorded change. Never updated or deleted (ORM, admin and database triggers refuse).

    Each event carries the hash of the one before it and its own (auditlog/chain.py), so an edit
    or a deletion behind the application's back shows in ``gongkai auditlog verify``.
    """

    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    action = models.CharField("动作", max_length=64, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    changes = models.JSONField("变更", default=dict, blank=True)
    note = models.TextField("说明", blank=True)
    # The hash chain (auditlog/chain.py): the previous event's hash and this event's.
    prev_hash = models.CharField("前一事件哈希", max_length=64, editable=False)
    hash = models.CharField("哈希", max_length=64, editable=False, unique=True)

    objects = AuditEventQuerySet.as_manager()

    agency_field = "agency"

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计日志"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name or '系统'} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("审计日志只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能删除")
