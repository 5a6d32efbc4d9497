"""Agencies (行政机关) as a tree, staff users, and the roles they hold."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from gongkai.core.identifiers import credit_code_problem
from gongkai.core.numbering import pattern_problem
from gongkai.core.remedies import default_reconsideration_body


def validate_credit_code(value: str) -> None:
    problem = credit_code_problem(value)
    if problem:
        raise ValidationError(problem, code="credit_code")


class AgencyKind(models.TextChoices):
    GOVERNMENT = "government", "人民政府"
    DEPARTMENT = "department", "政府部门"
    COUNTY_BODY = "county_body", "县级机关"
    OTHER = "other", "其他"


class Agency(models.Model):
    """An administrative body that discloses information; the unit of data isolation.

    ``path`` materialises the position in the tree ("/3/17/") so that a supervisor's subtree
    is one indexed prefix query.
    """

    name = models.CharField("机关名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=50, blank=True)
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, validators=[validate_credit_code]
    )
    kind = models.CharField(
        "机关类型", max_length=20, choices=AgencyKind.choices, default=AgencyKind.DEPARTMENT
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    office_name = models.CharField("政务公开工作机构", max_length=100, blank=True)
    office_address = models.CharField("办公地址", max_length=200, blank=True)
    office_postcode = models.CharField("邮政编码", max_length=6, blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    office_phone = models.CharField("联系电话", max_length=50, blank=True)
    office_fax = models.CharField("传真", max_length=50, blank=True)
    office_email = models.EmailField("电子邮箱", blank=True)
    office_web = models.URLField("网上联系方式", blank=True)
    # Remedies (RULES.md §5): blank = the default derived from the tree and the kind.
    vertically_managed = models.BooleanField(
        "实行垂直领导",
        default=False,
        help_text="海关、金融、税务、外汇管理、国家安全等实行垂直领导的机关：复议机关为上一级主管部门",
    )
    reconsideration_body = models.CharField(
        "行政复议机关",
        max_length=100,
        blank=True,
        help_text="留空则按规则推定：政府部门为本级人民政府，人民政府为上一级人民政府，垂直领导机关为上一级主管部门",
    )
    # Letters: the number pattern of the letters this agency sends (see gongkai.core.letters).
    letter_number_pattern = models.CharField(
        "文书编号格式",
        max_length=60,
        blank=True,
        help_text="如“洛教公开〔{year}〕{serial}号”；{year} 为年份，{serial} 为当年顺序号。留空则用“简称+依申请公开〔年份〕序号号”",
    )
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    agency_field = "pk"  # how the scoping function reaches the owning agency

    class Meta:
        verbose_name = "行政机关"
        verbose_name_plural = "行政机关"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        """Keep ``path`` in step with ``parent``, for this node and its whole subtree."""
        old_path = self.path
        super().save(*args, **kwargs)
        parent_path = self.parent.path if self.parent_id else "/"
        new_path = f"{parent_path}{self.pk}/"
        if new_path != old_path:
            Agency.objects.filter(pk=self.pk).update(path=new_path)
            self.path = new_path
            if old_path:
                for child in Agency.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                    Agency.objects.filter(pk=child.pk).update(path=new_path + child.path[len(old_path) :])

    def clean(self) -> None:
        if self.credit_code:
            self.credit_code = self.credit_code.strip().upper()
        if self.parent_id and self.pk:
            node = self.parent
            while node is not None:
                if node.pk == self.pk:
                    raise ValidationError({"parent": "上级机关不能是本机关或其下级机关"})
                node = node.parent
        problem = pattern_problem(self.letter_number_pattern.strip())
        if problem:
            raise ValidationError({"letter_number_pattern": problem})

    def ancestors(self) -> list[Agency]:
        ids = [int(p) for p in self.path.strip("/").split("/") if p][:-1]
        by_id = Agency.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]

    def reconsideration_body_name(self) -> str:
        """Return the reconsideration body: the setting, else the RULES.md §5 default."""
        if self.reconsideration_body.strip():
            return self.reconsideration_body.strip()
        return default_reconsideration_body(
            kind=self.kind,
            vertically_managed=self.vertically_managed,
            ancestors=[(a.name, a.kind) for a in self.ancestors()] if self.path else [],
        )

    @property
    def depth(self) -> int:
        return depth_of(self.path)


def depth_of(path: str) -> int:
    """The depth of an agency in the tree from its materialised path (0 at the top)."""
    return max(path.count("/") - 2, 0)


class Role(models.TextChoices):
    CLERK = "clerk", "办理员"
    REVIEWER_1 = "reviewer_1", "一级审核（初审）"
    REVIEWER_2 = "reviewer_2", "二级审核（复审）"
    REVIEWER_3 = "reviewer_3", "三级审核（终审签发）"
    CONFIDENTIALITY = "confidentiality", "保密审查员"
    OFFICE_HEAD = "office_head", "公开办负责人"
    AGENCY_ADMIN = "agency_admin", "机关管理员"
    SUPERVISOR = "supervisor", "监督员"
    SITE_ADMIN = "site_admin", "系统管理员"


class User(AbstractUser):
    """A staff member (applicants use the portal without an account)."""

    agency = models.ForeignKey(
        Agency, verbose_name="所属机关", null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    full_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)

    agency_field = "agency"

    class Meta:
        verbose_name = "工作人员"
        verbose_name_plural = "工作人员"

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def role_set(self) -> frozenset[str]:
        cached = getattr(self, "_role_cache", None)
        if cached is None:
            if not self.pk:
                cached = frozenset()
            else:
                cached = frozenset(self.role_grants.values_list("role", flat=True))
            if self.is_superuser:
                cached = cached | {Role.SITE_ADMIN.value}
            self._role_cache = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set.intersection(roles))

    @property
    def is_site_admin(self) -> bool:
        return self.is_superuser or Role.SITE_ADMIN in self.role_set

    def role_labels(self) -> list[str]:
        return [label for value, label in Role.choices if value in self.role_set]


class RoleGrant(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    agency_field = "user__agency"

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="unique_role_per_user")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"
