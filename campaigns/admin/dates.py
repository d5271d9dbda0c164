"""Dates typed and shown on our screens: dd/mm/yyyy, as a Vietnamese office writes them.

A browser draws ``<input type="date">`` in its own locale (Chromium on an English system shows
mm/dd/yyyy), so no screen uses it: every date box is ``DateTextInput`` (a form's ``DateTextField``,
or ``{% date_input %}`` in a hand-written template), and every typed date is read by
``date_text_parse``. Besides dd/mm/yyyy it accepts yyyy-mm-dd, so links shared before (and the
screens' own links, which keep the ISO form) still open.
"""

import datetime as dt
import re

from django import forms

PLACEHOLDER = "dd/mm/yyyy"
DISPLAY_FORMAT = "%d/%m/%Y"
EXAMPLE = "30/11/2026"
# Day first with "/", or ISO year first; ASCII digits only. Nothing else: 03-04-2026 could be read
# either way, so it is refused rather than guessed.
_DAY_FIRST = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


class DateTextError(ValueError):
    """A typed date that is not one; the message is Vietnamese and says how to write it."""


def invalid_date_message(text: str = "") -> str:
    shown = f"“{text[:40]}” " if text else ""
    return f"Ngày {shown}không hợp lệ: hãy ghi theo dạng dd/mm/yyyy, ví dụ {EXAMPLE}."


def date_text_parse(value: str | None) -> dt.date:
    """``30/11/2026`` (or ``1/2/2026``, or ``2026-11-30``) as a date; ``DateTextError`` for anything
    else, including days the calendar does not have (31/02/2026)."""
    text = (value or "").strip()
    day_first, iso = _DAY_FIRST.fullmatch(text), _ISO.fullmatch(text)
    try:
        if day_first:
            return dt.date(int(day_first[3]), int(day_first[2]), int(day_first[1]))
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
    except ValueError:
        pass
    raise DateTextError(invalid_date_message(text))


def date_text_format(value) -> str:
    """A date as dd/mm/yyyy, also when it came as text (``2026-11-30`` from an old link); text that is
    not a date is shown back as it was typed, to be corrected."""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime(DISPLAY_FORMAT)
    if value is None:
        return ""
    try:
        return date_text_parse(str(value)).strftime(DISPLAY_FORMAT)
    except DateTextError:
        return str(value)


class DateTextInput(forms.TextInput):
    """A text box for one date: shows dd/mm/yyyy, brings up the digits keyboard on a phone."""

    def __init__(self, attrs=None):
        super().__init__({"placeholder": PLACEHOLDER, "inputmode": "numeric", "autocomplete": "off",
                          "maxlength": "10", "size": "10", **(attrs or {})})

    def format_value(self, value):
        return date_text_format(value) or None


class DateTextField(forms.DateField):
    """A form's date, typed as dd/mm/yyyy (or yyyy-mm-dd from an old link)."""

    widget = DateTextInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return date_text_parse(str(value))
        except DateTextError as error:
            raise forms.ValidationError(str(error), code="invalid") from None
