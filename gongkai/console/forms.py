from django import forms

from gongkai.agencies.models import Agency, Role, User
from gongkai.auditlog.labels import action_labels


class AgencyForm(forms.ModelForm):
    office_web = forms.URLField(label="网上联系方式", required=False, assume_scheme="https")

    class Meta:
        model = Agency
        fields = [
            "name",
            "short_name",
            "credit_code",
            "kind",
            "parent",
            "office_name",
            "office_address",
            "office_postcode",
            "office_hours",
            "office_phone",
            "office_fax",
            "office_email",
            "office_web",
            "vertically_managed",
            "reconsideration_body",
            "letter_number_pattern",
        ]

    def __init__(self, *args, parent_queryset=None, allow_parent=True, **kwargs):
        super().__init__(*args, **kwargs)
        if parent_queryset is not None:
            self.fields["parent"].queryset = parent_queryset
        if not allow_parent:
            del self.fields["parent"]
            del self.fields["credit_code"]
            del self.fields["name"]

    def clean_credit_code(self):
        return (self.cleaned_data.get("credit_code") or "").strip().upper()


class StaffCreateForm(forms.Form):
    username = forms.RegexField(
        label="用户名",
        regex=r"^[A-Za-z0-9_.@+-]{3,150}$",
        error_messages={"invalid": "用户名只能包含字母、数字和 _.@+-，3 位以上"},
    )
    full_name = forms.CharField(label="姓名", max_length=50)
    email = forms.EmailField(label="电子邮箱", required=False)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput, min_length=8)
    roles = forms.MultipleChoiceField(label="角色", choices=[], widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, grantable=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = [(v, label) for v, label in Role.choices if v in grantable]

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username=username).exists():
            raise forms.ValidationError("该用户名已被使用")
        return username


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label="角色", choices=[], required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, grantable=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = [(v, label) for v, label in Role.choices if v in grantable]


class AuditFilterForm(forms.Form):
    """Filter the audit log by what a person reads: a Chinese action name and a date range."""

    action = forms.ChoiceField(label="动作", required=False)
    q = forms.CharField(label="动作名称包含", required=False, max_length=30)
    since = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        by_label = sorted(action_labels().items(), key=lambda item: item[1])
        self.fields["action"].choices = [("", "全部动作"), *((code, label) for code, label in by_label)]

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError("起始日期不能晚于截止日期。")
        return data
