"""Spreadsheet exports that cannot smuggle a formula into Excel or LibreOffice.

Every CSV the admin writes (our viewsets' ``list_export``, Wagtail's reports) goes through Wagtail's
``SpreadsheetExportMixin.preprocess_field_value``; ``exports_neutralise`` wraps that one method at
start-up so a text cell a spreadsheet would run as a formula gets a leading apostrophe. Wagtail leaves
this to the consumer (its security policy), so the wrap is ours. XLSX needs nothing: Wagtail already
writes formula-looking cells as text.
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

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
