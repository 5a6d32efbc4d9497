"""Filters that put Chinese words where a page would otherwise show a code."""

from django import template

from gongkai.report.format import location_label

register = template.Library()


@register.filter
def finding_location(location) -> str:
    return location_label(str(location))


@register.filter
def level_label(level: str) -> str:
    return {"error": "错误", "warning": "警告", "info": "提示"}.get(level, "提示")
