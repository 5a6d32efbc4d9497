from django import forms

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
