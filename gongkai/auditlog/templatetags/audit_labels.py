"""Template filters that show audit events in Chinese (see ``gongkai.auditlog.labels``)."""

from django import template

from gongkai.auditlog import labels

register = template.Library()


@register.filter
def action_label(code: str) -> str:
    return labels.action_label(code)


@register.filter
def readable_changes(event) -> list[labels.Change]:
    return labels.changes_of(event)
