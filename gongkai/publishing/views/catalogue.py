"""Staff pages of the catalogue and registers: columns, normative register, figures, new media, disclosure list."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gongkai.agencies import policy
from gongkai.agencies.permissions import role_required
from gongkai.agencies.policy import CATALOGUE_EDITORS, STAFF_READ_ROLES
from gongkai.console.validation import add_validation_errors
from gongkai.console.views import history_url_for

from .. import services
from ..forms import (
    ColumnForm,
    DisclosureItemForm,
    FiguresForm,
    FiguresImportForm,
    MediaAccountForm,
    MediaPostForm,
    MediaPostsImportForm,
    MediaYearForm,
    NormativeForm,
)
from ..models import NormativeKind
from ..selectors import column_tree, disclosure_list_status, normative_counts, published_counts
from ..selectors.documents import column_get
from ..selectors.registers import (
    disclosure_item_get,
    media_account_get,
    media_accounts,
    media_post_count,
    media_posts,
    media_years,
    normative_record_get,
    normative_records,
    yearly_figures,
)
from .common import reading_agency, working_agency


def _year_param(request, default: int) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else default


# --------------------------------------------------------------------------------------------
# Columns


@role_required(*STAFF_READ_ROLES)
def column_list(request):
    agency = reading_agency(request)
    return render(
        request,
        "publishing/column_list.html",
        {
            "agency": agency,
            "tree": column_tree(agency),
            "can_edit": policy.can(request.user, "catalogue.edit", agency),
        },
    )


def _form_page(request, form, save, *, done: str, title: str, back: str, history_url: str = ""):
    """Validate ``form`` on POST, run ``save(cleaned_data)`` (a service), and redirect on success.

    A service's ValidationError goes back onto the form, so nothing the user typed is lost.
    ``save`` may return a URL to redirect to instead of ``back``.
    """
    if request.method == "POST" and form.is_valid():
        try:
            target = save(dict(form.cleaned_data))
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(target if isinstance(target, str) else back)
    context = {"form": form, "title": title, "back": back}
    if history_url:
        context["history_url"] = history_url
    return render(request, "publishing/simple_form.html", context)


def _changed(form) -> dict:
    return {name: form.cleaned_data[name] for name in form.changed_data}


@role_required(*CATALOGUE_EDITORS)
@require_http_methods(["GET", "POST"])
def column_create(request):
    agency = working_agency(request)
    form = ColumnForm(request.POST or None, agency=agency, initial={"parent": request.GET.get("parent")})
    return _form_page(
        request,
        form,
        lambda data: services.column_create(actor=request.user, agency=agency, **data),
        done="栏目已创建",
        title="新建栏目",
        back="publishing:column_list",
    )


@role_required(*CATALOGUE_EDITORS)
@require_http_methods(["GET", "POST"])
def column_edit(request, pk: int):
    column = column_get(request.user, pk, write=True)
    form = ColumnForm(request.POST or None, instance=column, agency=column.agency)
    return _form_page(
        request,
        form,
        lambda _data: services.column_update(actor=request.user, column=column, **_changed(form)),
        done="栏目已保存",
        title=f"编辑栏目：{column.name}",
        back="publishing:column_list",
        history_url=history_url_for(column),
    )


# --------------------------------------------------------------------------------------------
# The normative register


@role_required(*STAFF_READ_ROLES)
def normative_list(request):
    agency = reading_agency(request)
    year = _year_param(request, timezone.localdate().year)
    records = normative_records(agency)
    return render(
        request,
        "publishing/normative_list.html",
        {
            "agency": agency,
            "records": records,
            "year": year,
            "rules": normative_counts(agency, year, NormativeKind.RULE),
            "normative": normative_counts(agency, year, NormativeKind.NORMATIVE),
            "can_edit": policy.can(request.user, "catalogue.edit", agency),
        },
    )


@role_required(*CATALOGUE_EDITORS)
@require_http_methods(["GET", "POST"])
def normative_create(request):
    agency = working_agency(request)
    form = NormativeForm(request.POST or None, agency=agency)
    return _form_page(
        request,
        form,
        lambda data: services.normative_register(actor=request.user, agency=agency, **data),
        done="已登记",
        title="登记规章或规范性文件",
        back="publishing:normative_list",
    )


@role_required(*CATALOGUE_EDITORS)
@require_http_methods(["GET", "POST"])
def normative_edit(request, pk: int):
    record = normative_record_get(request.user, pk, write=True)
    form = NormativeForm(request.POST or None, instance=record, agency=record.agency)
    return _form_page(
        request,
        form,
        lambda _data: services.normative_update(actor=request.user, record=record, **_changed(form)),
        done="登记信息已保存",
        title=f"登记信息：{record.title}",
        back="publishing:normative_list",
        history_url=history_url_for(record),
    )


# --------------------------------------------------------------------------------------------
# Yearly figures


@role_required(*STAFF_READ_ROLES)
@require_http_methods(["GET", "POST"])
def figures(request):
    agency = reading_agency(request)
    editable = policy.can(request.user, "catalogue.edit", agency)
    last_year = timezone.localdate().year - 1
    form = FiguresForm(request.POST or None, initial={"year": last_year})
    if request.method == "POST":
        agency = working_agency(request)
        policy.require(request.user, "catalogue.edit", agency, "您的角色不能录入数据")
        if form.is_valid():
            data = dict(form.cleaned_data)
            year = data.pop("year")
            try:
                services.figures_save(actor=request.user, agency=agency, year=year, **data)
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, f"{year}年数据已保存")
                return redirect("publishing:figures")
    year = _year_param(request, last_year)
    rows = yearly_figures(agency)
    return render(
        request,
        "publishing/figures.html",
        {
            "agency": agency,
            "rows": rows,
            "form": form,
            "import_form": FiguresImportForm(),
            "can_edit": editable,
            "year": year,
            "counts": published_counts(agency, year),
        },
    )


@role_required(*CATALOGUE_EDITORS)
@require_http_methods(["GET", "POST"])
def figures_import(request):
    agency = working_agency(request)
    if request.method != "POST":
        return render(
            request,
            "publishing/simple_form.html",
            {
                "form": FiguresImportForm(),
                "title": "从 CSV 导入年度行政数据",
                "back": "publishing:figures",
                "action": request.path,
            },
        )
    form = FiguresImportForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("publishing:figures")
    try:
        saved = services.figures_import_csv(actor=request.user, agency=agency, text=form.cleaned_data["file"])
    except ValidationError as exc:
        messages.error(request, "导入失败，未保存任何数据：")
        for message in exc.messages[:50]:
            messages.error(request, message)
    else:
        messages.success(request, f"已导入{len(saved)}个年度的数据：" + "、".join(str(f.year) for f in saved))
    return redirect("publishing:figures")


# --------------------------------------------------------------------------------------------
# New media


@role_required(*STAFF_READ_ROLES)
def media_list(request):
    agency = reading_agency(request)
    accounts = media_accounts(agency)
    return render(
        request,
        "publishing/media_list.html",
        {
            "agency": agency,
            "accounts": accounts,
            "can_edit": policy.can(request.user, "catalogue.edit", agency),
        },
    )


@role_required(*CATALOGUE_EDITORS)
@require_http_methods(["GET", "POST"])
def media_create(request):
    agency = working_agency(request)
    form = MediaAccountForm(request.POST or None)

    def save(data):
        account = services.media_account_save(actor=request.user, agency=agency, **data)
        return reverse("publishing:media_detail", args=[account.pk])

    return _form_page(
        request, form, save, done="账号已登记", title="登记政务新媒体账号", back="publishing:media_list"
    )


def _media_post(request, account, form) -> bool:
    """Record one post from the form; return whether it was saved (errors go back on the form)."""
    if not form.is_valid():
        return False
    try:
        saved = services.media_post_add(actor=request.user, account=account, **form.cleaned_data)
    except ValidationError as exc:
        add_validation_errors(form, exc)
        return False
    messages.success(request, "发布记录已登记" if saved else "该日期的同名发布记录已登记过，未重复登记")
    return True


def _media_import(request, account, form) -> bool:
    """Import posts from the CSV of the form; return whether the file was accepted."""
    if not form.is_valid():
        return False
    try:
        saved, repeated = services.media_posts_import_csv(
            actor=request.user, account=account, text=form.cleaned_data["file"]
        )
    except ValidationError as exc:
        add_validation_errors(form, exc)
        return False
    note = f"，{repeated}条此前已登记（同日同名），未重复登记" if repeated else ""
    messages.success(request, f"已导入{saved}条发布记录{note}")
    return True


@role_required(*STAFF_READ_ROLES)
@require_http_methods(["GET", "POST"])
def media_detail(request, pk: int):
    account = media_account_get(request.user, pk)
    editable = policy.can(request.user, "catalogue.edit", account.agency)
    account_form = MediaAccountForm(instance=account, prefix="account")
    year_form = MediaYearForm(initial={"year": timezone.localdate().year - 1}, prefix="year")
    post_form = MediaPostForm(initial={"posted_on": timezone.localdate()}, prefix="post")
    import_form = MediaPostsImportForm(prefix="import")
    if request.method == "POST":
        account = media_account_get(request.user, pk, write=True)
        if not editable:
            raise PermissionDenied("您的角色不能修改新媒体数据")
        if "account-name" in request.POST:
            account_form = MediaAccountForm(request.POST, instance=account, prefix="account")
            if account_form.is_valid():
                try:
                    services.media_account_save(
                        actor=request.user,
                        agency=account.agency,
                        account=account,
                        **account_form.cleaned_data,
                    )
                except ValidationError as exc:
                    add_validation_errors(account_form, exc)
                else:
                    messages.success(request, "账号信息已保存")
                    return redirect("publishing:media_detail", pk=pk)
        elif "post-title" in request.POST:
            post_form = MediaPostForm(request.POST, prefix="post")
            if _media_post(request, account, post_form):
                return redirect("publishing:media_detail", pk=pk)
        elif "import-file" in request.FILES or request.POST.get("form") == "import":
            import_form = MediaPostsImportForm(request.POST, request.FILES, prefix="import")
            if _media_import(request, account, import_form):
                return redirect("publishing:media_detail", pk=pk)
        else:
            year_form = MediaYearForm(request.POST, prefix="year")
            if year_form.is_valid():
                try:
                    services.media_year_save(actor=request.user, account=account, **year_form.cleaned_data)
                except ValidationError as exc:
                    add_validation_errors(year_form, exc)
                else:
                    messages.success(request, "年度数据已保存")
                    return redirect("publishing:media_detail", pk=pk)
    return render(
        request,
        "publishing/media_detail.html",
        {
            "account": account,
            "years": media_years(account),
            "posts": media_posts(account),
            "post_count": media_post_count(account),
            "account_form": account_form,
            "year_form": year_form,
            "post_form": post_form,
            "import_form": import_form,
            "can_edit": editable,
        },
    )


# --------------------------------------------------------------------------------------------
# The full disclosure list


@role_required(*STAFF_READ_ROLES)
def disclosure_list(request):
    agency = reading_agency(request)
    items = disclosure_list_status(agency)
    only_flagged = request.GET.get("flagged") == "1"
    if only_flagged:
        items = [i for i in items if i.flags]
    return render(
        request,
        "publishing/disclosure_list.html",
        {
            "agency": agency,
            "items": items,
            "only_flagged": only_flagged,
            "can_edit": policy.can(request.user, "catalogue.edit", agency),
        },
    )


@role_required(*CATALOGUE_EDITORS)
@require_http_methods(["GET", "POST"])
def disclosure_create(request):
    agency = working_agency(request)
    form = DisclosureItemForm(request.POST or None, agency=agency)

    def save(data):
        columns = data.pop("columns")
        services.disclosure_item_save(actor=request.user, agency=agency, columns=columns, **data)

    return _form_page(
        request, form, save, done="公开事项已添加", title="新增公开事项", back="publishing:disclosure_list"
    )


@role_required(*CATALOGUE_EDITORS)
@require_http_methods(["GET", "POST"])
def disclosure_edit(request, pk: int):
    item = disclosure_item_get(request.user, pk, write=True)
    form = DisclosureItemForm(request.POST or None, instance=item, agency=item.agency)

    def save(data):
        columns = data.pop("columns")
        services.disclosure_item_save(
            actor=request.user,
            agency=item.agency,
            item=item,
            columns=columns,
            **data,
        )

    return _form_page(
        request,
        form,
        save,
        done="公开事项已保存",
        title=f"编辑公开事项：{item.name}",
        back="publishing:disclosure_list",
        history_url=history_url_for(item),
    )
