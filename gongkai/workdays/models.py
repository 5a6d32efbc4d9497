"""The holiday calendar as data (RULES.md §1): overrides of the Monday–Friday rule, and loaded years."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class DayKind(models.TextChoices):
    """What a holiday notice says about a date (mirrors ``gongkai.core.workdays.DayKind``)."""

    HOLIDAY = "holiday", "放假"
    WORKDAY = "workday", "调休上班"


class CalendarSource(models.TextChoices):
    """Where calendar data came from."""

    CHINESECALENDAR = "chinesecalendar", "chinesecalendar 软件包"
    CSV = "csv", "CSV 导入"
    MANUAL = "manual", "手工录入"


def notice_title(year: int) -> str:
    """Return the title of the State Council's holiday notice for ``year``."""
    return f"国务院办公厅关于{year}年部分节假日安排的通知"


class CalendarYear(models.Model):
    """A year whose holiday notice is loaded; other years are provisional (RULES.md §1 OUR RULE)."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    loaded_at = models.DateTimeField("载入时间", default=timezone.now)
    source = models.CharField("来源", max_length=20, choices=CalendarSource.choices)
    notice = models.CharField("依据的通知", max_length=200, blank=True)

    class Meta:
        verbose_name = "已载入年份"
        verbose_name_plural = "已载入年份"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年"


class DayOverride(models.Model):
    """A date that differs from the Monday–Friday rule: a holiday, or a make-up working day."""

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=DayKind.choices)
    name = models.CharField("名称", max_length=100, help_text="例如：春节、调休上班")
    notice = models.CharField(
        "依据的通知", max_length=200, blank=True, help_text="例如：国务院办公厅关于2026年部分节假日安排的通知"
    )
    notice_year = models.PositiveSmallIntegerField(
        "通知年份",
        null=True,
        blank=True,
        help_text="该日期所属节假日通知的年份（2023年通知含2022-12-31）；手工录入可为空",
    )
    source = models.CharField("来源", max_length=20, choices=CalendarSource.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "节假日调整"
        verbose_name_plural = "节假日调整"
        ordering = ["date"]
        indexes = [models.Index(fields=["notice_year"])]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}（{self.get_kind_display()}）"
