from django import template
from django.utils.safestring import mark_safe

from gongkai.core.identifiers import mask_identifier

from ..models import ART20_LABELS
from ..richtext import clean_html

register = template.Library()


@register.filter
def richtext(value: str) -> str:
    """Render a stored body: sanitised again at output (defence in depth), then marked safe."""
    return mark_safe(clean_html(value or ""))  # noqa: S308 - nh3 allow-list output


@register.filter
def art20(codes) -> str:
    return "；".join(ART20_LABELS.get(str(c), str(c)) for c in (codes or []))


@register.filter
def masked(value: str) -> str:
    return mask_identifier(value or "")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
