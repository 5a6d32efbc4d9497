"""Documents published proactively: the record, its versions, attachments and index numbers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from ..workflow import STATUS_LABELS
from ..workflow import Status as S
from .catalogue import Column, Topic


class DocumentKind(models.TextChoices):
    """What a document is; the kind decides which metadata the checks require."""

    ORDINARY = "ordinary", "一般信息"
    POLICY = "policy", "政策文件"
    NORMATIVE = "normative", "行政规范性文件"
    RULE = "rule", "规章"
    INTERPRETATION = "interpretation", "政策解读"


class Validity(models.TextChoices):
    """有效性, shown on the published original (国办发〔2017〕47号)."""

    VALID = "valid", "有效"
    REPEALED = "repealed", "已废止"
    EXPIRED = "expired", "已失效"
    NOT_APPLICABLE = "na", "不适用"


class DocumentStatus(models.TextChoices):
    """The states of ``gongkai.publishing.workflow.WORKFLOW``, with its labels (one definition)."""

    DRAFT = S.DRAFT.value, STATUS_LABELS[S.DRAFT]
    PENDING_1 = S.PENDING_1.value, STATUS_LABELS[S.PENDING_1]
    PENDING_2 = S.PENDING_2.value, STATUS_LABELS[S.PENDING_2]
    PENDING_CONFIDENTIALITY = S.PENDING_CONFIDENTIALITY.value, STATUS_LABELS[S.PENDING_CONFIDENTIALITY]
    PENDING_3 = S.PENDING_3.value, STATUS_LABELS[S.PENDING_3]
    SCHEDULED = S.SCHEDULED.value, STATUS_LABELS[S.SCHEDULED]
    PUBLISHED = S.PUBLISHED.value, STATUS_LABELS[S.PUBLISHED]
    WITHDRAWN = S.WITHDRAWN.value, STATUS_LABELS[S.WITHDRAWN]


class Document(models.Model):
    """A piece of government information published proactively, with its catalogue metadata.

    The current text lives here (for queries and the portal); every published state is also kept
    as a ``DocumentVersion`` so that a correction never loses what was shown before.
    """

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(
        "信息类型", max_length=20, choices=DocumentKind.choices, default=DocumentKind.ORDINARY
    )
    title = models.CharField("标题", max_length=300)
    summary = models.TextField("内容概述", blank=True)
    body = models.TextField("正文", blank=True, help_text="经过清洗的 HTML")
    columns = models.ManyToManyField(Column, verbose_name="所属栏目", related_name="documents", blank=True)
    index_number = models.CharField(
        "索引号", max_length=40, unique=True, null=True, blank=True, editable=False
    )
    document_number = models.CharField("文号", max_length=100, blank=True)
    issuing_body = models.CharField("发布机构", max_length=200, blank=True)
    written_on = models.DateField("成文日期", null=True, blank=True)
    topic = models.CharField("主题分类", max_length=30, choices=Topic.choices, default=Topic.GENERAL)
    validity = models.CharField(
        "有效性", max_length=10, choices=Validity.choices, default=Validity.NOT_APPLICABLE
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name="替代文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )
    interprets = models.ForeignKey(
        "self",
        verbose_name="所解读的文件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interpretations",
    )
    formed_on = models.DateField(
        "信息形成（变更）日期", help_text="条例第二十六条：自形成或变更之日起20个工作日内公开"
    )
    publish_due = models.DateField("应公开期限", null=True, blank=True, editable=False)
    publish_due_provisional = models.BooleanField("期限为临时计算", default=False, editable=False)
    publish_elapsed_workdays = models.PositiveIntegerField(
        "形成至发布经过的工作日",
        null=True,
        blank=True,
        editable=False,
        help_text="发布日为休息日时按下一个工作日计；大于时限即为超期公开",
    )
    status = models.CharField(
        "状态", max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT, db_index=True
    )
    review_round = models.PositiveIntegerField("审核轮次", default=0, editable=False)
    publish_at = models.DateTimeField("定时发布时间", null=True, blank=True)
    published_at = models.DateTimeField("发布日期", null=True, blank=True, db_index=True, editable=False)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True, editable=False)
    withdrawn_reason = models.TextField("撤回原因", blank=True, editable=False)
    version = models.PositiveIntegerField("当前版本", default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="起草人", on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    agency_field = "agency"

    class Meta:
        verbose_name = "主动公开信息"
        verbose_name_plural = "主动公开信息"
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "status", "published_at"]),
            models.Index(fields=["agency", "kind"]),
        ]

    def __str__(self) -> str:
        return self.title

    def state(self) -> dict:
        """Return the text and catalogue fields as stored with a version or a review step (for diffs)."""
        return {
            "title": self.title,
            "summary": self.summary,
            "body": self.body,
            "index_number": self.index_number,
            "document_number": self.document_number,
            "issuing_body": self.issuing_body,
            "written_on": self.written_on.isoformat() if self.written_on else None,
            "topic": self.topic,
            "validity": self.validity,
            "columns": sorted(self.columns.values_list("name", flat=True)),
            "attachments": list(self.attachments.values_list("name", flat=True)),
        }

    @property
    def is_public(self) -> bool:
        """Return whether the public may see the document now (see ``selectors.published_documents``)."""
        return (
            self.status == DocumentStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_late(self) -> bool:
        """Return whether it was published after its art. 26 deadline."""
        if self.published_at is None or self.publish_due is None:
            return False
        return timezone.localdate(self.published_at) > self.publish_due


class InterpretationManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=DocumentKind.INTERPRETATION)


class Interpretation(Document):
    """A policy interpretation (政策解读): a Document of kind interpretation, linked by ``interprets``.

    It is a proxy so that it goes through the same review, index number and columns as any
    other document (decision in docs/decisions/0004-publishing.md).
    """

    objects = InterpretationManager()

    class Meta:
        proxy = True
        verbose_name = "政策解读"
        verbose_name_plural = "政策解读"

    def save(self, *args, **kwargs):
        self.kind = DocumentKind.INTERPRETATION
        super().save(*args, **kwargs)


class DocumentVersion(models.Model):
    """A published state of a document: version 1 at first publication, one more per correction."""

    document = models.ForeignKey(
        Document, verbose_name="信息", on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField("版本号")
    title = models.CharField("标题", max_length=300)
    summary = models.TextField("内容概述", blank=True)
    body = models.TextField("正文", blank=True)
    metadata = models.JSONField("元数据", default=dict, blank=True)
    note = models.TextField("更正说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("时间", default=timezone.now)

    agency_field = "document__agency"

    class Meta:
        verbose_name = "信息版本"
        verbose_name_plural = "信息版本"
        ordering = ["document_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="publishing_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title}（第{self.number}版）"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"publishing/{instance.document.agency_id}/{instance.document_id}/{filename}"


class Attachment(models.Model):
    """A file attached to a document, with its extracted text (for search and the PII checks)."""

    document = models.ForeignKey(
        Document, verbose_name="信息", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("文件", upload_to=attachment_path, max_length=300)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=100, blank=True)
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    text = models.TextField("提取的文本", blank=True)
    extraction_error = models.CharField("文本提取问题", max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    agency_field = "document__agency"

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["document_id", "id"]

    def __str__(self) -> str:
        return self.name


class IndexCounter(models.Model):
    """The last index-number serial issued per agency and year; only ever incremented (RULES.md §2)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    agency_field = "agency"

    class Meta:
        verbose_name = "索引号计数器"
        verbose_name_plural = "索引号计数器"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="publishing_counter_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last_serial}"
