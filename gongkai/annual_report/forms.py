from django import forms
from django.utils import timezone


class GenerateForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2008)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError("不能生成未来年度的报告")
        return year


class TextForm(forms.Form):
    overview = forms.CharField(
        label="一、总体情况", widget=forms.Textarea(attrs={"rows": 16}), required=False
    )
    problems = forms.CharField(
        label="五、存在的主要问题及改进情况", widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    other = forms.CharField(
        label="六、其他需要报告的事项", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    correction_note = forms.CharField(
        label="更正说明（更正版必填）", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="理由", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )
