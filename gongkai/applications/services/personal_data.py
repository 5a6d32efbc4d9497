"""Who sees an applicant's identity number, address and phone in full (issue 9.7).

The clerk and the office head (``application.personal_data``) see them in full; reviewers and the
confidentiality reviewer (``application.personal_data_reveal``) see them masked and may reveal
them for one page view, with a reason written to the audit log; everyone else sees them masked.
The role sets are defined in ``gongkai.agencies.policy`` only.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gongkai.agencies import policy
from gongkai.auditlog.services import audit_record

from ..models import Application

PERSONAL_FIELDS = ("id_number", "address", "phone")


def sees_personal_data(actor: Any, application: Application) -> bool:
    """Return whether ``actor`` sees the applicant's personal data in full by default."""
    return policy.can(actor, "application.personal_data", application.agency_id)


def may_reveal_personal_data(actor: Any, application: Application) -> bool:
    """Return whether ``actor`` sees it masked by default but may reveal it (with an audit record)."""
    return not sees_personal_data(actor, application) and policy.can(
        actor, "application.personal_data_reveal", application.agency_id
    )


def application_reveal_personal_data(*, application: Application, actor: Any, reason: str) -> dict[str, str]:
    """Return the personal data in full for a reviewer and write the reveal to the audit log."""
    if not may_reveal_personal_data(actor, application):
        raise PermissionDenied("您的角色不能查看申请人的完整身份信息")
    if len(reason.strip()) < 2:
        raise ValidationError("请写明查看完整身份信息的理由")
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="application.reveal_personal_data",
            obj=application,
            changes={},
            note=f"查看申请人完整身份信息（{'、'.join(('证件号码', '通信地址', '联系电话'))}）：{reason.strip()[:200]}",
        )
    return {name: getattr(application, name) for name in PERSONAL_FIELDS}
