from gongkai.agencies.models import Role

from .dashboard import nav_for


def staff_context(request):
    """Expose the navigation a staff member may use (deny by default: only what roles allow)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = user.role_set
    return {
        "nav_items": nav_for(user),
        "nav_is_site_admin": user.is_site_admin,
        "nav_is_supervisor": Role.SUPERVISOR in roles or user.is_site_admin,
        "nav_is_agency_admin": Role.AGENCY_ADMIN in roles or user.is_site_admin,
    }
