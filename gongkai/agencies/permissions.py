"""Role checks for views: deny by default, name the roles that may enter."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied


def role_required(*roles: str):
    """Let a view run only for users holding one of ``roles`` (site administrators always may)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                raise PermissionDenied
            if not (user.is_site_admin or user.has_role(*roles)):
                raise PermissionDenied("您的角色无权访问此页面")
            return view(request, *args, **kwargs)

        wrapper.required_roles = roles
        return wrapper

    return decorator
