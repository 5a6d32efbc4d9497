"""Who may call the staff endpoints: a live personal token of a staff member; writes need read-write.

The records each call reaches are then limited by the same scoping function and the same service
checks as the pages (``gongkai.agencies.scoping``, the services' ``actor=`` checks).
"""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from gongkai.agencies.scoping import readable_agencies

from .models import ApiToken


class StaffToken(BasePermission):
    message = "需要有效的个人接口令牌"

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken) or not request.user.is_authenticated:
            return False
        if request.method not in SAFE_METHODS and not token.can_write:
            self.message = "只读令牌不能修改数据，请使用读写令牌"
            return False
        if not readable_agencies(request.user).exists():
            self.message = "该账号没有可访问的机关数据"
            return False
        return True
