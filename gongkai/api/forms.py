from django import forms

from .models import TokenScope
from .services import MAX_TOKEN_DAYS


class TokenForm(forms.Form):
    name = forms.CharField(label="用途说明", max_length=100, help_text="如：政务服务网对接、数据分析脚本")
    scope = forms.ChoiceField(label="权限范围", choices=TokenScope.choices, initial=TokenScope.READ)
    days = forms.IntegerField(label="有效天数", min_value=1, max_value=MAX_TOKEN_DAYS, initial=90)
