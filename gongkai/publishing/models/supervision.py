"""Inspection and rectification: the full disclosure list (政务公开全清单) and findings (问题清单)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from ..workflow import RECTIFICATION_LABELS
from ..workflow import RectificationStatus as R
from .catalogue import Column


class DisclosureItem(models.Model):
    """An item of the agency's full disclosure list: what it must publish, on what basis, where."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="disclosure_items"
    )
    name = models.CharField("公开事项", max_length=200)
    legal_basis = models.TextField("公开依据")
    content = models.TextField("公开内容")
    department = models.CharField("责任部门", max_length=100)
    time_limit = models.CharField("公开时限", max_length=200)
    time_limit_workdays = models.PositiveSmallIntegerField(
        "公开时限（工作日）", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    channel = models.CharField("公开渠道", max_length=200)
    columns = models.ManyToManyField(
        Column, verbose_name="发布栏目", related_name="disclosure_items", blank=True
    )
    art20_items = models.JSONField("对应条例第二十条事项", default=list, blank=True)
    position = models.PositiveIntegerField("排序", default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    agency_field = "agency"

    class Meta:
        verbose_name = "公开事项"
        verbose_name_plural = "政务公开全清单"
        ordering = ["agency_id", "position", "id"]

    def __str__(self) -> str:
        return self.name


class RectificationStatus(models.TextChoices):
    """The states of ``gongkai.publishing.workflow.RECTIFICATION``, with its labels (one definition)."""

    OPEN = R.OPEN.value, RECTIFICATION_LABELS[R.OPEN]
    ANSWERED = R.ANSWERED.value, RECTIFICATION_LABELS[R.ANSWERED]
    ACCEPTED = R.ACCEPTED.value, RECTIFICATION_LABELS[R.ACCEPTED]
    REOPENED = R.REOPENED.value, RECTIFICATION_LABELS[R.REOPENED]


class RectificationItem(models.Model):
    """A finding a supervisor files against an agency in their subtree, with a deadline."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="被检查机关",
        on_delete=models.PROTECT,
        related_name="rectification_items",
    )
    title = models.CharField("问题", max_length=300)
    description = models.TextField("问题描述", blank=True)
    source_code = models.CharField(
        "检查项", max_length=40, blank=True, help_text="来自检查结果时的检查项编号"
    )
    column = models.ForeignKey(
        Column, verbose_name="相关栏目", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The failing check a notice was issued from (issue 14.6): a finding of the agency's generated
    # report, or of a published report a supervisor audited; its id is ``source_code``.
    annual_report = models.ForeignKey(
        "annual_report.AnnualReport",
        verbose_name="来源年度报告",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    audited_report = models.ForeignKey(
        "oversight.AuditedReport",
        verbose_name="来源审读报告",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_location = models.CharField("检查项位置", max_length=200, blank=True)
    deadline = models.DateField("整改期限")
    status = models.CharField(
        "状态",
        max_length=10,
        choices=RectificationStatus.choices,
        default=RectificationStatus.OPEN,
        db_index=True,
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提出人", on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField("提出时间", default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="销号人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)

    agency_field = "agency"

    class Meta:
        verbose_name = "整改问题"
        verbose_name_plural = "问题清单"
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in (
            RectificationStatus.OPEN,
            RectificationStatus.REOPENED,
            RectificationStatus.ANSWERED,
        )

    def is_overdue(self, today=None) -> bool:
        """Return whether the agency has not answered by the deadline (an answer stops the clock)."""
        today = today or timezone.localdate()
        return (
            self.status in (RectificationStatus.OPEN, RectificationStatus.REOPENED) and self.deadline < today
        )


def evidence_path(instance: RectificationResponse, filename: str) -> str:
    return f"rectification/{instance.item.agency_id}/{instance.item_id}/{filename}"


class RectificationResponse(models.Model):
    """An entry of a finding's thread: the agency's answer, or the supervisor's acceptance or reopening."""

    class Kind(models.TextChoices):
        ANSWER = "answer", "整改反馈"
        ACCEPT = "accept", "核查通过"
        REOPEN = "reopen", "退回重新整改"

    item = models.ForeignKey(
        RectificationItem, verbose_name="问题", on_delete=models.CASCADE, related_name="responses"
    )
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    text = models.TextField("内容")
    evidence = models.FileField("佐证材料", upload_to=evidence_path, blank=True, max_length=300)
    evidence_name = models.CharField("佐证材料文件名", max_length=200, blank=True)
    # The corrected report the agency uploads with its answer: a new version with a correction
    # note, read and checked on arrival so the supervisor sees whether the failing check now passes.
    corrected_report = models.FileField("更正后的报告", upload_to=evidence_path, blank=True, max_length=300)
    corrected_name = models.CharField("更正后的报告文件名", max_length=200, blank=True)
    corrected_version = models.PositiveSmallIntegerField("报告版本", null=True, blank=True)
    correction_note = models.TextField("更正说明", blank=True)
    corrected_findings = models.JSONField("更正后报告的检查结果", default=list, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填写人", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("时间", default=timezone.now)

    agency_field = "item__agency"

    class Meta:
        verbose_name = "整改记录"
        verbose_name_plural = "整改记录"
        ordering = ["item_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"
