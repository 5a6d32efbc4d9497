"""Two-factor sign-in pages: confirm a one-time code, enrol an authenticator app."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token

from . import otp
from .services import otp_device_confirm


class TokenForm(forms.Form):
    token = forms.RegexField(
        label="动态验证码",
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": "请输入身份验证器显示的 6 位数字"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "console:dashboard"


@require_http_methods(["GET", "POST"])
def otp_verify(request):
    """Ask for the code of an enrolled authenticator (throttled by django-otp after failures)."""
    if not otp.has_device(request.user):
        return render(request, "security/otp_verify.html", {"form": None, "next": _next(request)})
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"].strip())
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("token", "验证码不正确或已过期；多次输错后需等待片刻再试")
    return render(request, "security/otp_verify.html", {"form": form, "next": _next(request)})


@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """Enrol an authenticator: show the secret as a QR code and as text, confirm with a code."""
    if otp.has_device(request.user) and not request.user.is_verified():
        return redirect("security:otp_verify")
    device = otp.pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp_device_confirm(device=device, token=form.cleaned_data["token"].strip(), actor=request.user):
            otp_login(request, device)
            messages.success(request, "已启用双因素登录：以后登录时需输入身份验证器显示的验证码。")
            return redirect(_next(request))
        form.add_error("token", "验证码不正确，请确认手机时间准确后重试")
    context = {
        "form": form,
        "next": _next(request),
        "qr": otp.qr_svg(device),
        "secret": otp.secret_text(device),
        "required": otp.must_verify(request.user),
    }
    return render(request, "security/otp_setup.html", context)
