from django import forms
from django.core.validators import MaxValueValidator

from .services import MAX_FILE_BYTES, MAX_FILES


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".txt,.html,.htm,.docx,.pdf,.md,.json"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        files = data if isinstance(data, list | tuple) else [data]
        return [single(f, initial) for f in files if f is not None] or [single(None, initial)]


class UploadForm(forms.Form):
    name = forms.CharField(label="批次名称（可选）", max_length=200, required=False)
    files = MultipleFileField(
        label="年度报告文件",
        help_text=f"支持 TXT、HTML、DOCX、PDF（含文字层）；一次最多 {MAX_FILES} 个，每个不超过 {MAX_FILE_BYTES // 1024 // 1024} MB",
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"一次最多上传 {MAX_FILES} 个文件")
        for f in files:
            if f.size > MAX_FILE_BYTES:
                raise forms.ValidationError(f"文件 {f.name} 超过 {MAX_FILE_BYTES // 1024 // 1024} MB")
        return files


FIRST_YEAR = 2008  # the Regulation's first year in force; no report is older
MAX_YEARS = 10


class ComparisonForm(forms.Form):
    """The comparison page's years, validated at the edge (a bad query string never gives a 500)."""

    start = forms.IntegerField(label="起始年度", min_value=FIRST_YEAR)
    end = forms.IntegerField(label="截止年度", min_value=FIRST_YEAR)
    year = forms.IntegerField(label="排名年度", min_value=FIRST_YEAR)

    def __init__(self, *args, this_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start", "end", "year"):
            self.fields[name].max_value = this_year
            self.fields[name].validators.append(MaxValueValidator(this_year))
            self.fields[name].widget.attrs["max"] = this_year

    def clean(self):
        data = super().clean()
        start, end, year = data.get("start"), data.get("end"), data.get("year")
        if start is not None and end is not None:
            if start > end:
                raise forms.ValidationError("起始年度不能晚于截止年度")
            if end - start + 1 > MAX_YEARS:
                raise forms.ValidationError(f"一次最多比较 {MAX_YEARS} 个年度")
            if year is not None and not start <= year <= end:
                self.add_error("year", "排名年度须在比较的年度范围内")
        return data
