"""Template tags of the portal: links that exist only when another app provides them."""

from django import template

from gongkai.portal import links

register = template.Library()


@register.simple_tag
def apply_form_url(agency=None) -> str:
    """Return the application form's URL (for ``agency`` when given), or an empty string."""
    return links.apply_form_url(getattr(agency, "credit_code", None)) or ""


@register.simple_tag
def apply_track_url() -> str:
    return links.apply_track_url() or ""
