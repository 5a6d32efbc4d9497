"""One error body for every failure: ``{"error": {"code", "message", "fields"}}``.

``code`` is a stable English identifier for programs; ``message`` is Chinese, for people;
``fields`` maps a field to its Chinese messages when the input was refused.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

MESSAGES = {
    "not_found": "记录不存在或无权查看",
    "permission_denied": "无权执行该操作",
    "not_authenticated": "需要有效的个人接口令牌",
    "authentication_failed": "令牌无效、已过期或已被吊销",
    "method_not_allowed": "不支持该请求方法",
    "not_acceptable": "无法按所请求的格式返回",
    "unsupported_media_type": "不支持该请求内容类型",
    "parse_error": "请求内容无法解析",
    "throttled": "请求过于频繁，请稍后再试",
    "invalid": "提交的内容有误",
    "transition_not_allowed": "当前状态下不能执行该操作",
}


class TransitionRefused(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "transition_not_allowed"
    default_detail = MESSAGES["transition_not_allowed"]


def _flatten(detail) -> list[str]:
    if isinstance(detail, dict):
        return [m for v in detail.values() for m in _flatten(v)]
    if isinstance(detail, list):
        return [m for v in detail for m in _flatten(v)]
    return [str(detail)]


def from_django(exc: DjangoValidationError) -> exceptions.ValidationError:
    if getattr(exc, "code", None) == "transition":
        return TransitionRefused(" ".join(exc.messages))
    if hasattr(exc, "error_dict"):
        fields = {
            ("non_field_errors" if f == "__all__" else f): [m for e in errs for m in e.messages]
            for f, errs in exc.error_dict.items()
        }
        return exceptions.ValidationError(fields)
    return exceptions.ValidationError({"non_field_errors": exc.messages})


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = from_django(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) if str(exc) else MESSAGES["not_found"])
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or MESSAGES["permission_denied"])
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    return Response(error_body(exc), status=response.status_code, headers=_headers(response))


def _headers(response) -> dict:
    return {k: v for k, v in response.items() if k in ("WWW-Authenticate", "Retry-After", "Allow")}


def error_body(exc: exceptions.APIException) -> dict:
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        fields = {str(k): _flatten(v) for k, v in detail.items()}
        messages = _flatten(detail)
        return {
            "error": {
                "code": "invalid",
                "message": messages[0] if len(messages) == 1 else MESSAGES["invalid"],
                "fields": fields,
            }
        }
    code = exc.get_codes() if isinstance(exc.get_codes(), str) else exc.default_code
    message = str(exc.detail) if exc.detail != exc.default_detail else MESSAGES.get(code, str(exc.detail))
    if isinstance(exc, exceptions.Throttled) and exc.wait:
        message = f"{MESSAGES['throttled']}（约{int(exc.wait) + 1}秒后）"
    return {"error": {"code": code, "message": message, "fields": {}}}
