"""Review before release (三审三校 and the confidentiality review) and acknowledged personal data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from ..confidentiality import readable
from .documents import Document


class ReviewLevel(models.TextChoices):
    LEVEL_1 = "1", "一级审核（初审）"
    LEVEL_2 = "2", "二级审核（复审）"
    CONFIDENTIALITY = "conf", "保密审查"
    LEVEL_3 = "3", "三级审核（终审签发）"


class ReviewDecision(models.TextChoices):
    APPROVE = "approve", "通过"
    RETURN = "return", "退回修改"


class ReviewStep(models.Model):
    """One reviewer's decision with their opinion (三审三校 and the confidentiality review)."""

    document = models.ForeignKey(
        Document, verbose_name="信息", on_delete=models.CASCADE, related_name="review_steps"
    )
    round = models.PositiveIntegerField("轮次")
    level = models.CharField("审核环节", max_length=5, choices=ReviewLevel.choices)
    decision = models.CharField("审核意见", max_length=10, choices=ReviewDecision.choices)
    opinion = models.TextField("意见", blank=True)
    # The confidentiality reviewer's answers, item by item (publishing.confidentiality.CHECKLIST).
    checklist = models.JSONField("保密审查清单", default=dict, blank=True)
    # What the reviewer had in front of them (title, summary, body, catalogue fields), so that the
    # next reviewer sees what changed since (issue 13); empty for steps recorded before it was kept.
    snapshot = models.JSONField("审核时的内容", default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("时间", default=timezone.now)

    agency_field = "document__agency"

    class Meta:
        verbose_name = "审核记录"
        verbose_name_plural = "审核记录"
        ordering = ["document_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.get_decision_display()}"

    def checklist_rows(self) -> list[tuple[str, str]]:
        return readable(self.checklist or {})


class PiiAcknowledgement(models.Model):
    """A reviewer's recorded reason to publish a detected piece of personal data as it is."""

    document = models.ForeignKey(
        Document, verbose_name="信息", on_delete=models.CASCADE, related_name="pii_acknowledgements"
    )
    fingerprint = models.CharField("识别码", max_length=64)
    kind = models.CharField("类型", max_length=20)
    masked = models.CharField("内容（已遮蔽）", max_length=40)
    location = models.CharField("位置", max_length=200)
    reason = models.TextField("保留理由")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="确认人", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("时间", default=timezone.now)

    agency_field = "document__agency"

    class Meta:
        verbose_name = "个人信息保留确认"
        verbose_name_plural = "个人信息保留确认"
        constraints = [
            models.UniqueConstraint(fields=["document", "fingerprint"], name="publishing_pii_ack_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.masked}"
