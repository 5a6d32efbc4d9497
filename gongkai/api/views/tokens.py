"""The console page where a staff member creates and revokes their own API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gongkai.applications.views.public import add_validation_errors

from ..forms import TokenForm
from ..selectors import own_token, tokens_of
from ..services import api_token_create, api_token_revoke


@require_http_methods(["GET", "POST"])
def token_list(request):
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = api_token_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                days=form.cleaned_data["days"],
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            form = TokenForm()
    context = {"form": form, "issued": issued, "tokens": tokens_of(request.user)}
    return render(request, "api/tokens.html", context, status=201 if issued else 200)


@require_http_methods(["GET", "POST"])
def token_revoke(request, pk: int):
    token = own_token(request.user, pk)  # only one's own tokens: 404 otherwise
    if request.method != "POST":
        return redirect("api_tokens:list")
    api_token_revoke(actor=request.user, token=token)
    messages.success(request, f"已吊销令牌“{token.name}”")
    return redirect("api_tokens:list")
