"""What every application service shares: the actor checks, the clock seam, the transition step."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.agencies.models import Role
from gongkai.agencies.scoping import writable_agencies
from gongkai.auditlog.services import audit_record

from ..models import Application
from ..workflow import Action, Status, TransitionError, check_transition

HANDLER_ROLES = (Role.CLERK, Role.OFFICE_HEAD)
APPROVER_ROLES = (Role.OFFICE_HEAD,)


class InvalidTransition(ValidationError):
    """A step the transition table forbids (wraps :class:`workflow.TransitionError`)."""

    def __init__(self, error: TransitionError) -> None:
        super().__init__(str(error), code="transition")
        self.error = error


def today() -> date:
    """Return the local date (the seam tests replace instead of patching ``datetime``)."""
    return timezone.localdate()


def is_system(actor: Any) -> bool:
    return actor is None or not getattr(actor, "is_authenticated", False)


def can_handle(actor: Any, agency_id: int) -> bool:
    """Return whether ``actor`` may change applications of the agency (clerk or office head there)."""
    if is_system(actor) or not actor.is_active:
        return False
    if actor.is_site_admin:
        return True
    return actor.has_role(*HANDLER_ROLES) and writable_agencies(actor).filter(pk=agency_id).exists()


def require_handler(actor: Any, agency_id: int) -> None:
    if not can_handle(actor, agency_id):
        raise PermissionDenied("只有本机关的办理员或公开办负责人可以办理申请")


def require_approver(actor: Any, agency_id: int) -> None:
    """Refuse anyone but the agency's office head (公开办负责人) or a site administrator."""
    require_handler(actor, agency_id)
    if not (actor.is_site_admin or actor.has_role(*APPROVER_ROLES)):
        raise PermissionDenied("只有政府信息公开工作机构负责人可以批准")


def check_day(
    value: date | None, label: str, *, not_before: date | None = None, before_label: str = ""
) -> date:
    """Refuse a missing date, a date in the future, or one before ``not_before``."""
    if value is None:
        raise ValidationError(f"请填写{label}")
    if value > today():
        raise ValidationError(f"{label}（{value.isoformat()}）不能晚于今天")
    if not_before is not None and value < not_before:
        raise ValidationError(
            f"{label}（{value.isoformat()}）不能早于{before_label}（{not_before.isoformat()}）"
        )
    return value


def lock(application: Application) -> Application:
    """Re-read the application FOR UPDATE inside the service's transaction."""
    return Application.objects.select_for_update().select_related("agency").get(pk=application.pk)


def move(
    application: Application,
    action: Action,
    target: Status,
    *,
    actor: Any,
    changes: dict[str, list[Any]] | None = None,
    note: str = "",
    update_fields: list[str] | tuple[str, ...] = (),
) -> Application:
    """Check ``action`` against the table, save, and write the one audit event of the service."""
    source = Status(application.status)
    try:
        check_transition(action, source, target)
    except TransitionError as exc:
        raise InvalidTransition(exc) from None
    application.status = target.value
    all_changes = dict(changes or {})
    if source != target:
        all_changes["status"] = [source.value, target.value]
    application.save(update_fields=sorted({"status", "updated_at", *update_fields}))
    audit_record(
        actor=actor, action=f"application.{action.value}", obj=application, changes=all_changes, note=note
    )
    return application


def ensure_allowed(application: Application, action: Action) -> None:
    """Refuse early (before any work) when the table allows ``action`` from no target here."""
    from ..workflow import targets_of

    if not targets_of(action, Status(application.status)):
        raise InvalidTransition(TransitionError(action, Status(application.status)))
