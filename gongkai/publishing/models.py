"""Proactive disclosure (主动公开, Regulation art. 19–26): catalogue, documents, review, supervision.

Names here are a contract with the portal and the search index (``gongkai.portal``,
``gongkai.search``): ``Column``, ``Document``, ``DocumentVersion``, ``Attachment``,
``NormativeRecord``, ``YearlyFigures``, ``MediaAccount``, ``MediaYear``, ``Interpretation``,
``DisclosureItem``, ``RectificationItem``. Keep them stable.

Every model names the path to its owning agency in ``agency_field`` for
``gongkai.agencies.scoping.scope``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

# --------------------------------------------------------------------------------------------
# Fixed vocabularies

# Regulation art. 20: the fifteen items an agency must publish proactively (RULES.md §2).
# Stored as the codes "1".."15" (Column.art20_items, DisclosureItem.art20_items).
ART20_ITEMS: tuple[tuple[str, str], ...] = (
    ("1", "（一）行政法规、规章和规范性文件"),
    ("2", "（二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"),
    ("3", "（三）国民经济和社会发展规划、专项规划、区域规划及相关政策"),
    ("4", "（四）国民经济和社会发展统计信息"),
    ("5", "（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果"),
    ("6", "（六）实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定"),
    ("7", "（七）财政预算、决算信息"),
    ("8", "（八）行政事业性收费项目及其依据、标准"),
    ("9", "（九）政府集中采购项目的目录、标准及实施情况"),
    ("10", "（十）重大建设项目的批准和实施情况"),
    ("11", "（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"),
    ("12", "（十二）突发公共事件的应急预案、预警信息及应对情况"),
    ("13", "（十三）环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"),
    ("14", "（十四）公务员招考的职位、名额、报考条件等事项以及录用结果"),
    ("15", "（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"),
)
ART20_CODES = frozenset(code for code, _ in ART20_ITEMS)
ART20_LABELS = dict(ART20_ITEMS)


class ColumnKind(models.TextChoices):
    """The kind of a column, which sets its freshness rule (Inspection Indicators, RULES.md §2)."""

    NEWS = "news", "动态要闻类"
    NOTICE = "notice", "通知公告类"
    POLICY = "policy", "政策文件类"
    PLAN = "plan", "人事、规划计划类"
    PROCUREMENT = "procurement", "政府采购类"
    OTHER = "other", "其他"


class Topic(models.TextChoices):
    """主题分类: the common top-level subject classification of government-information catalogues."""

    GENERAL = "general", "综合政务"
    ECONOMY = "economy", "国民经济管理、国有资产监管"
    FINANCE = "finance", "财政、金融、审计"
    LAND = "land", "国土资源、能源"
    AGRICULTURE = "agriculture", "农业、林业、水利"
    INDUSTRY = "industry", "工业、交通"
    COMMERCE = "commerce", "商贸、海关、旅游"
    MARKET = "market", "市场监管、安全生产监管"
    CONSTRUCTION = "construction", "城乡建设、环境保护"
    SCIENCE = "science", "科技、教育"
    CULTURE = "culture", "文化、广电、新闻出版"
    HEALTH = "health", "卫生、体育"
    POPULATION = "population", "人口与计划生育、妇女儿童工作"
    LABOUR = "labour", "劳动、人事、监察"
    PUBLIC_SECURITY = "public_security", "公安、安全、司法"
    CIVIL_AFFAIRS = "civil_affairs", "民政、扶贫、救灾"
    ETHNIC = "ethnic", "民族、宗教"
    FOREIGN = "foreign", "对外事务"
    HMT = "hmt", "港澳台侨工作"
    DEFENCE = "defence", "国防"
    OTHER = "other", "其他"


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
    """Workflow states; the allowed moves between them are ``gongkai.publishing.workflow.TRANSITIONS``."""

    DRAFT = "draft", "草稿"
    PENDING_1 = "pending_1", "待一级审核（初审）"
    PENDING_2 = "pending_2", "待二级审核（复审）"
    PENDING_CONFIDENTIALITY = "pending_conf", "待保密审查"
    PENDING_3 = "pending_3", "待三级审核（终审签发）"
    SCHEDULED = "scheduled", "已签发待定时发布"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


# --------------------------------------------------------------------------------------------
# Catalogue


class Column(models.Model):
    """A column (栏目) of an agency's disclosure catalogue; columns form a tree per agency."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="columns"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级栏目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField("栏目名称", max_length=100)
    kind = models.CharField("栏目类型", max_length=20, choices=ColumnKind.choices, default=ColumnKind.OTHER)
    art20_items = models.JSONField(
        "对应条例第二十条事项", default=list, blank=True, help_text="条例第二十条第（一）至（十五）项的编号"
    )
    is_annual_report = models.BooleanField("年度报告栏目", default=False)
    position = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    agency_field = "agency"

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"
        ordering = ["agency_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "parent", "name"], name="publishing_column_unique_name"
            ),
            models.UniqueConstraint(
                fields=["agency"],
                condition=models.Q(is_annual_report=True),
                name="publishing_one_annual_report_column",
                violation_error_message="本机关已有年度报告栏目",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def art20_labels(self) -> list[str]:
        return [ART20_LABELS[c] for c in self.art20_items if c in ART20_LABELS]


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


class ColumnYearCount(models.Model):
    """Documents published in a column in a year (still public), kept exact by ``counters.py``.

    The annual report's per-column figures read this instead of joining a year's documents to
    their columns (a million-row join); every change of a document's publication or columns
    recounts the affected (column, year) pairs from the records, and ``rebuild_column_counts``
    recounts everything after bulk loads.
    """

    column = models.ForeignKey(Column, on_delete=models.CASCADE, related_name="year_counts")
    year = models.PositiveSmallIntegerField()
    published = models.PositiveIntegerField(default=0)

    agency_field = "column__agency"

    class Meta:
        verbose_name = "栏目年度发布数"
        verbose_name_plural = "栏目年度发布数"
        constraints = [
            models.UniqueConstraint(fields=["column", "year"], name="publishing_column_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.column_id}/{self.year}: {self.published}"


# --------------------------------------------------------------------------------------------
# Review


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


# --------------------------------------------------------------------------------------------
# Registers and figures for the annual report


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


# --------------------------------------------------------------------------------------------
# The full disclosure list (政务公开全清单)


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


# --------------------------------------------------------------------------------------------
# Supervision: rectification lists (问题清单)


class RectificationStatus(models.TextChoices):
    OPEN = "open", "待整改"
    ANSWERED = "answered", "已反馈待核查"
    ACCEPTED = "accepted", "已销号"
    REOPENED = "reopened", "退回重新整改"


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
