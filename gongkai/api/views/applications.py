"""Public endpoints of applications (依申请公开): submit one, follow one, fetch its letters.

The same service, validation, idempotency and rate limits as the portal's form: a repeated
submission with the same ``Idempotency-Key`` returns the application already saved (201 the first
time, 200 after); an unknown number and a wrong query code get the same answer.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import OperationalError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, NotFound, Throttled
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from gongkai.agencies.models import Agency
from gongkai.applications.choices import EVENT_TYPE_CHOICES
from gongkai.applications.letters import public_letters
from gongkai.applications.models import Application
from gongkai.applications.services import Upload, application_register, check_query_code, format_query_code
from gongkai.applications.services.intake import dummy_query_code_check, normalise_query_code
from gongkai.applications.validation import ApplicationData
from gongkai.applications.views import ratelimit
from gongkai.applications.views.public import (
    PUBLIC_STATUS,
    WRONG_CODE,
    letter_response,
)
from gongkai.applications.workflow import CLOCK_STATUSES, Status
from gongkai.jobs.models import Job

from .. import selectors
from ..serializers.public import (
    ApplicationSubmitSerializer,
    LetterRequestSerializer,
    ReceiptSerializer,
    TrackRequestSerializer,
    TrackSerializer,
)
from .base import PublicView

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    description="幂等键（至多64个字符，建议用 UUID）：同一键的重复提交返回已保存的申请，不会重复登记",
)
MAX_KEY = 60  # the stored key is "api:" + this


class Busy(APIException):
    status_code = 503
    default_code = "busy"
    default_detail = "系统繁忙，本次提交没有保存，请稍后重试"


def _agency_ref(agency: Agency) -> dict:
    return {"credit_code": agency.credit_code, "name": agency.name}


@extend_schema(
    tags=["申请"],
    summary="提交政府信息公开申请",
    parameters=[IDEMPOTENCY_KEY],
    request={
        "application/json": ApplicationSubmitSerializer,
        "multipart/form-data": ApplicationSubmitSerializer,
    },
    responses={201: ReceiptSerializer, 200: ReceiptSerializer, 503: OpenApiResponse(description="系统繁忙")},
)
class ApplicationSubmit(PublicView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    throttle_classes: list = []  # the portal's own per-address submission limit applies below

    def post(self, request):
        key = (request.headers.get("Idempotency-Key") or "").strip()
        if len(key) > MAX_KEY or (key and not key.isascii()):
            raise ValidationError({"Idempotency-Key": f"幂等键至多{MAX_KEY}个 ASCII 字符"})
        stored_key = f"api:{key}" if key else None
        serializer = ApplicationSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        files = data.pop("attachments", [])
        agency = selectors.active_agency(data.pop("agency"))
        if agency is None:
            raise ValidationError({"agency": "没有这个机关，或该机关目前不受理网上申请"})
        repeat = selectors.idempotency_key_used(stored_key)
        if not repeat and not ratelimit.hit(request, "submit"):
            raise Throttled(detail=ratelimit.MESSAGES["submit"].split("。")[0] + "。")
        uploads = [Upload(f.name, f.read()) for f in files]
        try:
            registration = application_register(
                agency=agency,
                data=ApplicationData.from_mapping(data),
                uploads=uploads,
                idempotency_key=stored_key,
            )
        except OperationalError:
            raise Busy() from None
        application = registration.application
        body = {
            "tracking_number": application.tracking_number,
            "query_code": format_query_code(registration.query_code),
            "agency": _agency_ref(agency),
            "status": application.status,
            "status_label": PUBLIC_STATUS[Status(application.status)],
            "arrived_at": application.arrived_at,
            "repeat": not registration.created,
        }
        code = status.HTTP_201_CREATED if registration.created else status.HTTP_200_OK
        return Response(ReceiptSerializer(body).data, status=code)


def _find(request, data) -> Application:
    """The application for a tracking number and query code; the same 404 for either mistake."""
    if not ratelimit.hit(request, "lookup"):
        raise Throttled(detail=ratelimit.MESSAGES["lookup"])
    number = data["tracking_number"].strip().upper()
    code = normalise_query_code(data["query_code"])
    application = selectors.application_by_number(number)
    if application is None:
        dummy_query_code_check(code)
        raise NotFound(WRONG_CODE)
    if not check_query_code(code, application.query_code_hash):
        raise NotFound(WRONG_CODE)
    return application


@extend_schema(
    tags=["申请"], summary="查询申请办理进度", request=TrackRequestSerializer, responses=TrackSerializer
)
class ApplicationTrack(PublicView):
    throttle_classes: list = []  # the portal's look-up limit applies

    def post(self, request):
        serializer = TrackRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = _find(request, serializer.validated_data)
        current = Status(application.status)
        labels = dict(EVENT_TYPE_CHOICES)
        body = {
            "tracking_number": application.tracking_number,
            "agency": _agency_ref(application.agency),
            "status": current.value,
            "status_label": PUBLIC_STATUS[current],
            "arrived_at": application.arrived_at,
            "received_on": application.received_on,
            "due_date": application.due_date if current in CLOCK_STATUSES else None,
            "decided_on": application.decided_on,
            "delivered_on": application.delivered_on,
            "timeline": [
                {"type": e.type, "label": labels.get(e.type, e.type), "date": e.date}
                for e in selectors.public_timeline(application)
            ],
            "letters": [{"kind": k, "label": label} for k, label in public_letters(application)],
        }
        return Response(TrackSerializer(body).data)


# What ``jobs.views.job_wait_page`` answers an API call while a delivered letter's PDF is made.
_LETTER_WAIT = inline_serializer(
    "LetterPdfPending",
    {
        "status": serializers.ChoiceField(choices=Job.Status.values),
        "percent": serializers.IntegerField(min_value=0, max_value=100),
        "message": serializers.CharField(),
    },
)


@extend_schema(
    tags=["申请"],
    summary="下载申请的文书（PDF 或 Word）",
    request=LetterRequestSerializer,
    responses={
        (200, "application/pdf"): OpenApiResponse(response=OpenApiTypes.BINARY),
        (
            200,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ): OpenApiResponse(response=OpenApiTypes.BINARY),
        202: OpenApiResponse(
            response=_LETTER_WAIT,
            description="送达文书的 PDF 正在生成：稍后（见 Retry-After 头，单位秒）再次请求",
        ),
        503: OpenApiResponse(
            response=_LETTER_WAIT, description="PDF 生成失败：message 说明原因，再次请求会重新生成"
        ),
    },
)
class ApplicationLetter(PublicView):
    throttle_classes: list = []

    def post(self, request):
        serializer = LetterRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = _find(request, serializer.validated_data)
        kind = serializer.validated_data["kind"]
        if kind not in dict(public_letters(application)):
            raise NotFound("没有该文书")
        return letter_response(application, kind, serializer.validated_data["format"])
