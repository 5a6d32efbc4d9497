"""The catalogue (栏目): columns, their Regulation art. 20 items, and per-year publication counts."""

from __future__ import annotations

from django.db import models

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


class ColumnYearCount(models.Model):
    """Documents published in a column in a year (still public), kept exact by ``counters.py``.

    The annual report's per-column figures read this instead of joining a year's documents to
    their columns (a million-row join); every change of a document's publication or columns, or
    of a column's position, recounts the affected (column, year) pairs from the records, and
    ``rebuild_column_counts`` recounts everything after bulk loads.
    """

    column = models.ForeignKey(Column, on_delete=models.CASCADE, related_name="year_counts")
    year = models.PositiveSmallIntegerField()
    published = models.PositiveIntegerField(default=0)
    # the documents of the column's agency whose first column (lowest position, then id) this is:
    # the narrative counts each document once (RULES.md, OUR RULE (publication))
    first = models.PositiveIntegerField(default=0)

    agency_field = "column__agency"

    class Meta:
        verbose_name = "栏目年度发布数"
        verbose_name_plural = "栏目年度发布数"
        constraints = [
            models.UniqueConstraint(fields=["column", "year"], name="publishing_column_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.column_id}/{self.year}: {self.published} ({self.first} first)"
