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
        from organisations.selectors import existing_region_codes  # the shared cache's answer, else the table

        value = super().clean(value)
        value = (value or "").strip()
        if not value:
            return ""
        if not (len(value) == 6 and value.isdigit()):
            raise forms.ValidationError("行政区划代码应为6位数字，如 620602。", code="region_format")
        if value not in existing_region_codes([value]):
            raise forms.ValidationError(f"未知的行政区划代码：{value}。", code="region_unknown")
        return value


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, with ids that no database integer can hold refused as invalid choices.

    Django guards a single ``pk = value`` lookup against out-of-range integers, but not ``pk IN (…)``: on SQLite
    a submitted id such as 10**400 raised OverflowError (a server error) instead of a form error."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        field = self.queryset.model._meta.get_field(key) if key != "pk" else self.queryset.model._meta.pk
        if field.get_internal_type() in ("AutoField", "BigAutoField", "IntegerField", "BigIntegerField"):
            for item in value if isinstance(value, list | tuple) else [value]:
                try:
                    number = int(str(item).strip())
                except (TypeError, ValueError):
                    continue  # Django's own check reports it
                if not -(2**63) <= number < 2**63:
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                    )
        return super()._check_values(value)


class KnownModelChoiceField(forms.ModelChoiceField):
    """Django's, for a short list of objects the request already holds (e.g. the user's own units): after
    ``choose_from(objects)`` the options are those objects and a submitted id is picked from them, not looked up in
    the database."""

    known: dict | None = None

    def choose_from(self, objects) -> None:
        self.known = {obj.pk: obj for obj in objects}
        self.queryset = self.queryset.model.objects.filter(pk__in=list(self.known))

    def to_python(self, value):
        if self.known is None or value in self.empty_values:
            return super().to_python(value)
        try:
            return self.known[int(str(value))]
        except (KeyError, ValueError, TypeError):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            ) from None
