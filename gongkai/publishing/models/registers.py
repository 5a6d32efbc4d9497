"""Registers and yearly figures for the annual report: normative documents, figures, new media."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from .documents import Document


class NormativeKind(models.TextChoices):
    RULE = "rule", "规章"
    NORMATIVE = "normative", "行政规范性文件"


class NormativeRecord(models.Model):
    """One entry of the register of rules and normative documents (规范性文件登记).

    OUR RULE (docs/decisions/0004): ``repealed_on`` and ``expired_on`` are the first day the
    document is no longer in force, so a document is valid on 31 December of year Y when it was
    issued on or before that day and neither date is on or before it.
    """

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="normative_records"
    )
    kind = models.CharField(
        "类别", max_length=10, choices=NormativeKind.choices, default=NormativeKind.NORMATIVE
    )
    document = models.OneToOneField(
        Document,
        verbose_name="公开的文件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="normative_record",
    )
    title = models.CharField("文件名称", max_length=300)
    document_number = models.CharField("文号", max_length=100, blank=True)
    issued_on = models.DateField("制发日期", db_index=True)
    repealed_on = models.DateField("废止日期", null=True, blank=True, db_index=True)
    replaced_by = models.ForeignKey(
        Document,
        verbose_name="替代文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expired_on = models.DateField("失效日期", null=True, blank=True, db_index=True)
    note = models.TextField("备注", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    agency_field = "agency"

    class Meta:
        verbose_name = "规章和规范性文件登记"
        verbose_name_plural = "规章和规范性文件登记"
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.title


class FiguresSource(models.TextChoices):
    FORM = "form", "手工录入"
    CSV = "csv", "CSV 导入"


class YearlyFigures(models.Model):
    """An agency's administrative figures of one year (annual report section 二, items 五 六 八)."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="yearly_figures"
    )
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2000)])
    licensing = models.PositiveIntegerField("行政许可处理决定数")
    penalty = models.PositiveIntegerField("行政处罚决定数")
    coercion = models.PositiveIntegerField("行政强制决定数")
    fees_10k_yuan = models.DecimalField(
        "行政事业性收费金额（万元）", max_digits=16, decimal_places=4, validators=[MinValueValidator(0)]
    )
    source = models.CharField(
        "来源", max_length=10, choices=FiguresSource.choices, default=FiguresSource.FORM
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField("录入时间", default=timezone.now)

    agency_field = "agency"

    class Meta:
        verbose_name = "年度行政数据"
        verbose_name_plural = "年度行政数据"
        ordering = ["agency_id", "-year"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="publishing_figures_unique")]

    def __str__(self) -> str:
        return f"{self.year}年行政数据"


class MediaPlatform(models.TextChoices):
    WECHAT = "wechat", "微信"
    WEIBO = "weibo", "微博"
    DOUYIN = "douyin", "抖音"
    OTHER = "other", "其他"


class MediaAccount(models.Model):
    """A government new-media account (政务新媒体)."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="media_accounts"
    )
    platform = models.CharField("平台", max_length=10, choices=MediaPlatform.choices)
    platform_name = models.CharField("平台名称（其他）", max_length=50, blank=True)
    name = models.CharField("账号名称", max_length=100)
    is_active = models.BooleanField("运营中", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    agency_field = "agency"

    class Meta:
        verbose_name = "政务新媒体账号"
        verbose_name_plural = "政务新媒体账号"
        ordering = ["agency_id", "platform", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "platform", "name"], name="publishing_media_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.platform_label}·{self.name}"

    @property
    def platform_label(self) -> str:
        if self.platform == MediaPlatform.OTHER and self.platform_name:
            return self.platform_name
        return self.get_platform_display()


class MediaYear(models.Model):
    """One year of a new-media account: posts published and followers at the start and end."""

    account = models.ForeignKey(
        MediaAccount, verbose_name="账号", on_delete=models.CASCADE, related_name="years"
    )
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2000)])
    posts = models.PositiveIntegerField("发布信息数")
    followers_start = models.PositiveIntegerField("年初关注量")
    followers_end = models.PositiveIntegerField("年末关注量")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField("录入时间", default=timezone.now)

    agency_field = "account__agency"

    class Meta:
        verbose_name = "新媒体年度数据"
        verbose_name_plural = "新媒体年度数据"
        ordering = ["account_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["account", "year"], name="publishing_mediayear_unique")
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.year}"


class MediaPost(models.Model):
    """One post of a new-media account on a day: what the two-week freshness rule is measured on.

    The Inspection Indicators (国办秘函〔2019〕19号) fail a site whose government new-media account
    has not been updated in two weeks; the freshness is read from these dates
    (``publishing.selectors.inspection``), never guessed from the yearly totals of ``MediaYear``.
    """

    account = models.ForeignKey(
        MediaAccount, verbose_name="账号", on_delete=models.CASCADE, related_name="posts"
    )
    posted_on = models.DateField("发布日期")
    title = models.CharField("标题", max_length=300)
    url = models.URLField("链接", max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField("录入时间", default=timezone.now)

    agency_field = "account__agency"

    class Meta:
        verbose_name = "新媒体发布记录"
        verbose_name_plural = "新媒体发布记录"
        ordering = ["account_id", "-posted_on", "-id"]
        indexes = [models.Index(fields=["account", "posted_on"], name="publishing_mediapost_day")]

    def __str__(self) -> str:
        return f"{self.posted_on:%Y-%m-%d} {self.title}"
