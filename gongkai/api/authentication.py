"""Personal tokens as ``Authorization: Bearer gk_…``; the audit log notes each token's use."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from .selectors import token_for_secret
from .services import api_token_record_use

BAD_TOKEN = "令牌无效、已过期或已被吊销"  # noqa: S105 - a message, not a secret


class TokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        header = get_authorization_header(request)
        if not header:
            return None
        try:
            scheme, _, raw = header.decode("ascii").partition(" ")
        except UnicodeDecodeError:
            raise AuthenticationFailed(BAD_TOKEN) from None
        if scheme.lower() != "bearer":
            return None
        token = token_for_secret(raw.strip())
        if token is None:
            raise AuthenticationFailed(BAD_TOKEN)
        api_token_record_use(token=token, method=request.method, path=request.path)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="gongkai"'


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "gongkai.api.authentication.TokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "个人接口令牌（工作台“接口令牌”页面创建）：Authorization: Bearer gk_…",
        }
