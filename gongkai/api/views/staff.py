"""Staff endpoints (a personal token): the work list, applications and their handling steps,
documents and their review, an agency-year's report data.

The same scoping function, services and forms as the staff pages: a record outside the token
holder's agencies is 404, a read-only scope is 403 on every write, a step the workflow or the
holder's roles forbid is 403 or 409.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers as drf_serializers
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from gongkai.annual_report.compute import compute_figures, compute_tables
from gongkai.applications import services as app_services
from gongkai.applications.models import Application
from gongkai.applications.selectors import BUCKETS, applications_for, bucket_q, due_soon_limit
from gongkai.applications.services._base import today
from gongkai.applications.views.actions import STEPS, visible_actions
from gongkai.publishing.models import Document, DocumentStatus
from gongkai.publishing.selectors import document_list
from gongkai.publishing.services import available_moves, document_transition
from gongkai.publishing.workflow import WORKFLOW

from .. import selectors
from ..pagination import cursor_with
from ..serializers.common import QueryFilter
from ..serializers.from_forms import serializer_for
from ..serializers.staff import (
    ApplicationDetailSerializer,
    ApplicationListSerializer,
    DocumentStaffDetailSerializer,
    DocumentStaffListSerializer,
    ReportDataSerializer,
    TransitionRequestSerializer,
)
from .base import StaffListView, StaffView

TRACKING = OpenApiParameter("tracking_number", str, OpenApiParameter.PATH, description="申请编号")
DOC_ID = OpenApiParameter("pk", {"type": "integer", "minimum": 1}, OpenApiParameter.PATH)


class WorkListFilter(QueryFilter):
    bucket = drf_serializers.ChoiceField(
        choices=list(BUCKETS.items()), default="open", help_text="工作清单分类"
    )


@extend_schema(tags=["工作人员"], summary="申请工作清单", parameters=[WorkListFilter])
class WorkList(StaffListView):
    serializer_class = ApplicationListSerializer
    pagination_class = cursor_with(("-arrived_at", "-id"))

    def get_queryset(self):
        filters = WorkListFilter(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        day = today()
        condition = bucket_q(filters.validated_data["bucket"], day, due_soon_limit(day))
        return applications_for(self.request.user).filter(condition).select_related("agency", "assignee")


def _application(request, tracking_number: str, *, write: bool = False) -> Application:
    return selectors.staff_application(request.user, tracking_number, write=write)


@extend_schema(tags=["工作人员"], summary="一件申请：办理记录与可执行步骤", parameters=[TRACKING])
class ApplicationDetail(StaffView):
    serializer_class = ApplicationDetailSerializer

    def get(self, request, tracking_number: str):
        application = _application(request, tracking_number)
        context = {"actions": visible_actions(request.user, application)}
        return Response(ApplicationDetailSerializer(application, context=context).data)


class ApplicationStep(StaffView):
    """One handling step, validated by the staff page's own form and run by its own service."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]
    step_key = ""

    def post(self, request, tracking_number: str):
        application = _application(request, tracking_number, write=True)
        step = STEPS[self.step_key]
        if not app_services.can_handle(request.user, application.agency_id):
            raise PermissionDenied("只有本机关的办理员或公开办负责人可以办理申请")
        kwargs = {"application": application} if step.needs_application else {}
        form = step.form(data=_plain(request.data), files=request.FILES or None, **kwargs)
        if not form.is_valid():
            raise ValidationError({k: list(v) for k, v in form.errors.items()})
        step.run(application, form.cleaned_data, request.user)
        application = _application(request, tracking_number)
        context = {"actions": visible_actions(request.user, application)}
        return Response(ApplicationDetailSerializer(application, context=context).data)


def _plain(data) -> dict:
    """Form data from a JSON body or a form body: scalars as the strings a form expects."""
    if hasattr(data, "getlist"):
        return data
    plain = {}
    for key, value in dict(data).items():
        if isinstance(value, bool):
            plain[key] = "on" if value else ""
        elif value is None:
            plain[key] = ""
        elif isinstance(value, str | int | float):
            plain[key] = str(value)
        else:
            raise ValidationError({key: "应为文字、数字或日期"})
    return plain


def step_views() -> list[tuple[str, type[ApplicationStep]]]:
    """One view class per handling step, each documented with its form's fields."""
    views = []
    for key, step in STEPS.items():
        request = serializer_for(step.form, f"{''.join(p.title() for p in key.split('_'))}Step")
        view = type(f"ApplicationStep_{key}", (ApplicationStep,), {"step_key": key})
        view = extend_schema_view(
            post=extend_schema(
                tags=["工作人员"],
                summary=f"办理步骤：{step.label}",
                description=step.help,
                parameters=[TRACKING],
                request={"application/json": request, "multipart/form-data": request},
                responses=ApplicationDetailSerializer,
                operation_id=f"staff_application_{key}",
            )
        )(view)
        views.append((key, view))
    return views


# --- documents -----------------------------------------------------------------------------------


class DocumentFilter(QueryFilter):
    status = drf_serializers.ChoiceField(choices=DocumentStatus.choices, required=False)


@extend_schema(tags=["工作人员"], summary="信息（含草稿和待审）", parameters=[DocumentFilter])
class StaffDocumentList(StaffListView):
    serializer_class = DocumentStaffListSerializer
    pagination_class = cursor_with(("-id",))

    def get_queryset(self):
        filters = DocumentFilter(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return document_list(self.request.user, status=filters.validated_data.get("status", ""))


def _transitions_for(user, document: Document) -> list[dict]:
    """The review moves ``user`` may make now: the policy's answer, as on the review panel.

    A correction needs the correction form's new content, so it is not offered here.
    """
    return [
        {"name": t.action, "label": WORKFLOW.action_label(t.action)}
        for t in available_moves(user, document)
        if t.action != "correct"
    ]


@extend_schema(tags=["工作人员"], summary="一条信息：审核记录与可执行操作", parameters=[DOC_ID])
class StaffDocumentDetail(StaffView):
    serializer_class = DocumentStaffDetailSerializer

    def get(self, request, pk: int):
        document = selectors.staff_document(request.user, pk)
        context = {"actions": _transitions_for(request.user, document)}
        return Response(DocumentStaffDetailSerializer(document, context=context).data)


TRANSITION_NAMES = sorted({t.action for t in WORKFLOW.transitions if t.roles and t.action != "correct"})


@extend_schema(
    tags=["工作人员"],
    summary="审核操作（提交、通过、退回、签发、撤回等）",
    parameters=[DOC_ID, OpenApiParameter("name", str, OpenApiParameter.PATH, enum=TRANSITION_NAMES)],
    request=TransitionRequestSerializer,
    responses=DocumentStaffDetailSerializer,
)
class StaffDocumentTransition(StaffView):
    def post(self, request, pk: int, name: str):
        if name not in TRANSITION_NAMES:
            raise NotFound("没有该审核操作")
        document = selectors.staff_document(request.user, pk, write=True)
        body = TransitionRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        document = document_transition(  # refusals: 403 (who) or 409 (state, four eyes, checks)
            actor=request.user,
            document=document,
            name=name,
            opinion=body.validated_data.get("opinion", ""),
            publish_at=body.validated_data.get("publish_at"),
        )
        document = selectors.staff_document(request.user, document.pk)
        context = {"actions": _transitions_for(request.user, document)}
        return Response(DocumentStaffDetailSerializer(document, context=context).data)


# --- annual report data --------------------------------------------------------------------------


@extend_schema(
    tags=["工作人员"],
    summary="一个机关一个年度的年报数据（最新版本，无版本时由记录即时计算）",
    parameters=[
        OpenApiParameter("credit_code", str, OpenApiParameter.PATH),
        OpenApiParameter("year", {"type": "integer", "minimum": 0}, OpenApiParameter.PATH),
    ],
)
class StaffReportData(StaffView):
    serializer_class = ReportDataSerializer

    def get(self, request, credit_code: str, year: int):
        agency = selectors.staff_agency(request.user, credit_code)
        if not 2000 <= year <= timezone.localdate().year:
            raise ValidationError({"year": "年度超出范围"})
        report = selectors.latest_report_version(agency, year)
        if report is not None:
            body = {
                "source": "report",
                "version": report.version,
                "status": report.status,
                "tables": report.tables,
                "figures": report.figures,
                "findings": report.findings,
            }
        else:
            body = {
                "source": "records",
                "version": None,
                "status": None,
                "tables": compute_tables(agency, year),
                "figures": compute_figures(agency, year),
                "findings": [],
            }
        body |= {"agency": {"credit_code": agency.credit_code, "name": agency.name}, "year": year}
        return Response(ReportDataSerializer(body).data)
