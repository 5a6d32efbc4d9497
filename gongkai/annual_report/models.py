"""Versions of an agency's annual report: drafted from the records, reviewed, approved, published.

A published version is frozen. A correction is a new version that supersedes it; both stay
visible (RULES.md §6: "changed after publication" is a defect evaluators look for, so the change
must be open, not silent).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from gongkai.report.model import Report

from .narrative import fill, placeholder_values
from .workflow import STATUS_LABELS, Status


class ReportStatus(models.TextChoices):
    """The states of ``workflow.WORKFLOW``, with its labels (one definition)."""

    DRAFT = Status.DRAFT.value, STATUS_LABELS[Status.DRAFT]
    REVIEWED = Status.REVIEWED.value, STATUS_LABELS[Status.REVIEWED]
    APPROVED = Status.APPROVED.value, STATUS_LABELS[Status.APPROVED]
    PUBLISHED = Status.PUBLISHED.value, STATUS_LABELS[Status.PUBLISHED]


def publication_deadline(year: int, consolidated: bool = False) -> date:
    """Departments publish by 31 January of the next year, a government's consolidated report
    by 31 March (Regulation art. 49; RULES.md §6)."""
    return date(year + 1, 3, 31) if consolidated else date(year + 1, 1, 31)


# The figures the supervisor's overview shows beside each report (annual_report.selectors),
# kept out of the tables on every save as ``AnnualReport.headline``.
HEADLINE_CELLS: dict[str, tuple[str, str, str]] = {
    "new": ("applications", "new_this_year", "total"),
    "handled": ("applications", "total_handled", "total"),
    "disclosed": ("applications", "disclosed", "total"),
    "carried_forward": ("applications", "carried_forward", "total"),
    "reconsideration": ("remedies", "reconsideration", "total"),
    "licensing": ("proactive", "licensing", "decisions"),
}


def headline_of(tables: dict) -> dict:
    """Return the overview's figures of ``tables`` (``None`` where the tables lack a cell)."""
    found = {}
    for name, (section, row, cell) in HEADLINE_CELLS.items():
        value = (((tables or {}).get(section) or {}).get(row) or {}).get(cell)
        found[name] = value if isinstance(value, int) and not isinstance(value, bool) else None
    return found


class AnnualReport(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    version = models.PositiveSmallIntegerField("版本", default=1)
    status = models.CharField("状态", max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    supersedes = models.ForeignKey(
        "self",
        verbose_name="更正的版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    # The tables in the CODES.md JSON layout (proactive / applications / remedies), computed from
    # the records; the narrative extras the text may cite (web columns, channels, fees).
    tables = models.JSONField("表格数据", default=dict)
    figures = models.JSONField("正文数据", default=dict)
    # Narrative with placeholders such as {{applications.new_this_year.total}}.
    text = models.JSONField("正文", default=dict)
    findings = models.JSONField("检查结果", default=list)
    error_count = models.PositiveIntegerField("错误数", default=0)
    warning_count = models.PositiveIntegerField("警告数", default=0)
    # headline_of(tables), set by save(): a province's overview reads 300 small dicts instead of
    # taking six cells out of 300 large tables (issue 14.7).
    headline = models.JSONField("总览数字", default=dict, editable=False)
    # Each warning acknowledged before approval: {"id", "cells", "message", "reason", "by", "at"}.
    # Kept with the version (issue point 6: the reasons stay with what was published).
    acknowledgements = models.JSONField("警告确认", default=list, blank=True)
    correction_note = models.TextField("更正说明", blank=True)
    # A government's report consolidates its subtree (consolidation.py): which agencies it
    # included ([{"id", "name", "kind"}]) and what each contributed per cell, frozen with the
    # version so that the drill-down of a published report shows what was published.
    consolidated = models.BooleanField("汇总报告", default=False)
    members = models.JSONField("纳入汇总的机关", default=list, blank=True)
    contributions = models.JSONField("各机关数据", default=dict, blank=True)
    return_reason = models.TextField("退回理由", blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField("公布时间", null=True, blank=True)
    # The local day of published_at, set by save(): the comparison of 1,500 agency-years groups
    # by day in the database instead of converting every timestamp.
    published_on = models.DateField("公布日期", null=True, blank=True, editable=False)

    agency_field = "agency"

    class Meta:
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "version"], name="annual_report_unique_version"
            ),
            models.UniqueConstraint(
                fields=["agency", "year"],
                condition=~models.Q(status="published"),
                name="annual_report_one_working_version",
            ),
        ]
        # Cover the first publication of each agency-year (the comparison) and the supervisor's
        # overview row of each version, without reading the large rows (tables, text, findings).
        indexes = [
            models.Index(fields=["year", "status", "agency", "published_on"], name="annual_report_published"),
            models.Index(
                fields=[
                    "year",
                    "agency",
                    "version",
                    "status",
                    "published_on",
                    "error_count",
                    "warning_count",
                    "headline",
                ],
                name="annual_report_overview",
            ),
        ]

    def __str__(self) -> str:
        suffix = f"（第{self.version}版）" if self.version > 1 else ""
        return f"{self.agency.name}{self.year}年政府信息公开工作年度报告{suffix}"

    # Columns derived on every save from the column they repeat (kept for the supervisor's pages).
    _DERIVED = {"headline": "tables", "published_on": "published_at"}

    def save(self, *args, **kwargs) -> None:
        self.headline = headline_of(self.tables)
        published_at = self._meta.get_field("published_at").to_python(self.published_at)  # a string too
        self.published_on = timezone.localdate(published_at) if published_at else None
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                *(derived for derived, source in self._DERIVED.items() if source in update_fields),
            }
        super().save(*args, **kwargs)

    @property
    def is_frozen(self) -> bool:
        return self.status == ReportStatus.PUBLISHED

    @property
    def deadline(self) -> date:
        return publication_deadline(self.year, self.consolidated)

    def is_late(self, today: date | None = None) -> bool:
        """Published after the deadline (31 January; 31 March when consolidated), or still unpublished after it."""
        if self.published_at is not None:
            return timezone.localdate(self.published_at) > self.deadline
        return (today or timezone.localdate()) > self.deadline

    def values(self) -> dict[str, str]:
        return placeholder_values(self.tables, self.figures)

    def to_report(self) -> Report:
        """Return the report value with the narrative's placeholders filled from the figures."""
        values = self.values()
        data = {
            "format": "2021",
            "agency": self.agency.name,
            "year": self.year,
            "text": {key: fill(self.text.get(key, ""), values) for key in ("overview", "problems", "other")},
            **{k: self.tables.get(k) for k in ("proactive", "applications", "remedies")},
        }
        return Report.from_dict(data)


class ConsolidationScope(models.Model):
    """Which agencies a government's consolidated report includes (docs/domain/RULES.md §6).

    Without a stored setting: the government and every active agency below it.
    """

    government = models.OneToOneField(
        "agencies.Agency",
        verbose_name="人民政府",
        on_delete=models.CASCADE,
        related_name="consolidation_scope",
        limit_choices_to={"kind": "government"},
    )
    include_lower_governments = models.BooleanField(
        "纳入下级人民政府",
        default=True,
        help_text="取消勾选则不汇总下级人民政府及其所属机关（下级政府另行发布本级汇总报告时）",
    )
    excluded = models.ManyToManyField(
        "agencies.Agency",
        verbose_name="不纳入汇总的机关",
        blank=True,
        related_name="+",
        help_text="所选机关及其下级机关均不纳入本级汇总报告",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    agency_field = "government"

    class Meta:
        verbose_name = "年度报告汇总范围"
        verbose_name_plural = "年度报告汇总范围"

    def __str__(self) -> str:
        return f"{self.government}年度报告汇总范围"

    def clean(self) -> None:
        if self.government_id and self.government.kind != "government":
            raise ValidationError({"government": "只有人民政府发布汇总年度报告"})


# The scalar columns of ``YearAggregate`` the supervisor's comparison reads (and its index covers).
RANKING_COLUMNS = (
    "applications_handled",
    "applications_disclosed",
    "applications_partially_disclosed",
    "overdue",
    "remedies_total",
    "remedies_corrected",
    "remedies_pending",
)


class YearAggregate(models.Model):
    """One agency-year's figures, kept exact by ``aggregates.py`` in the transaction that writes a record.

    The three table sections are stored in the CODES.md JSON layout (the same shape as
    ``AnnualReport.tables``), so a report, a supervisor's page or a consolidation reads one row
    per agency-year instead of rescanning applications, cases, registers and documents. The
    scalar columns repeat the figures the supervisor's pages sort and rank by, so that the
    database can order and filter on them. See docs/decisions/0014-yearly-aggregates.md.
    """

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="机关", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    proactive = models.JSONField("主动公开（第二部分）", default=dict)
    applications = models.JSONField("依申请公开（第三部分）", default=dict)
    remedies = models.JSONField("复议诉讼（第四部分）", default=dict)
    # Narrative figures: documents first published in the year and still public; new-media
    # accounts per platform; information-processing fees paid in the year (元).
    published = models.PositiveIntegerField("本年发布信息数", default=0)
    media = models.JSONField("新媒体", default=list)
    fee_yuan = models.DecimalField("本年收取信息处理费（元）", max_digits=14, decimal_places=2, default=0)
    # Figures the supervisor's pages rank by (repeated from the JSON above).
    applications_new = models.PositiveIntegerField("本年新收申请", default=0)
    applications_handled = models.PositiveIntegerField("本年办结申请", default=0)
    applications_disclosed = models.PositiveIntegerField("予以公开和部分公开", default=0)
    applications_partially_disclosed = models.PositiveIntegerField("部分公开", default=0)
    carried_forward = models.PositiveIntegerField("结转下年度", default=0)
    overdue = models.PositiveIntegerField("逾期答复", default=0)
    remedies_total = models.PositiveIntegerField("复议诉讼总数", default=0)
    remedies_corrected = models.PositiveIntegerField("复议诉讼被纠错", default=0)
    remedies_pending = models.PositiveIntegerField("复议诉讼尚未审结", default=0)
    counted_at = models.DateTimeField("统计时间", auto_now=True)

    agency_field = "agency"

    class Meta:
        verbose_name = "机关年度统计"
        verbose_name_plural = "机关年度统计"
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="annual_report_aggregate_unique")
        ]
        # Covering the supervisor's comparison (1,500 agency-years): the scalar columns are read
        # from the index without touching the rows' large JSON tables.
        indexes = [
            models.Index(fields=["year", "agency", *RANKING_COLUMNS], name="annual_report_aggregate_ranks")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}"
