from django import forms


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that accepts several files; validation of each is done by ``core.files``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [d for d in data if d]
        return [data] if data else []


class RegionCodeField(forms.CharField):
    """A GB/T 2260 region, picked by name (省 → 市 → 县); the value is its code and must exist in the table."""

    def __init__(self, *args, **kwargs):
        from core.widgets import RegionCascadeWidget

        kwargs.setdefault("max_length", 6)
        kwargs.setdefault("widget", RegionCascadeWidget)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        from organisations.models import Region

        value = super().clean(value)
        value = (value or "").strip()
        if not value:
            return ""
        if not (len(value) == 6 and value.isdigit()):
            raise forms.ValidationError("行政区划代码应为6位数字，如 620602。", code="region_format")
        if not Region.objects.filter(code=value).exists():
            raise forms.ValidationError(f"未知的行政区划代码：{value}。", code="region_unknown")
        return value
