"""The auditor over the API: POST a published report file, then GET the job for its findings."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from .. import selectors
from ..serializers.public import AuditJobCreateSerializer, AuditJobSerializer
from ..services import audit_job_create
from ..throttling import AuditorThrottle, PublicThrottle
from .base import PublicView


@extend_schema(
    tags=["年报审读"],
    summary="提交一份年度报告文件审读",
    request={"multipart/form-data": AuditJobCreateSerializer},
    responses={202: AuditJobSerializer},
)
class AuditJobCreate(PublicView):
    parser_classes = [MultiPartParser]
    throttle_classes = [AuditorThrottle]

    def post(self, request):
        serializer = AuditJobCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        job = audit_job_create(name=upload.name, data=upload.read())
        job.refresh_from_db()  # without a task queue it has already run
        return Response(AuditJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


@extend_schema(
    tags=["年报审读"],
    summary="审读任务的状态与结果",
    parameters=[
        OpenApiParameter(
            "job_id",
            {"type": "string", "format": "uuid"},
            OpenApiParameter.PATH,
            description="任务编号（UUID）",
        )
    ],
    responses=AuditJobSerializer,
)
class AuditJobDetail(PublicView):
    throttle_classes = [PublicThrottle]

    def get(self, request, job_id):
        job = selectors.audit_job(job_id)
        return Response(AuditJobSerializer(job).data)
