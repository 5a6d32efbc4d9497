"""The official calendar in the console: everyone may look; site administrators change it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods

from gongkai.workdays import services
from gongkai.workdays.models import DayKind
from gongkai.workdays.selectors import calendar_years, get_calendar, overrides_in, year_overview


class OverrideForm(forms.Form):
    date = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label="类型", choices=DayKind.choices)
    name = forms.CharField(label="名称", max_length=100, help_text="例如：春节、国庆节调休上班")
    notice = forms.CharField(label="依据的通知", max_length=200, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="节假日通知 CSV",
        help_text=format_html(
            '表头依次为日期、类别、名称、通知年份：<code class="code">{}</code>；类别填 {}（放假）或 {}（调休上班）',
            "date,kind,name,notice_year",
            "holiday",
            "workday",
        ),
    )


@require_http_methods(["GET", "POST"])
def calendar_page(request):
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    override_form = OverrideForm(prefix="o")
    import_form = ImportForm(prefix="i")
    if request.method == "POST":
        if not request.user.is_site_admin:
            raise PermissionDenied("只有系统管理员可以修改工作日历")
        action = request.POST.get("action")
        try:
            if action == "override":
                override_form = OverrideForm(request.POST, prefix="o")
                if override_form.is_valid():
                    d = override_form.cleaned_data
                    services.day_override_set(
                        date=d["date"], kind=d["kind"], name=d["name"], notice=d["notice"], actor=request.user
                    )
                    messages.success(request, f"已保存 {d['date']:%Y-%m-%d}")
                    return redirect(f"{request.path}?year={d['date'].year}")
            elif action == "delete":
                day = forms.DateField().clean(request.POST.get("date"))
                services.day_override_delete(date=day, actor=request.user)
                messages.success(request, f"已删除 {day:%Y-%m-%d} 的调整")
                return redirect(f"{request.path}?year={day.year}")
            elif action == "import":
                import_form = ImportForm(request.POST, request.FILES, prefix="i")
                if import_form.is_valid():
                    raw = import_form.cleaned_data["file"].read()
                    try:
                        text = raw.decode("utf-8-sig")
                    except UnicodeDecodeError:
                        raise ValidationError("文件不是 UTF-8 编码的 CSV") from None
                    result = services.calendar_year_import(rows=text, actor=request.user)
                    years = "、".join(str(y.year) for y in result.years)
                    messages.success(
                        request, f"已载入 {years} 年的节假日安排，重新计算期限 {result.recomputed} 项"
                    )
                    return redirect(request.path)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    overview = year_overview(get_calendar(), year)
    return render(
        request,
        "console/calendar.html",
        {
            "year": year,
            "overview": overview,
            "years": calendar_years(),
            "overrides": overrides_in(year),
            "override_form": override_form,
            "import_form": import_form,
            "can_edit": request.user.is_site_admin,
        },
    )
