"""Spreadsheet exports that cannot smuggle a formula into Excel or LibreOffice.

Every CSV the admin writes (our viewsets' ``list_export``, Wagtail's reports) goes through Wagtail's
``SpreadsheetExportMixin.preprocess_field_value``; ``exports_neutralise`` wraps that one method at
start-up so a text cell a spreadsheet would run as a formula gets a leading apostrophe. Wagtail leaves
this to the consumer (its security policy), so the wrap is ours. XLSX needs nothing: Wagtail already
writes formula-looking cells as text.

``exports_localise`` makes every export read as the screens do: times in Asia/Ho_Chi_Minh as
dd/mm/yyyy HH:MM (dates dd/mm/yyyy), and a field with choices (channel, status…) by its Vietnamese
label rather than its code.
"""

import datetime as dt

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from wagtail.admin.views.mixins import SpreadsheetExportMixin

DATETIME_FORMAT = "%d/%m/%Y %H:%M"
DATE_FORMAT = "%d/%m/%Y"
XLSX_DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
XLSX_DATE_FORMAT = "dd/mm/yyyy"

# =, +, -, @ start a formula; a leading tab or CR is dropped by some spreadsheets, exposing what follows.
# The full-width forms are read as formulas by some East Asian locales of Excel.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def spreadsheet_safe(value):
    """``value`` with an apostrophe in front when it is text a spreadsheet would evaluate."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def exports_neutralise() -> None:
    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "neutralises_formulas", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        value = original(self, field, value, export_format)
        return spreadsheet_safe(value) if export_format == self.FORMAT_CSV else value

    preprocess_field_value.neutralises_formulas = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value


def export_value(value, export_format: str):
    """A date or time as the screens show it: text in a CSV, a local (naive) date or time in an XLSX."""
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        if export_format == SpreadsheetExportMixin.FORMAT_CSV:
            return local.strftime(DATETIME_FORMAT)
        return local.replace(tzinfo=None)
    if isinstance(value, dt.date) and export_format == SpreadsheetExportMixin.FORMAT_CSV:
        return value.strftime(DATE_FORMAT)
    return value


def choice_label(item, field: str):
    """The label of ``item.field`` when it is a model field with choices, else ``None``."""
    try:
        model_field = type(item)._meta.get_field(field)
    except (FieldDoesNotExist, AttributeError):
        return None
    if not getattr(model_field, "choices", None):
        return None
    return str(getattr(item, f"get_{field}_display")())


def exports_localise() -> None:
    if getattr(SpreadsheetExportMixin.to_row_dict, "localised", False):
        return
    original_row, original_value = SpreadsheetExportMixin.to_row_dict, SpreadsheetExportMixin.preprocess_field_value
    original_xlsx_row = SpreadsheetExportMixin.generate_xlsx_row

    def to_row_dict(self, item):
        row = original_row(self, item)
        for field in row:
            label = choice_label(item, field)
            if label is not None:
                row[field] = label
        return row

    def preprocess_field_value(self, field, value, export_format):
        return original_value(self, field, export_value(value, export_format), export_format)

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for (_, value), cell in zip(row_dict.items(), original_xlsx_row(self, worksheet, row_dict), strict=True):
            if isinstance(value, dt.datetime):
                cell.number_format = XLSX_DATETIME_FORMAT
            elif isinstance(value, dt.date):
                cell.number_format = XLSX_DATE_FORMAT
            yield cell

    to_row_dict.localised = True
    SpreadsheetExportMixin.to_row_dict = to_row_dict
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
    SpreadsheetExportMixin.generate_xlsx_row = generate_xlsx_row
