"""Shapes shared by the public and the staff endpoints."""

from __future__ import annotations

from rest_framework import serializers


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="稳定的英文错误代码，如 not_found、invalid、throttled")
    message = serializers.CharField(help_text="中文说明")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), help_text="字段 → 中文错误说明"
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


class AgencyRefSerializer(serializers.Serializer):
    credit_code = serializers.CharField()
    name = serializers.CharField()


class ReportJsonField(serializers.JSONField):
    """A report in the CODES.md JSON layout (format, agency, year, text, proactive, applications, remedies)."""


class CodesReportSerializer(serializers.Serializer):
    """Documentation of the CODES.md JSON layout (the body is the layout itself)."""

    format = serializers.CharField()
    agency = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    text = serializers.DictField(child=serializers.CharField(allow_blank=True))
    proactive = serializers.DictField(child=serializers.DictField(allow_null=True))
    applications = serializers.DictField(child=serializers.DictField(allow_null=True))
    remedies = serializers.DictField(child=serializers.DictField(allow_null=True))


class QueryFilter(serializers.Serializer):
    """Query parameters: a parameter given empty is refused, not taken as absent."""

    def validate(self, attrs):
        data = self.initial_data
        empty = [name for name in self.fields if name in data and data.get(name) == ""]
        if empty:
            raise serializers.ValidationError({name: "不能为空" for name in empty})
        return super().validate(attrs)
