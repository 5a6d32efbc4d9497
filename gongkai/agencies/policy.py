"""Who may do what, on which record: the ONLY definition of role sets and of the four-eyes rules.

Built on :mod:`gongkai.agencies.scoping` (which agencies a user reads or writes). Views ask it
which buttons to show, services ask it to enforce; both get the same answer. The workflow tables
(:mod:`gongkai.core.workflow`) name the role sets of :data:`ROLE_SETS` by key, so the tables stay
pure and this module stays the one place to read who may act.

Reach: a role set acts on the actor's own agency (write scope), except the supervisory sets of
:data:`SUPERVISORY`, which act on agencies strictly below the actor's (a supervisor does not file
findings against their own agency).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.workflow import Guard, Transition, TransitionError, Workflow

from . import scoping
from .models import Role, User

# -- role sets: the only ones in the code base (tests/foundation/test_policy.py keeps it so) -------
WORK_ROLES = frozenset(
    {
        Role.CLERK,
        Role.REVIEWER_1,
        Role.REVIEWER_2,
        Role.REVIEWER_3,
        Role.CONFIDENTIALITY,
        Role.OFFICE_HEAD,
        Role.AGENCY_ADMIN,
    }
)
"""Roles that work on their own agency's records (read and write)."""
STAFF_READ_ROLES = WORK_ROLES | {Role.SUPERVISOR}
"""Roles that may open the staff pages of an agency's records (supervisors: their subtree, read-only)."""
SUPERVISOR_ROLES = frozenset({Role.SUPERVISOR})
AGENCY_ADMIN_ROLES = frozenset({Role.AGENCY_ADMIN})
SITE_ADMIN_ROLES = frozenset({Role.SITE_ADMIN})

APPLICATION_HANDLERS = frozenset({Role.CLERK, Role.OFFICE_HEAD})
APPLICATION_APPROVERS = frozenset({Role.OFFICE_HEAD})  # 公开办负责人: extensions, approving replies

DOCUMENT_DRAFTERS = frozenset({Role.CLERK})
CATALOGUE_EDITORS = frozenset({Role.CLERK, Role.OFFICE_HEAD, Role.AGENCY_ADMIN})
DOCUMENT_REVIEWERS = frozenset(
    {Role.REVIEWER_1, Role.REVIEWER_2, Role.REVIEWER_3, Role.CONFIDENTIALITY, Role.OFFICE_HEAD}
)
PII_ACKNOWLEDGERS = frozenset({Role.REVIEWER_1, Role.REVIEWER_2, Role.REVIEWER_3, Role.CONFIDENTIALITY})
DOCUMENT_CORRECTORS = frozenset({Role.REVIEWER_3, Role.OFFICE_HEAD})
LEVEL_REVIEWERS = PII_ACKNOWLEDGERS  # the roles that wait on a review level ("待我审核")

REPORT_EDITORS = frozenset({Role.CLERK, Role.OFFICE_HEAD, Role.AGENCY_ADMIN})
REPORT_REVIEWERS = frozenset({Role.REVIEWER_1, Role.REVIEWER_2, Role.REVIEWER_3, Role.OFFICE_HEAD})
REPORT_APPROVERS = frozenset({Role.OFFICE_HEAD})
REPORT_PUBLISHERS = frozenset({Role.OFFICE_HEAD, Role.AGENCY_ADMIN})
REPORT_STAFF = REPORT_EDITORS | REPORT_REVIEWERS
# An applicant's identity number, address and phone (issue 9.7): in full for those who handle
# the application; masked for reviewers and the confidentiality reviewer, who may reveal them
# with a reason written to the audit log; masked, without reveal, for everyone else.
APPLICANT_DATA_VIEWERS = APPLICATION_HANDLERS
APPLICANT_DATA_REVEALERS = frozenset(
    {Role.REVIEWER_1, Role.REVIEWER_2, Role.REVIEWER_3, Role.CONFIDENTIALITY}
)

# The keys the workflow tables name in ``Transition.roles``.
ROLE_SETS: dict[str, frozenset[str]] = {
    "application.handle": APPLICATION_HANDLERS,
    "application.approve": APPLICATION_APPROVERS,
    "application.personal_data": APPLICANT_DATA_VIEWERS,
    "application.personal_data_reveal": APPLICANT_DATA_REVEALERS,
    "document.draft": DOCUMENT_DRAFTERS,
    "document.review_1": frozenset({Role.REVIEWER_1}),
    "document.review_2": frozenset({Role.REVIEWER_2}),
    "document.confidentiality": frozenset({Role.CONFIDENTIALITY}),
    "document.review_3": frozenset({Role.REVIEWER_3}),
    "document.correct": DOCUMENT_CORRECTORS,
    "document.pii": PII_ACKNOWLEDGERS,
    "catalogue.edit": CATALOGUE_EDITORS,
    "report.edit": REPORT_EDITORS,
    "report.review": REPORT_REVIEWERS,
    "report.approve": REPORT_APPROVERS,
    "report.publish": REPORT_PUBLISHERS,
    "rectification.answer": WORK_ROLES,
    "rectification.supervise": SUPERVISOR_ROLES,
    "agency.admin": AGENCY_ADMIN_ROLES,
    "oversight.audit": SUPERVISOR_ROLES,
    "collection.manage": SUPERVISOR_ROLES,  # register a subordinate agency's report column, collect
}
SUPERVISORY: frozenset[str] = frozenset({"rectification.supervise", "collection.manage"})


def _active(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def role_names(roles: Iterable[str]) -> str:
    return "、".join(Role(r).label for r in sorted(roles))


# -- reach: which agencies a role set acts on ---------------------------------------------------
def supervises(user: Any, agency: Any) -> bool:
    """Return whether ``user`` supervises ``agency``: a supervisor of an agency strictly above it."""
    if not _active(user):
        return False
    if user.is_site_admin:
        return True
    if not user.has_role(*SUPERVISOR_ROLES) or user.agency_id is None:
        return False
    return agency.pk != user.agency_id and agency.path.startswith(user.agency.path)


def works_for(user: Any, agency_id: int) -> bool:
    """Return whether ``user`` may change records of the agency (its staff, or a site administrator)."""
    if not _active(user):
        return False
    return user.is_site_admin or scoping.writable_agencies(user).filter(pk=agency_id).exists()


def holds(user: Any, role_set: str) -> bool:
    """Return whether ``user`` holds a role of the named set (site administrators hold every set)."""
    if not _active(user):
        return False
    return user.is_site_admin or bool(user.role_set & ROLE_SETS[role_set])


def has_role_of(user: Any, role_set: str) -> bool:
    """Return whether ``user`` holds a role of the set themselves (work queues: no site-admin implication)."""
    return _active(user) and bool(user.role_set & ROLE_SETS[role_set])


def why_not(user: Any, role_set: str, agency: Any) -> str | None:
    """Return None when ``user`` may act as ``role_set`` on ``agency``'s records, else the reason."""
    if not _active(user):
        return "请先登录"
    if role_set in SUPERVISORY:
        if not supervises(user, agency):
            return "只有上级机关的监督员可以执行该操作"
    elif not works_for(user, agency.pk if hasattr(agency, "pk") else agency):
        return "您不能处理其他机关的记录"
    if not holds(user, role_set):
        return f"需要以下角色之一：{role_names(ROLE_SETS[role_set])}"
    return None


def can(user: Any, role_set: str, agency: Any) -> bool:
    """Return whether ``user`` may act as ``role_set`` on ``agency``'s records (for buttons)."""
    return why_not(user, role_set, agency) is None


def require(user: Any, role_set: str, agency: Any, message: str = "") -> None:
    """Raise ``PermissionDenied`` (Chinese) unless ``user`` may act as ``role_set`` on ``agency``."""
    reason = why_not(user, role_set, agency)
    if reason is not None:
        raise PermissionDenied(message or reason)


def check_actor(actor: Any, role_set: str, agency: Any, message: str = "") -> None:
    """The check every data-changing service makes first (``PermissionDenied`` in Chinese).

    ``None`` is the system itself — management commands and the demo loader, never a request —
    and passes; any other actor must hold the role set and reach the agency.
    """
    if actor is not None:
        require(actor, role_set, agency, message)


def check_site_admin(actor: Any, message: str = "只有系统管理员可以执行该操作") -> None:
    """Refuse any actor but a site administrator (``None``, the system, passes)."""
    if actor is not None and not (_active(actor) and actor.is_site_admin):
        raise PermissionDenied(message)


def check_admin(actor: Any, agency: Any, message: str = "只有本机关管理员可以执行该操作") -> None:
    """Refuse any actor but the agency's administrator or a site administrator (``None`` passes)."""
    if actor is not None and (agency is None or not administers(actor, agency)):
        if not (_active(actor) and actor.is_site_admin):
            raise PermissionDenied(message)


# -- the workflow answer for one actor and one record -------------------------------------------
def may(user: Any, agency: Any, workflow: Any = None):
    """Return the ``may`` callable of :meth:`gongkai.core.workflow.Workflow.check` for ``user``.

    ``None`` for the system (no signed-in user): the table's ``system`` column decides.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return None

    def _may(transition) -> str | None:
        if not transition.roles:
            label = workflow.action_label(transition.action) if workflow is not None else transition.action
            return f"“{label}”只能由系统自动执行"
        reason = why_not(user, transition.roles, agency)
        if reason and workflow is not None and reason.startswith("需要"):
            return f"“{workflow.action_label(transition.action)}”{reason}"
        return reason

    return _may


class InvalidTransition(ValidationError, TransitionError):
    """A move the table or a guard forbids now: the one ``TransitionError``, as a ``ValidationError``.

    Forms and pages show its Chinese message; an actor without the right gets
    :class:`TransitionForbidden` instead (see :func:`enforce`).
    """

    def __init__(self, error: TransitionError) -> None:
        ValidationError.__init__(self, error.message, code="transition")
        self.error = error
        self.action, self.source, self.target, self.kind = (
            error.action,
            error.source,
            error.target,
            error.kind,
        )

    def __str__(self) -> str:
        return self.error.message


class TransitionForbidden(PermissionDenied, TransitionError):
    """A move this actor may not make (role or reach): a 403, and still the one ``TransitionError``."""

    def __init__(self, error: TransitionError) -> None:
        TransitionError.__init__(
            self,
            error.message,
            action=error.action,
            source=error.source,
            target=error.target,
            kind=error.kind,
        )
        self.error = error


def enforce(
    workflow: Workflow,
    action: str,
    state: str | None,
    *,
    user: Any,
    agency: Any,
    guards: dict[str, Guard] | None = None,
    target: str | None = None,
) -> Transition:
    """Return the row that lets ``user`` (None: the system) take ``action`` on the record now.

    Raise :class:`TransitionForbidden` (a ``PermissionDenied``) when the actor may not (role or
    reach), :class:`InvalidTransition` (a ``ValidationError``) when the record's state or a guard
    forbids it; both are the one :class:`~gongkai.core.workflow.TransitionError`. The one call every workflow service makes.
    """
    try:
        return workflow.check(action, state, target, may=may(user, agency, workflow), guards=guards)
    except TransitionError as exc:
        if exc.forbidden:
            raise TransitionForbidden(exc) from None
        raise InvalidTransition(exc) from None


def available(
    workflow: Workflow, state: str | None, *, user: Any, agency: Any, guards: dict[str, Guard] | None = None
) -> list[Transition]:
    """Return what ``user`` may do now on a record in ``state``: the buttons a page shows."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return workflow.available(state, may=may(user, agency, workflow), guards=guards)


def four_eyes(user: Any, *, authors: Iterable[int], earlier_approvers: Any = ()) -> dict:
    """Return the separation-of-duties guards of a review workflow (RULES.md: 三审三校).

    ``not_author``: the author or submitter never reviews their own draft; ``not_earlier_approver``:
    no one approves two levels of the same round (``earlier_approvers`` may be a callable, asked
    only when that guard runs); ``author_only``: only the author recalls.
    """
    authors = frozenset(authors)
    uid = getattr(user, "pk", None)

    def earlier() -> frozenset[int]:
        return frozenset(earlier_approvers() if callable(earlier_approvers) else earlier_approvers)

    return {
        "not_author": lambda: "起草人或提交人不能审核自己的稿件" if uid in authors else None,
        "not_earlier_approver": lambda: "同一人不能在同一轮审核中通过两个环节" if uid in earlier() else None,
        "author_only": lambda: None if uid in authors else "只有起草人或提交人可以撤回",
    }


# -- granting roles ----------------------------------------------------------------------------
def administers(user: Any, agency: Any) -> bool:
    """Return whether ``user`` administers ``agency`` (its agency administrator, or a site administrator)."""
    if not _active(user):
        return False
    return user.is_site_admin or (user.agency_id == agency.pk and user.has_role(*AGENCY_ADMIN_ROLES))


def grant_refusal(user: Any, member: Any, role: str) -> str | None:
    """Return None when ``user`` may grant or revoke ``role`` for ``member``, else the reason.

    The supervisor role opens the personal data of every subordinate agency's applicants, so only
    a site administrator or an administrator of a parent agency may grant it — never the
    member's own agency administrator, and never oneself.
    """
    if user is None:  # the system (demo loading, management commands)
        return None
    if not _active(user):
        return "请先登录"
    if role == Role.SITE_ADMIN:
        return None if user.is_site_admin else "只有系统管理员可以授予系统管理员角色"
    if user.is_site_admin:
        return None
    agency = member.agency
    if agency is None:
        return "只有系统管理员可以为不属于任何机关的人员授予角色"
    if role == Role.SUPERVISOR:
        if member.pk == user.pk:
            return "不能为自己授予监督员角色"
        parent_admin = (
            user.has_role(*AGENCY_ADMIN_ROLES)
            and user.agency_id is not None
            and user.agency_id != agency.pk
            and agency.path.startswith(user.agency.path)
        )
        return None if parent_admin else "监督员角色只能由系统管理员或上级机关管理员授予"
    return None if administers(user, agency) else "只有本机关管理员可以调整角色"


def manageable_staff(user: Any):
    """Return the staff whose roles ``user`` may open: their own agency's (administrators), and
    the staff of agencies below it (an administrator of a parent agency grants the supervisor role).
    """
    if not _active(user):
        return User.objects.none()
    if user.is_site_admin:
        return User.objects.all()
    if user.agency_id is None or not user.has_role(*AGENCY_ADMIN_ROLES):
        return User.objects.none()
    return User.objects.filter(agency__path__startswith=user.agency.path)


def grantable_roles(user: Any, member: Any = None) -> list[str]:
    """Return the roles ``user`` may grant (to ``member``, or to a new member of their agency)."""
    out = []
    for role in Role:
        if member is None:
            ok = user.is_site_admin or role not in (Role.SITE_ADMIN, Role.SUPERVISOR)
        else:
            ok = grant_refusal(user, member, role) is None
        if ok:
            out.append(role.value)
    return out
