"""Shapes of the public endpoints: agencies, columns, documents, applications, the auditor."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gongkai.applications import choices as ch
from gongkai.applications.uploads import ACCEPTED_DESCRIPTION, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS
from gongkai.publishing.models import Topic, Validity

from .common import AgencyRefSerializer, QueryFilter


class AgencySerializer(serializers.Serializer):
    credit_code = serializers.CharField(help_text="统一社会信用代码")
    name = serializers.CharField()
    short_name = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    parent = serializers.SerializerMethodField()
    office_name = serializers.CharField()
    office_address = serializers.CharField()
    office_postcode = serializers.CharField()
    office_hours = serializers.CharField()
    office_phone = serializers.CharField()
    office_fax = serializers.CharField()
    office_email = serializers.CharField()
    office_web = serializers.CharField()

    def get_parent(self, agency) -> str | None:
        return agency.parent.credit_code if agency.parent_id and agency.parent else None


class ColumnSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    parent_id = serializers.IntegerField(allow_null=True)
    depth = serializers.IntegerField()
    is_annual_report = serializers.BooleanField()
    documents = serializers.IntegerField(help_text="公开信息条数")


class DocumentFilterSerializer(QueryFilter):
    agency = serializers.RegexField(
        r"^[0-9A-Za-z]{18}$",
        required=False,
        help_text="机关的统一社会信用代码",
        error_messages={"invalid": "机关代码应为18位统一社会信用代码"},
    )
    column = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1, help_text="栏目编号")
    published_after = serializers.DateField(required=False, help_text="发布日期不早于（含）")
    published_before = serializers.DateField(required=False, help_text="发布日期不晚于（含）")
    validity = serializers.ChoiceField(choices=Validity.choices, required=False)
    topic = serializers.ChoiceField(choices=Topic.choices, required=False)
    document_number = serializers.CharField(required=False, max_length=100, help_text="文号（包含匹配）")
    q = serializers.CharField(
        required=False, max_length=200, help_text="全文检索词；给出时按相关度排序（最多1000条）"
    )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        after, before = attrs.get("published_after"), attrs.get("published_before")
        if after and before and after > before:
            raise serializers.ValidationError({"published_before": "结束日期不能早于开始日期"})
        return attrs


class DocumentListSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    agency = serializers.CharField(source="agency.credit_code")
    title = serializers.CharField()
    index_number = serializers.CharField(help_text="索引号")
    document_number = serializers.CharField(help_text="文号")
    published_at = serializers.DateTimeField()
    validity = serializers.CharField()
    topic = serializers.CharField()
    kind = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="门户网站上的页面")

    def get_url(self, document) -> str:
        return reverse("portal:document", args=[document.agency.credit_code, document.pk])


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    size = serializers.IntegerField()
    content_type = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, attachment) -> str:
        document = self.context["document"]
        return reverse("portal:attachment", args=[document.agency.credit_code, document.pk, attachment.pk])


class ColumnRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class DocumentDetailSerializer(DocumentListSerializer):
    agency_detail = AgencyRefSerializer(source="agency")
    summary = serializers.CharField()
    body = serializers.CharField(help_text="正文（已清洗的 HTML）")
    issuing_body = serializers.CharField()
    written_on = serializers.DateField(allow_null=True)
    columns = ColumnRefSerializer(many=True)
    attachments = serializers.SerializerMethodField()
    interpretations = serializers.SerializerMethodField(help_text="政策解读")
    replaces = serializers.SerializerMethodField(help_text="本文件替代的文件")
    replaced_by = serializers.SerializerMethodField()
    interprets = serializers.SerializerMethodField(help_text="本文件解读的文件")

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, document):
        return AttachmentSerializer(
            document.attachments.all(), many=True, context={**self.context, "document": document}
        ).data

    @extend_schema_field(DocumentListSerializer(many=True))
    def get_interpretations(self, document):
        return DocumentListSerializer(self.context["interpretations"], many=True).data

    @extend_schema_field(DocumentListSerializer(many=True))
    def get_replaces(self, document):
        return DocumentListSerializer(self.context["replaced"], many=True).data

    def get_replaced_by(self, document) -> int | None:
        target = document.replaced_by
        return target.pk if target is not None and target.is_public else None

    def get_interprets(self, document) -> int | None:
        target = document.interprets
        return target.pk if target is not None and target.is_public else None


# --- applications --------------------------------------------------------------------------------


class ApplicationSubmitSerializer(serializers.Serializer):
    """What an applicant supplies (Regulation art. 29); the service checks it as the form does."""

    agency = serializers.RegexField(r"^[0-9A-Za-z]{18}$", help_text="受理机关的统一社会信用代码")
    applicant_category = serializers.ChoiceField(choices=ch.APPLICANT_CATEGORY_CHOICES)
    applicant_name = serializers.CharField(max_length=100)
    id_type = serializers.ChoiceField(choices=ch.ID_TYPE_CHOICES)
    id_number = serializers.CharField(max_length=40)
    phone = serializers.CharField(max_length=30)
    description = serializers.CharField(max_length=5000)
    provision_form = serializers.ChoiceField(choices=ch.PROVISION_FORM_CHOICES)
    delivery_method = serializers.ChoiceField(choices=ch.DELIVERY_METHOD_CHOICES)
    legal_representative = serializers.CharField(max_length=50, required=False, allow_blank=True)
    contact_person = serializers.CharField(max_length=50, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    postcode = serializers.CharField(max_length=6, required=False, allow_blank=True)
    document_reference = serializers.CharField(max_length=200, required=False, allow_blank=True)
    attachments = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        max_length=MAX_ATTACHMENTS,
        help_text=(
            f"附件（multipart 上传，最多{MAX_ATTACHMENTS}个，每个不超过{MAX_ATTACHMENT_BYTES // (1024 * 1024)}MB；"
            f"接受{ACCEPTED_DESCRIPTION}，类型按内容判断）"
        ),
    )

    def validate_attachments(self, files):
        """Refuse an oversized file by its declared size, before it is read into memory; its type
        is then judged by content in the bounded worker (applications/uploads.py)."""
        for f in files:
            if f.size > MAX_ATTACHMENT_BYTES:
                raise serializers.ValidationError(
                    f"“{f.name}”超过{MAX_ATTACHMENT_BYTES // (1024 * 1024)}MB，请压缩或分拆后再上传"
                )
        return files


class ReceiptSerializer(serializers.Serializer):
    tracking_number = serializers.CharField(help_text="申请编号")
    query_code = serializers.CharField(help_text="查询码（只显示这一次，请妥善保存）")
    agency = AgencyRefSerializer()
    status = serializers.CharField()
    status_label = serializers.CharField()
    arrived_at = serializers.DateTimeField()
    repeat = serializers.BooleanField(help_text="同一幂等键的重复提交：返回已保存的申请")


class TrackRequestSerializer(serializers.Serializer):
    tracking_number = serializers.CharField(max_length=30)
    query_code = serializers.CharField(max_length=20)


class LetterRequestSerializer(TrackRequestSerializer):
    kind = serializers.ChoiceField(choices=ch.LETTER_KIND_CHOICES)
    format = serializers.ChoiceField(choices=[("pdf", "PDF"), ("docx", "Word")], default="pdf")


class TimelineEntrySerializer(serializers.Serializer):
    type = serializers.CharField()
    label = serializers.CharField()
    date = serializers.DateField()


class LetterRefSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()


class TrackSerializer(serializers.Serializer):
    tracking_number = serializers.CharField()
    agency = AgencyRefSerializer()
    status = serializers.CharField()
    status_label = serializers.CharField()
    arrived_at = serializers.DateTimeField()
    received_on = serializers.DateField(allow_null=True)
    due_date = serializers.DateField(allow_null=True, help_text="答复期限（办理中时）")
    decided_on = serializers.DateField(allow_null=True)
    delivered_on = serializers.DateField(allow_null=True)
    timeline = TimelineEntrySerializer(many=True)
    letters = LetterRefSerializer(many=True, help_text="可下载的文书（答复书在送达后提供）")


# --- the auditor ---------------------------------------------------------------------------------


class AuditJobCreateSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="年度报告文件：txt、md、html、docx、pdf、json")


class AuditJobSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    source = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    error = serializers.CharField()
    result = serializers.JSONField(
        allow_null=True, help_text="CODES.md 的报告 JSON，附 source、readable 与 findings（发现的问题及位置）"
    )
