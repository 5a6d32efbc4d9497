"""Forms of the portal and the staff pages. Validation of the particulars lives in ``validation``."""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone

from gongkai.agencies.models import Agency, User
from gongkai.report.format import OUTCOME_CHOICES

from . import choices as ch
from .uploads import ACCEPTED_DESCRIPTION, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS
from .validation import ApplicationData, application_data_errors

TOKEN_ERRORS = {
    "required": "表单已失效，请刷新页面后重新填写",
    "max_length": "表单已失效，请刷新页面后重新填写",
}
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ApplicantFields(forms.Form):
    """The particulars of art. 29, in the order of the national application form."""

    applicant_category = forms.ChoiceField(
        label="申请人类型", choices=ch.APPLICANT_CATEGORY_CHOICES, widget=forms.RadioSelect, initial="natural"
    )
    applicant_name = forms.CharField(label="姓名或名称", max_length=100)
    id_type = forms.ChoiceField(
        label="证件类型",
        choices=ch.ID_TYPE_CHOICES,
        initial="resident_id",
        help_text="法人或其他组织选择“统一社会信用代码”",
    )
    id_number = forms.CharField(label="证件号码或统一社会信用代码", max_length=40)
    legal_representative = forms.CharField(
        label="法定代表人或负责人（组织填写）", max_length=50, required=False
    )
    contact_person = forms.CharField(label="联系人姓名（组织填写）", max_length=50, required=False)
    phone = forms.CharField(label="联系电话", max_length=30)
    email = forms.EmailField(label="电子邮箱", required=False)
    address = forms.CharField(label="通信地址", max_length=200, required=False)
    postcode = forms.CharField(label="邮政编码", max_length=6, required=False)
    description = forms.CharField(
        label="所需政府信息的内容描述",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text="请写明信息的名称、文号或者便于查询的其他特征",
    )
    document_reference = forms.CharField(label="文件名称、文号（如知道）", max_length=200, required=False)
    provision_form = forms.ChoiceField(
        label="信息的提供形式", choices=ch.PROVISION_FORM_CHOICES, widget=forms.RadioSelect
    )
    delivery_method = forms.ChoiceField(
        label="获取信息的方式", choices=ch.DELIVERY_METHOD_CHOICES, widget=forms.RadioSelect
    )

    # What each particular is for, shown under the field (the applicant fills the form alone).
    EXPLANATIONS = {
        "applicant_category": "以个人名义申请选“自然人”；企业、社会组织等以单位名义申请选相应类型",
        "applicant_name": "个人填写身份证件上的姓名；单位填写营业执照等证照上的全称",
        "id_number": "用于核实申请人身份，页面和文书中只显示部分号码",
        "legal_representative": "以单位名义申请时填写",
        "contact_person": "以单位名义申请时填写，办理中有问题时与此人联系",
        "phone": "办理中需要补正或征求意见时，工作人员会通过此电话联系您",
        "email": "选择电子邮件获取信息时必填，答复书将发送到此邮箱",
        "address": "选择邮寄获取信息时必填，请写到门牌号",
        "postcode": "6位数字",
        "document_reference": "知道文件名称或文号的，填写后能更快找到信息",
        "provision_form": "纸质文本、电子文本等，本机关尽量按您选择的形式提供",
        "delivery_method": "邮寄、电子邮件、当面领取等",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, text in self.EXPLANATIONS.items():
            if name in self.fields and not self.fields[name].help_text:
                self.fields[name].help_text = text

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        data = ApplicationData.from_mapping({k: cleaned.get(k) for k in ApplicationData.__dataclass_fields__})
        for field, message in application_data_errors(data).items():
            self.add_error(field, message)
        return cleaned

    def application_data(self) -> ApplicationData:
        return ApplicationData.from_mapping(self.cleaned_data)


class AttachmentsMixin(forms.Form):
    attachments = MultipleFileField(
        label="附件（可选）",
        required=False,
        help_text=f"最多{MAX_ATTACHMENTS}个，每个不超过{MAX_ATTACHMENT_BYTES // (1024 * 1024)}MB；接受{ACCEPTED_DESCRIPTION}",
    )

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(f"附件最多{MAX_ATTACHMENTS}个")
        for f in files:
            if f.size > MAX_ATTACHMENT_BYTES:
                raise forms.ValidationError(
                    f"“{f.name}”超过{MAX_ATTACHMENT_BYTES // (1024 * 1024)}MB，请压缩或分拆后再上传"
                )
        return files


def new_token() -> str:
    return uuid.uuid4().hex


class PublicApplicationForm(ApplicantFields, AttachmentsMixin):
    field_order = ["agency"]
    agency = forms.ModelChoiceField(
        label="向哪个机关申请",
        queryset=Agency.objects.none(),
        empty_label="请选择机关",
        error_messages={"invalid_choice": "请选择受理申请的机关"},
    )
    token = forms.CharField(widget=forms.HiddenInput, max_length=64, error_messages=TOKEN_ERRORS)

    def __init__(self, *args, agency: Agency | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_agency = agency
        if agency is not None:
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = Agency.objects.filter(is_active=True).order_by("path")
        if not self.is_bound:
            self.initial.setdefault("token", new_token())
        # Who and what first; the optional attachments last.
        self.order_fields([name for name in self.fields if name != "attachments"] + ["attachments"])


class StaffRegisterForm(ApplicantFields, AttachmentsMixin):
    field_order = [
        "channel",
        "arrived_at",
        "arrival_notes",
        "received_on",
        "receipt_basis",
        "receipt_note",
        "assignee",
    ]
    channel = forms.ChoiceField(label="申请渠道", choices=ch.STAFF_CHANNEL_CHOICES)
    arrived_at = forms.DateTimeField(
        label="实际到达时间",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    arrival_notes = forms.CharField(
        label="到达情况",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="如：挂号信编号、传真页数、口头申请的记录人",
    )
    received_on = forms.DateField(label="收到申请日期（起算日）", widget=DATE_WIDGET)
    receipt_basis = forms.ChoiceField(label="收到日期的确定方式", choices=ch.RECEIPT_BASIS_CHOICES)
    receipt_note = forms.CharField(label="收到日期说明", max_length=200, required=False)
    assignee = forms.ModelChoiceField(label="承办人", queryset=User.objects.none(), required=False)
    token = forms.CharField(widget=forms.HiddenInput, max_length=64, error_messages=TOKEN_ERRORS)

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = User.objects.filter(agency=agency, is_active=True).order_by(
            "username"
        )
        if not self.is_bound:
            now = timezone.localtime()
            self.initial.setdefault("token", new_token())
            self.initial.setdefault("arrived_at", now.strftime("%Y-%m-%dT%H:%M"))
            self.initial.setdefault("received_on", now.date())
            self.initial.setdefault("receipt_basis", "in_person")


class TrackForm(forms.Form):
    tracking_number = forms.CharField(label="申请编号", max_length=30)
    query_code = forms.CharField(
        label="查询码", max_length=20, widget=forms.PasswordInput(render_value=False)
    )


# --- actions ---------------------------------------------------------------------------------------


def _today():
    return timezone.localdate()


class ConfirmReceiptForm(forms.Form):
    received_on = forms.DateField(label="收到申请日期（双方确认日）", widget=DATE_WIDGET, initial=_today)
    basis = forms.ChoiceField(label="确定方式", choices=ch.RECEIPT_BASIS_CHOICES, initial="confirmed")
    note = forms.CharField(label="说明", max_length=200, required=False, help_text="如：已电话与申请人确认")


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label="承办人", queryset=User.objects.none(), required=False, empty_label="（不指定）"
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = User.objects.filter(
            agency_id=application.agency_id, is_active=True
        )


class CorrectionForm(forms.Form):
    requested_on = forms.DateField(label="补正告知日期", widget=DATE_WIDGET, initial=_today)
    items = forms.CharField(label="需要补正的事项", widget=forms.Textarea(attrs={"rows": 4}))
    deadline = forms.DateField(
        label="补正期限", widget=DATE_WIDGET, required=False, help_text="不填则为告知之日起15个工作日"
    )


class CorrectionReceivedForm(forms.Form):
    received_on = forms.DateField(label="收到补正日期", widget=DATE_WIDGET, initial=_today)
    note = forms.CharField(label="说明", max_length=300, required=False)


class ConsultationForm(forms.Form):
    party_kind = forms.ChoiceField(label="征求对象类型", choices=ch.CONSULTATION_PARTY_CHOICES)
    party_name = forms.CharField(label="征求对象", max_length=100)
    party_contact = forms.CharField(label="联系方式", max_length=200, required=False)
    subject = forms.CharField(
        label="征求意见的事项", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    sent_on = forms.DateField(label="发函日期", widget=DATE_WIDGET, initial=_today)


class ConsultationAnswerForm(forms.Form):
    consultation = forms.ModelChoiceField(label="征求意见", queryset=None, empty_label=None)
    response = forms.ChoiceField(label="对方意见", choices=ch.CONSULTATION_RESPONSE_CHOICES)
    answered_on = forms.DateField(
        label="收到答复日期", widget=DATE_WIDGET, required=False, help_text="逾期未答复的可不填"
    )
    answer = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].queryset = application.consultations.filter(closed_on__isnull=True)


class ExtendForm(forms.Form):
    workdays = forms.IntegerField(label="延长工作日数", min_value=1, max_value=20, initial=20)
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 3}))
    extended_on = forms.DateField(label="批准日期", widget=DATE_WIDGET, initial=_today)


class FeeForm(forms.Form):
    method = forms.ChoiceField(label="收费方式", choices=ch.FEE_METHOD_CHOICES, widget=forms.RadioSelect)
    pages = forms.IntegerField(label="页数（按量计收时填写）", min_value=1, required=False)
    notified_on = forms.DateField(label="收费通知日期", widget=DATE_WIDGET, initial=_today)
    notice_received_on = forms.DateField(
        label="申请人收到通知日期",
        widget=DATE_WIDGET,
        required=False,
        help_text="当面交付时填写；邮寄等尚未送达的，送达后再登记（缴费期限自收到之日的次日起算）",
    )


class FeeNoticeReceivedForm(forms.Form):
    received_on = forms.DateField(label="申请人收到收费通知日期", widget=DATE_WIDGET, initial=_today)
    note = forms.CharField(label="送达凭证或说明", max_length=300, required=False)


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label="缴费日期", widget=DATE_WIDGET, initial=_today)
    reference = forms.CharField(label="缴费凭证号", max_length=100, required=False)


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(label="办理结果", choices=[("", "请选择"), *OUTCOME_CHOICES])
    decided_on = forms.DateField(label="答复日期", widget=DATE_WIDGET, initial=_today)
    reasons = forms.CharField(label="理由和说明", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    legal_basis = forms.CharField(
        label="法律依据（不填则按办理结果自动引用条例条款）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    disclosed_parts = forms.CharField(
        label="予以公开的内容（部分公开时填写）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    withheld_parts = forms.CharField(
        label="不予公开的内容及理由（部分公开时填写）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    holder_agency = forms.CharField(
        label="负责公开该信息的机关及联系方式（本机关不掌握、能够确定时填写）",
        max_length=200,
        required=False,
    )


class NoteForm(forms.Form):
    note = forms.CharField(label="说明", max_length=300, required=False)


class DeliverForm(forms.Form):
    delivered_on = forms.DateField(label="送达日期", widget=DATE_WIDGET, initial=_today)
    method = forms.ChoiceField(label="送达方式", choices=ch.DELIVERY_METHOD_CHOICES)
    notes = forms.CharField(
        label="送达情况",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="如：EMS 单号、签收人",
    )
    proof = forms.FileField(label="送达凭证（可选）", required=False)


class WithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label="撤回日期", widget=DATE_WIDGET, initial=_today)
    reason = forms.CharField(label="撤回情况", widget=forms.Textarea(attrs={"rows": 2}))


class ConfirmForm(forms.Form):
    pass


class RemedyCaseForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=ch.REMEDY_KIND_CHOICES)
    filed_on = forms.DateField(label="立案（申请、起诉）日期", widget=DATE_WIDGET)
    body = forms.CharField(label="复议机关或法院", max_length=100)
    case_number = forms.CharField(label="案号", max_length=100, required=False)
    outcome = forms.ChoiceField(label="结果", choices=ch.REMEDY_OUTCOME_CHOICES, initial=ch.REMEDY_PENDING)
    concluded_on = forms.DateField(label="审结日期", widget=DATE_WIDGET, required=False)
    notes = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class RemedyDocumentForm(forms.Form):
    title = forms.CharField(label="文书名称", max_length=200)
    file = forms.FileField(label="文件")
