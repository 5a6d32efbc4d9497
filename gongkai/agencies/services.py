"""Writes for agencies and staff. Each runs in one transaction and records an audit event."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gongkai.auditlog.services import audit_record, field_changes, snapshot

from . import policy
from .models import Agency, Role, RoleGrant, User

AGENCY_EDITABLE = [
    "name",
    "short_name",
    "credit_code",
    "kind",
    "parent_id",
    "office_name",
    "office_address",
    "office_postcode",
    "office_hours",
    "office_phone",
    "office_fax",
    "office_email",
    "office_web",
    "vertically_managed",
    "reconsideration_body",
    "letter_number_pattern",
    "is_active",
]


@transaction.atomic
def agency_create(*, actor, **fields) -> Agency:
    policy.check_site_admin(actor, "只有系统管理员可以新建机关")
    agency = Agency(**fields)
    agency.full_clean()
    agency.save()
    created = {k: [None, v] for k, v in snapshot(agency, AGENCY_EDITABLE).items() if v not in ("", None)}
    audit_record(actor=actor, action="agency.create", obj=agency, changes=created)
    return agency


@transaction.atomic
def agency_update(*, actor, agency: Agency, **fields) -> Agency:
    """Change an agency's details; the audit "before" values are the stored ones, read under lock."""
    policy.check_admin(actor, agency, "只有本机关管理员可以修改机关信息")
    if {"name", "credit_code", "parent", "parent_id", "is_active"} & set(fields):
        policy.check_site_admin(actor, "机关名称、信用代码、上级机关和启用状态只能由系统管理员修改")
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    before = snapshot(agency, AGENCY_EDITABLE)
    for name, value in fields.items():
        if name not in AGENCY_EDITABLE and name != "parent":
            raise ValueError(f"field {name} is not editable")
        setattr(agency, name, value)
    agency.full_clean()
    agency.save()
    changes = field_changes(before, snapshot(agency, AGENCY_EDITABLE))
    if changes:
        audit_record(actor=actor, action="agency.update", obj=agency, changes=changes)
    return agency


@transaction.atomic
def staff_create(
    *,
    actor,
    username: str,
    password: str | None,
    agency: Agency | None,
    full_name: str = "",
    roles=(),
    email="",
) -> User:
    policy.check_admin(actor, agency, "只有本机关管理员可以添加人员")
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": "该用户名已被使用"})
    user = User(username=username, agency=agency, full_name=full_name, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        actor=actor,
        action="staff.create",
        obj=user,
        changes={"username": [None, username], "agency": [None, str(agency) if agency else None]},
    )
    staff_set_roles(actor=actor, user=user, roles=roles)
    return user


@transaction.atomic
def staff_set_roles(*, actor, user: User, roles) -> User:
    """Set ``user``'s roles; every role granted or revoked must be the actor's to grant (the policy)."""
    wanted = {Role(r).value for r in roles}
    current = set(user.role_grants.values_list("role", flat=True))
    if wanted == current:
        return user
    for role in sorted(wanted ^ current):
        reason = policy.grant_refusal(actor, user, role)
        if reason:
            raise PermissionDenied(reason)
    RoleGrant.objects.filter(user=user).exclude(role__in=wanted).delete()
    RoleGrant.objects.bulk_create([RoleGrant(user=user, role=r) for r in sorted(wanted - current)])
    user._role_cache = None
    audit_record(
        actor=actor, action="staff.roles", obj=user, changes={"roles": [sorted(current), sorted(wanted)]}
    )
    return user


@transaction.atomic
def staff_set_active(*, actor, user: User, active: bool) -> User:
    policy.check_admin(actor, user.agency, "只有本机关管理员可以停用或启用人员")
    if user.is_active != active:
        audit_record(
            actor=actor, action="staff.active", obj=user, changes={"is_active": [user.is_active, active]}
        )
        user.is_active = active
        user.save(update_fields=["is_active"])
    return user
