from django import forms

from .services import clean_url


class SourceForm(forms.Form):
    """A subordinate agency's annual-report column (年度报告栏目)."""

    agency = forms.ModelChoiceField(label="机关", queryset=None, empty_label="请选择下级机关")
    url = forms.URLField(
        label="年度报告栏目地址",
        max_length=500,
        assume_scheme="https",
        help_text="该机关网站“政府信息公开年度报告”栏目的列表页地址，例如 https://www.example.gov.cn/col/ndbg/index.html",
    )
    active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args, agencies, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        if editing:
            self.fields["agency"].disabled = True

    def clean_url(self):
        try:
            return clean_url(self.cleaned_data["url"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
