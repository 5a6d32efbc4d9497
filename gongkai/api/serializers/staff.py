"""Shapes of the staff endpoints. Personal data is masked where the task does not need it."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gongkai.core.identifiers import mask_identifier

from .common import AgencyRefSerializer


class ActionRefSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()


class ApplicationListSerializer(serializers.Serializer):
    tracking_number = serializers.CharField()
    agency = serializers.CharField(source="agency.credit_code")
    applicant_category = serializers.CharField()
    applicant_name = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    arrived_at = serializers.DateTimeField()
    received_on = serializers.DateField(allow_null=True)
    due_date = serializers.DateField(allow_null=True)
    outcome = serializers.CharField()
    assignee = serializers.SerializerMethodField()

    def get_assignee(self, application) -> str | None:
        return application.assignee.username if application.assignee_id else None


class EventSerializer(serializers.Serializer):
    type = serializers.CharField()
    label = serializers.CharField(source="get_type_display")
    date = serializers.DateField()
    note = serializers.CharField()


class ConsultationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    party_kind = serializers.CharField()
    party_name = serializers.CharField()
    sent_on = serializers.DateField()
    limit_on = serializers.DateField()
    answered_on = serializers.DateField(allow_null=True)
    response = serializers.CharField()


class ApplicationDetailSerializer(ApplicationListSerializer):
    agency_detail = AgencyRefSerializer(source="agency")
    id_type = serializers.CharField()
    id_number = serializers.SerializerMethodField(help_text="已遮蔽")
    phone = serializers.SerializerMethodField(help_text="已遮蔽")
    description = serializers.CharField()
    document_reference = serializers.CharField()
    provision_form = serializers.CharField()
    delivery_method = serializers.CharField()
    channel = serializers.CharField()
    clock_paused = serializers.BooleanField()
    decided_on = serializers.DateField(allow_null=True)
    delivered_on = serializers.DateField(allow_null=True)
    events = EventSerializer(many=True, source="events.all")
    consultations = ConsultationSerializer(many=True, source="consultations.all")
    actions = serializers.SerializerMethodField(help_text="当前用户现在可以执行的办理步骤")

    def get_id_number(self, application) -> str:
        return mask_identifier(application.id_number, keep_start=3, keep_end=3)

    def get_phone(self, application) -> str:
        return mask_identifier(application.phone, keep_start=3, keep_end=2)

    @extend_schema_field(ActionRefSerializer(many=True))
    def get_actions(self, application):
        return [{"name": s.key, "label": s.label} for s in self.context["actions"]]


class DocumentStaffListSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    agency = serializers.CharField(source="agency.credit_code")
    title = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    document_number = serializers.CharField()
    index_number = serializers.CharField(allow_null=True)
    publish_due = serializers.DateField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()


class ReviewStepSerializer(serializers.Serializer):
    round = serializers.IntegerField()
    level = serializers.CharField()
    level_label = serializers.CharField(source="get_level_display")
    decision = serializers.CharField()
    opinion = serializers.CharField()
    actor = serializers.CharField(source="actor.display_name", allow_null=True)
    at = serializers.DateTimeField()


class DocumentStaffDetailSerializer(DocumentStaffListSerializer):
    summary = serializers.CharField()
    body = serializers.CharField()
    review_round = serializers.IntegerField()
    review_steps = ReviewStepSerializer(many=True, source="review_steps.all")
    actions = serializers.SerializerMethodField(help_text="当前用户现在可以执行的审核操作")

    @extend_schema_field(ActionRefSerializer(many=True))
    def get_actions(self, document):
        return self.context["actions"]


class TransitionRequestSerializer(serializers.Serializer):
    opinion = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text="审核意见或理由"
    )
    publish_at = serializers.DateTimeField(required=False, allow_null=True, help_text="定时发布时间")


class ReportDataSerializer(serializers.Serializer):
    agency = AgencyRefSerializer()
    year = serializers.IntegerField()
    source = serializers.ChoiceField(
        choices=[("report", "已生成的年度报告"), ("records", "由业务记录即时计算")]
    )
    version = serializers.IntegerField(allow_null=True)
    status = serializers.CharField(allow_null=True)
    tables = serializers.JSONField(help_text="CODES.md 布局的 proactive、applications、remedies")
    figures = serializers.JSONField()
    findings = serializers.JSONField()
