"""Forms of the publishing back office: thin, validation at the edge, writes left to services."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.html import format_html

from gongkai.agencies.models import Agency

from .csv_lines import header_line
from .figures_csv import CSV_COLUMNS as FIGURES_COLUMNS
from .figures_csv import parse_fees
from .media_csv import CSV_COLUMNS as MEDIA_COLUMNS
from .models import (
    ART20_ITEMS,
    Column,
    DisclosureItem,
    Document,
    DocumentKind,
    DocumentStatus,
    MediaAccount,
    NormativeKind,
    NormativeRecord,
)
from .pickers import DocumentPickerField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class Art20Field(forms.MultipleChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("choices", ART20_ITEMS)
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        kwargs.setdefault("label", "对应条例第二十条事项")
        super().__init__(**kwargs)


class ColumnForm(forms.ModelForm):
    art20_items = Art20Field()

    class Meta:
        model = Column
        fields = ["name", "parent", "kind", "art20_items", "is_annual_report", "position", "is_active"]

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Column.objects.filter(agency=agency)
        if self.instance.pk:
            qs = qs.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = qs
        self.fields["parent"].required = False


class DocumentForm(forms.ModelForm):
    interprets = DocumentPickerField(
        queryset=Document.objects.none(),
        required=False,
        label="解读的文件",
        help_text="本信息是政策解读时，输入被解读文件的标题或文号并从提示中选择",
    )
    replaced_by = DocumentPickerField(
        queryset=Document.objects.none(),
        required=False,
        label="替代文件",
        help_text="本文件被新文件替代时，输入新文件的标题或文号并从提示中选择",
    )
    columns = forms.ModelMultipleChoiceField(
        queryset=Column.objects.none(), widget=forms.CheckboxSelectMultiple, required=False, label="所属栏目"
    )
    publish_at = forms.DateTimeField(
        label="定时发布时间",
        required=False,
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
        help_text="留空则终审签发后立即发布",
    )

    class Meta:
        model = Document
        fields = [
            "kind",
            "title",
            "summary",
            "body",
            "columns",
            "document_number",
            "issuing_body",
            "written_on",
            "topic",
            "validity",
            "formed_on",
            "publish_at",
            "interprets",
            "replaced_by",
        ]
        widgets = {
            "written_on": DATE,
            "formed_on": DATE,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 16, "data-rich-text": "1"}),
        }
        help_texts = {
            "body": "用上方的按钮设置加粗、列表、引用和链接；也可编辑源码。保存时脚本和样式会被清除"
        }

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["columns"].queryset = Column.objects.filter(agency=agency, is_active=True).order_by(
            "position", "id"
        )
        others = Document.objects.filter(agency=agency).exclude(status=DocumentStatus.WITHDRAWN)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
            self.initial.setdefault("columns", list(self.instance.columns.values_list("pk", flat=True)))
        self.fields["interprets"].queryset = others.exclude(kind=DocumentKind.INTERPRETATION).order_by("-id")
        self.fields["replaced_by"].queryset = others.order_by("-id")
        self.fields["formed_on"].initial = timezone.localdate()


class AttachmentForm(forms.Form):
    file = forms.FileField(label="附件")


class TransitionForm(forms.Form):
    opinion = forms.CharField(
        label="意见", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    publish_at = forms.DateTimeField(
        label="定时发布时间", required=False, widget=DATETIME, input_formats=DATETIME_FORMATS
    )


class CorrectionForm(forms.Form):
    title = forms.CharField(label="标题", max_length=300)
    summary = forms.CharField(label="内容概述", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    body = forms.CharField(label="正文", required=False, widget=forms.Textarea(attrs={"rows": 16}))
    document_number = forms.CharField(label="文号", required=False, max_length=100)
    reason = forms.CharField(label="更正说明", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class AcknowledgeForm(forms.Form):
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64)
    reason = forms.CharField(label="保留理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class NormativeForm(forms.ModelForm):
    class Meta:
        model = NormativeRecord
        fields = [
            "kind",
            "document",
            "title",
            "document_number",
            "issued_on",
            "repealed_on",
            "replaced_by",
            "expired_on",
            "note",
        ]
        widgets = {
            "issued_on": DATE,
            "repealed_on": DATE,
            "expired_on": DATE,
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "repealed_on": "废止生效之日（自该日起不再有效）",
            "expired_on": "失效之日（自该日起不再有效）",
        }

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        docs = Document.objects.filter(agency=agency).order_by("-id")
        linked = NormativeRecord.objects.filter(agency=agency, document__isnull=False)
        if self.instance.pk:
            linked = linked.exclude(pk=self.instance.pk)
        self.fields["document"].queryset = docs.filter(
            kind__in=[DocumentKind.NORMATIVE, DocumentKind.RULE]
        ).exclude(pk__in=linked.values("document_id"))
        self.fields["replaced_by"].queryset = docs.exclude(status=DocumentStatus.WITHDRAWN)
        self.fields["title"].required = False
        self.fields["kind"].choices = NormativeKind.choices

    def clean(self):
        data = super().clean()
        if not data.get("title") and not data.get("document"):
            self.add_error("title", "请填写文件名称或关联已公开的文件")
        return data


class FiguresForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    licensing = forms.IntegerField(label="行政许可处理决定数", min_value=0)
    penalty = forms.IntegerField(label="行政处罚决定数", min_value=0)
    coercion = forms.IntegerField(label="行政强制决定数", min_value=0)
    fees_10k_yuan = forms.CharField(
        label="行政事业性收费金额（万元）", max_length=20, help_text="最多4位小数，如 3881.372"
    )

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError("不能录入将来年度的数据")
        return year

    def clean_fees_10k_yuan(self):
        try:
            return parse_fees(self.cleaned_data["fees_10k_yuan"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


class FiguresImportForm(forms.Form):
    file = forms.FileField(
        label="CSV 文件",
        help_text=format_html(
            '第一行为表头：<code class="code">{}</code>；UTF-8 或 GB18030 编码',
            header_line(FIGURES_COLUMNS),
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 1024 * 1024:
            raise forms.ValidationError("文件不能超过 1 MB")
        data = upload.read()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise forms.ValidationError("无法识别文件编码，请保存为 UTF-8 的 CSV")


class MediaAccountForm(forms.ModelForm):
    class Meta:
        model = MediaAccount
        fields = ["platform", "platform_name", "name", "is_active"]

    def clean(self):
        data = super().clean()
        if data.get("platform") == "other" and not (data.get("platform_name") or "").strip():
            self.add_error("platform_name", "平台为“其他”时请填写平台名称")
        return data


class MediaYearForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    posts = forms.IntegerField(label="发布信息数", min_value=0)
    followers_start = forms.IntegerField(label="年初关注量", min_value=0)
    followers_end = forms.IntegerField(label="年末关注量", min_value=0)


class MediaPostForm(forms.Form):
    posted_on = forms.DateField(label="发布日期", widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label="标题", max_length=300)
    url = forms.URLField(label="链接（可选）", max_length=500, required=False, assume_scheme="https")

    def clean_posted_on(self):
        day = self.cleaned_data["posted_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("发布日期不能晚于今天")
        return day


class MediaPostsImportForm(FiguresImportForm):
    file = forms.FileField(
        label="CSV 文件",
        help_text=format_html(
            '第一行为表头：<code class="code">{}</code>（链接可空）；UTF-8 或 GB18030 编码',
            header_line(MEDIA_COLUMNS),
        ),
    )


class DisclosureItemForm(forms.ModelForm):
    columns = forms.ModelMultipleChoiceField(
        queryset=Column.objects.none(), widget=forms.CheckboxSelectMultiple, required=False, label="发布栏目"
    )
    art20_items = Art20Field()

    class Meta:
        model = DisclosureItem
        fields = [
            "name",
            "legal_basis",
            "content",
            "department",
            "time_limit",
            "time_limit_workdays",
            "channel",
            "columns",
            "art20_items",
            "position",
        ]
        widgets = {
            "legal_basis": forms.Textarea(attrs={"rows": 2}),
            "content": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["columns"].queryset = Column.objects.filter(agency=agency).order_by("position", "id")
        if self.instance.pk:
            self.initial.setdefault("columns", list(self.instance.columns.values_list("pk", flat=True)))


class RectificationForm(forms.Form):
    agency = forms.ModelChoiceField(label="被检查机关", queryset=Agency.objects.none())
    title = forms.CharField(label="问题", max_length=300)
    description = forms.CharField(label="问题描述", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    deadline = forms.DateField(label="整改期限", widget=DATE)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class RectificationAnswerForm(forms.Form):
    text = forms.CharField(label="整改情况", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    evidence = forms.FileField(label="佐证材料", required=False)
    corrected_report = forms.FileField(
        label="更正后的报告（新版本）",
        required=False,
        help_text="上传更正后重新公布的年度报告（TXT、HTML、DOCX、PDF），平台将重新核对",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.html,.htm,.docx,.pdf,.md,.json"}),
    )
    correction_note = forms.CharField(
        label="更正说明",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="上传更正后的报告时必填：更正了哪些内容",
    )

    def clean(self):
        data = super().clean()
        if data.get("corrected_report") and not (data.get("correction_note") or "").strip():
            self.add_error("correction_note", "上传更正后的报告时，请填写更正说明")
        return data


class RectificationReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="核查结论", choices=[("accept", "核查通过，予以销号"), ("reopen", "退回重新整改")]
    )
    text = forms.CharField(label="核查意见", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    deadline = forms.DateField(label="新的整改期限（退回时）", required=False, widget=DATE)
