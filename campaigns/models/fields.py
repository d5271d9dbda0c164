"""Model fields whose stored form differs from what a person edits."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

WEEKDAY_CHOICES = [
    (0, _("Thứ Hai")),
    (1, _("Thứ Ba")),
    (2, _("Thứ Tư")),
    (3, _("Thứ Năm")),
    (4, _("Thứ Sáu")),
    (5, _("Thứ Bảy")),
    (6, _("Chủ nhật")),
]
ALL_WEEKDAYS = 0b1111111


def weekdays_to_mask(weekdays) -> int:
    mask = 0
    for day in weekdays:
        mask |= 1 << int(day)
    return mask


def mask_to_weekdays(mask: int) -> list[int]:
    return [day for day in range(7) if mask & (1 << day)]


class WeekdaySetField(models.PositiveSmallIntegerField):
    """A set of weekdays (Monday=0) stored as a 7-bit mask.

    The mask lets the database itself compare two slots' days with one ``&``
    (see the overlap trigger in the migrations); forms show checkboxes.
    """

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=WEEKDAY_CHOICES,
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
            label=self.verbose_name,
            required=not self.blank,
            error_messages={"required": _("Chọn ít nhất một ngày trong tuần.")},
            help_text=self.help_text,
        )

    def value_from_object(self, obj):
        return mask_to_weekdays(getattr(obj, self.attname) or 0)

    def save_form_data(self, instance, data):
        setattr(instance, self.attname, weekdays_to_mask(data or []))


class ChoiceListField(models.JSONField):
    """A list of codes from ``choices`` kept in a JSON column, edited as checkboxes."""

    def __init__(self, *args, item_choices=(), **kwargs):
        self.item_choices = list(item_choices)
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("item_choices", None)
        return name, path, args, kwargs

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        known = {code for code, _label in self.item_choices}
        unknown = [item for item in value or [] if item not in known]
        if unknown:
            raise ValidationError(
                _("Giá trị không hợp lệ: %(items)s."), params={"items": ", ".join(map(str, unknown))}
            )

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=self.item_choices,
            widget=forms.CheckboxSelectMultiple,
            label=self.verbose_name,
            required=not self.blank,
            help_text=self.help_text,
        )


class DaysOfMonthFormField(forms.CharField):
    """"12, 27" <-> [12, 27]."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(day) for day in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        days = []
        for part in text.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or not 1 <= int(part) <= 31:
                raise ValidationError(
                    _("“%(part)s” không phải ngày trong tháng (1–31)."), params={"part": part}
                )
            days.append(int(part))
        return sorted(set(days))


class DaysOfMonthField(models.JSONField):
    """Reporting days of the month, e.g. [12, 27] for "trước ngày 12 và 27 hàng tháng"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if any(not isinstance(day, int) or not 1 <= day <= 31 for day in value or []):
            raise ValidationError(_("Ngày báo cáo phải là số từ 1 đến 31."))

    def formfield(self, **kwargs):
        return DaysOfMonthFormField(
            label=self.verbose_name,
            required=not self.blank,
            help_text=self.help_text or _("Ví dụ: 12, 27"),
        )


class LinesFormField(forms.CharField):
    """One item per line in a textarea <-> a list of strings."""

    widget = forms.Textarea

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        return [line.strip() for line in text.splitlines() if line.strip()]

    def has_changed(self, initial, data):
        # Compare as lists: an empty list and an empty textarea are the same value.
        initial_lines = initial if isinstance(initial, list | tuple) else self.to_python(initial or "")
        return list(initial_lines) != self.to_python(data or "")


class LinesField(models.JSONField):
    """An ordered list of short texts (purposes, themes, recipients), one per line in forms."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return LinesFormField(
            label=self.verbose_name,
            required=not self.blank,
            help_text=self.help_text or _("Mỗi dòng một mục."),
            widget=forms.Textarea(attrs={"rows": 5}),
        )
