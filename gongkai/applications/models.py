"""Applications for disclosure (依申请公开), their clock events, consultations, letters and remedies.

Status (workflow) is kept apart from outcome (one of the 21 codes of the report format). The
stored ``due_date`` / ``clock_paused`` / ``clock_provisional`` are always the answer of the clock
function over the application's ``ApplicationEvent`` rows (see ``services.clock``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from gongkai.core.identifiers import mask_identifier
from gongkai.report.format import OUTCOME_CHOICES, OUTCOME_CODES, REMEDY_PARTS

from . import choices as ch
from .workflow import CONCLUDED_STATUSES, OPEN_STATUSES, STATUS_CHOICES, Status

_OPEN = sorted(s.value for s in OPEN_STATUSES)
_CONCLUDED = sorted(s.value for s in CONCLUDED_STATUSES)


class ApplicationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=_OPEN)

    def concluded(self):
        return self.filter(status__in=_CONCLUDED)


class Application(models.Model):
    """One application for government information (Regulation art. 27–29)."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="受理机关", on_delete=models.PROTECT, related_name="applications"
    )
    tracking_number = models.CharField("申请编号", max_length=20, unique=True)
    query_code_hash = models.CharField("查询码摘要", max_length=200, editable=False)
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    # Applicant (art. 29 (一))
    applicant_category = models.CharField("申请人类型", max_length=20, choices=ch.APPLICANT_CATEGORY_CHOICES)
    applicant_name = models.CharField("申请人姓名或名称", max_length=100)
    id_type = models.CharField("证件类型", max_length=20, choices=ch.ID_TYPE_CHOICES)
    id_number = models.CharField("证件号码", max_length=40)
    legal_representative = models.CharField("法定代表人或负责人", max_length=50, blank=True)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)

    # The information wanted (art. 29 (二)(三))
    description = models.TextField("所需信息的内容描述")
    document_reference = models.CharField("文件名称、文号或其他特征", max_length=200, blank=True)
    provision_form = models.CharField("信息的提供形式", max_length=20, choices=ch.PROVISION_FORM_CHOICES)
    delivery_method = models.CharField("获取信息的方式", max_length=20, choices=ch.DELIVERY_METHOD_CHOICES)

    # Arrival and receipt (art. 31)
    channel = models.CharField("申请渠道", max_length=20, choices=ch.CHANNEL_CHOICES)
    arrived_at = models.DateTimeField("实际到达时间")
    arrival_notes = models.TextField("到达情况备注", blank=True)
    received_on = models.DateField("收到申请日期", null=True, blank=True)
    receipt_basis = models.CharField(
        "收到日期的确定方式", max_length=20, choices=ch.RECEIPT_BASIS_CHOICES, blank=True
    )
    receipt_note = models.CharField("收到日期说明", max_length=200, blank=True)
    receipt_lag_workdays = models.PositiveSmallIntegerField(
        "确认收到滞后工作日数", null=True, blank=True
    )  # online: working days from submission to the office's confirmation (art. 31 (三))

    status = models.CharField(
        "办理状态", max_length=24, choices=STATUS_CHOICES, default=Status.REGISTERED.value
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_applications",
    )

    # The stored answer of the clock (recomputed after every event and calendar change)
    due_date = models.DateField("答复期限", null=True, blank=True)
    clock_paused = models.BooleanField("计时暂停", default=False)
    clock_provisional = models.BooleanField("期限为临时推算", default=False)
    correction_notice_due = models.DateField("补正告知期限", null=True, blank=True)
    fee_withdrawal_date = models.DateField("缴费期限（逾期视为放弃申请）", null=True, blank=True)

    # Correction (art. 30) — once
    correction_requested_on = models.DateField("补正告知日期", null=True, blank=True)
    correction_items = models.TextField("需要补正的事项", blank=True)
    correction_deadline = models.DateField("补正期限", null=True, blank=True)
    correction_received_on = models.DateField("收到补正日期", null=True, blank=True)
    correction_late = models.BooleanField("补正告知逾期", default=False)  # after the 7 working days

    # Extension (art. 33) — once, approved by the office head
    extension_workdays = models.PositiveSmallIntegerField("延长工作日数", null=True, blank=True)
    extension_reason = models.TextField("延期理由", blank=True)
    extended_on = models.DateField("延期批准日期", null=True, blank=True)
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="延期批准人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # Information-processing fee (the Fee Measures)
    fee_method = models.CharField("收费方式", max_length=20, choices=ch.FEE_METHOD_CHOICES, blank=True)
    fee_nth = models.PositiveIntegerField("本月第几件", null=True, blank=True)
    fee_pages = models.PositiveIntegerField("页数", null=True, blank=True)
    fee_amount = models.PositiveIntegerField("收费金额（元）", null=True, blank=True)
    fee_explanation = models.TextField("收费依据", blank=True)
    fee_notified_on = models.DateField("收费通知日期", null=True, blank=True)
    fee_notice_received_on = models.DateField("申请人收到收费通知日期", null=True, blank=True)
    fee_paid_on = models.DateField("缴费日期", null=True, blank=True)
    fee_payment_reference = models.CharField("缴费凭证号", max_length=100, blank=True)

    # Decision (art. 36–39): exactly one outcome code
    outcome = models.CharField("办理结果", max_length=40, choices=OUTCOME_CHOICES, blank=True, db_index=True)
    decided_on = models.DateField("答复（办结）日期", null=True, blank=True)
    decision_reasons = models.TextField("答复理由", blank=True)
    legal_basis = models.TextField("法律依据", blank=True)
    disclosed_parts = models.TextField("予以公开的内容", blank=True)
    withheld_parts = models.TextField("不予公开的内容及理由", blank=True)
    holder_agency = models.CharField(
        "负责公开该信息的机关及联系方式", max_length=200, blank=True
    )  # 本机关不掌握: the agency that holds it, where known (art. 36 (五))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复批准人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField("答复批准时间", null=True, blank=True)

    # Delivery
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    delivered_by_method = models.CharField(
        "送达方式", max_length=20, choices=ch.DELIVERY_METHOD_CHOICES, blank=True
    )
    delivery_notes = models.TextField("送达情况", blank=True)
    delivery_proof = models.FileField("送达凭证", upload_to="applications/delivery/%Y/", blank=True)
    closed_at = models.DateTimeField("归档时间", null=True, blank=True)

    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    agency_field = "agency"

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-arrived_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "status", "due_date"], name="app_agency_status_due"),
            # Covers year_counts: the annual report's section 三 reads only the index.
            models.Index(
                fields=["agency", "received_on", "decided_on", "applicant_category", "outcome"],
                name="app_year_counts",
            ),
            models.Index(fields=["agency", "decided_on"], name="app_agency_decided"),
            # Covers the fees collected in a year (section 六 of the annual report).
            models.Index(fields=["agency", "fee_paid_on", "fee_amount"], name="app_agency_fee_paid"),
            models.Index(fields=["agency", "id_number"], name="app_agency_idnumber"),
            models.Index(fields=["agency", "arrived_at"], name="app_agency_arrived"),
            models.Index(fields=["due_date"], name="app_due_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=OUTCOME_CODES), name="application_outcome_valid"
            ),
            models.CheckConstraint(
                condition=(Q(outcome="") & Q(decided_on__isnull=True))
                | (~Q(outcome="") & Q(decided_on__isnull=False)),
                name="application_outcome_has_date",
            ),
            models.CheckConstraint(
                condition=(Q(status__in=_OPEN) & Q(outcome="")) | (Q(status__in=_CONCLUDED) & ~Q(outcome="")),
                name="application_concluded_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True)
                | Q(received_on__isnull=True)
                | Q(decided_on__gte=F("received_on")),
                name="application_decided_after_received",
            ),
            models.CheckConstraint(
                condition=Q(extension_workdays__isnull=True)
                | Q(extension_workdays__gte=1, extension_workdays__lte=20),
                name="application_extension_1_20",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_number} {self.applicant_name}"

    @property
    def masked_id_number(self) -> str:
        return mask_identifier(self.id_number, keep_start=3, keep_end=3 if len(self.id_number) > 8 else 1)

    @property
    def masked_phone(self) -> str:
        return mask_identifier(self.phone, keep_start=3, keep_end=2)

    @property
    def masked_address(self) -> str:
        """Keep the province/city part of the address (its first 6 characters) only."""
        if not self.address:
            return ""
        return self.address[:6] + "＊" * min(max(len(self.address) - 6, 2), 8)

    @property
    def is_open(self) -> bool:
        return self.status in _OPEN

    @property
    def is_organisation(self) -> bool:
        return self.applicant_category in ch.ORGANISATION_CATEGORIES

    @property
    def outcome_group(self) -> str:
        return ch.outcome_group(self.outcome) if self.outcome else ""


class ApplicationEvent(models.Model):
    """One dated event of the reply clock (the input of ``gongkai.core.clock.compute_deadline``)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    type = models.CharField("事件", max_length=30, choices=ch.EVENT_TYPE_CHOICES)
    date = models.DateField("日期")
    workdays = models.PositiveSmallIntegerField("工作日数", null=True, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    agency_field = "application__agency"

    class Meta:
        verbose_name = "计时事件"
        verbose_name_plural = "计时事件"
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_type_display()}"


class Consultation(models.Model):
    """A written consultation of a third party (art. 32) or another agency (art. 34)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="consultations")
    party_kind = models.CharField("征求对象类型", max_length=20, choices=ch.CONSULTATION_PARTY_CHOICES)
    party_name = models.CharField("征求对象", max_length=100)
    party_contact = models.CharField("联系方式", max_length=200, blank=True)
    subject = models.TextField("征求意见的事项", blank=True)
    sent_on = models.DateField("发函日期")
    limit_on = models.DateField("答复期限（15个工作日）")
    answered_on = models.DateField("收到答复日期", null=True, blank=True)
    closed_on = models.DateField("征求意见期间截止日", null=True, blank=True)
    response = models.CharField("意见", max_length=20, choices=ch.CONSULTATION_RESPONSE_CHOICES, blank=True)
    answer = models.TextField("答复内容", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    agency_field = "application__agency"

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ["sent_on", "id"]

    def __str__(self) -> str:
        return f"{self.party_name}（{self.sent_on}）"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class Attachment(models.Model):
    """A file the applicant supplied; its type is checked by content (``uploads.sniff``)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to="applications/attachments/%Y/%m/")
    original_name = models.CharField("原文件名", max_length=200)
    kind = models.CharField("文件类型", max_length=10)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    agency_field = "application__agency"

    class Meta:
        verbose_name = "申请附件"
        verbose_name_plural = "申请附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class Letter(models.Model):
    """A letter as delivered to the applicant, frozen at delivery (DOCX and PDF).

    The record and its DOCX are written with the delivery; the PDF is typeset by the job
    ``pdf_job`` (a worker with a broker, at once without) and is empty until that job is done.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField("文书", max_length=20, choices=ch.LETTER_KIND_CHOICES)
    docx = models.FileField(upload_to="applications/letters/%Y/")
    pdf = models.FileField(upload_to="applications/letters/%Y/", blank=True)
    pdf_job = models.ForeignKey(
        "jobs.Job",
        verbose_name="PDF生成任务",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    agency_field = "application__agency"

    class Meta:
        verbose_name = "文书"
        verbose_name_plural = "文书"
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["application", "kind"], name="letter_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.application.tracking_number} {self.get_kind_display()}"


class RemedyCase(models.Model):
    """A reconsideration or litigation case about an application (report section 四)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="remedy_cases")
    kind = models.CharField("类型", max_length=40, choices=ch.REMEDY_KIND_CHOICES)
    filed_on = models.DateField("立案（申请、起诉）日期")
    body = models.CharField("复议机关或法院", max_length=100)
    case_number = models.CharField("案号", max_length=100, blank=True)
    outcome = models.CharField(
        "结果", max_length=20, choices=ch.REMEDY_OUTCOME_CHOICES, default=ch.REMEDY_PENDING
    )
    concluded_on = models.DateField("审结日期", null=True, blank=True)
    notes = models.TextField("说明", blank=True)
    # A lawsuit filed directly against a post-2024 refusal skipped the required reconsideration
    # (RULES.md §5): still recorded and counted, but the office is told.
    flagged = models.BooleanField("需关注：未经复议直接起诉", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    agency_field = "application__agency"

    class Meta:
        verbose_name = "行政复议、行政诉讼案件"
        verbose_name_plural = "行政复议、行政诉讼案件"
        ordering = ["-filed_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(outcome__in=REMEDY_PARTS), name="remedy_outcome_valid"),
            models.CheckConstraint(
                condition=(Q(outcome=ch.REMEDY_PENDING) & Q(concluded_on__isnull=True))
                | (~Q(outcome=ch.REMEDY_PENDING) & Q(concluded_on__isnull=False)),
                name="remedy_concluded_has_date",
            ),
            models.CheckConstraint(
                condition=Q(concluded_on__isnull=True) | Q(concluded_on__gte=F("filed_on")),
                name="remedy_concluded_after_filed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number or self.filed_on}"


class RemedyDocument(models.Model):
    case = models.ForeignKey(RemedyCase, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField("文书名称", max_length=200)
    file = models.FileField("文件", upload_to="applications/remedies/%Y/")
    original_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    agency_field = "case__application__agency"

    class Meta:
        verbose_name = "案件文书"
        verbose_name_plural = "案件文书"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title


class LetterSerial(models.Model):
    """The last letter serial an agency used in a year (locked row: one number per letter)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    agency_field = "agency"

    class Meta:
        verbose_name = "文书编号计数"
        verbose_name_plural = "文书编号计数"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="letter_serial_agency_year")]

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class LetterNumber(models.Model):
    """The number a letter was given when issued (e.g. 洛教公开〔2026〕12号)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="letter_numbers")
    kind = models.CharField("文书", max_length=20, choices=ch.LETTER_KIND_CHOICES)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年份")
    serial = models.PositiveIntegerField("顺序号")
    number = models.CharField("文书编号", max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    agency_field = "agency"

    class Meta:
        verbose_name = "文书编号"
        verbose_name_plural = "文书编号"
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="letter_number_one_per_kind"),
            models.UniqueConstraint(fields=["agency", "year", "serial"], name="letter_number_unique_serial"),
        ]

    def __str__(self) -> str:
        return self.number


class ReminderSent(models.Model):
    """What the reminder digest has sent: one row per application per day (``gongkai remind``).

    The row is written when the digest is queued (so two runs never queue it twice) and
    ``sent_at`` is set only once the mail was actually handed to the mail server.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    kind = models.CharField(max_length=20)  # due_today / due_soon / overdue
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    agency_field = "application__agency"

    class Meta:
        verbose_name = "提醒记录"
        verbose_name_plural = "提醒记录"
        constraints = [models.UniqueConstraint(fields=["application", "day"], name="reminder_once_per_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.kind}"
