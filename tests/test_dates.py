"""Dates typed on our screens: one parser and one text box for dd/mm/yyyy (campaigns.admin.dates),
accepting yyyy-mm-dd too so links shared before still open; no ``<input type="date">`` anywhere."""

import datetime as dt
from pathlib import Path

import pytest
from django import forms
from django.template import Context, Template

from campaigns.admin.dates import DateTextError, DateTextField, DateTextInput, date_text_format, date_text_parse

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("text, day", [
    ("30/11/2026", dt.date(2026, 11, 30)),
    (" 1/2/2027 ", dt.date(2027, 2, 1)),
    ("2026-11-30", dt.date(2026, 11, 30)),
    ("29/02/2028", dt.date(2028, 2, 29)),
])
def test_a_date_reads_day_first_or_iso(text, day):
    assert date_text_parse(text) == day


@pytest.mark.parametrize("text", [
    "", "   ", "31/02/2026", "29/02/2027", "11/30/2026", "30-11-2026", "30.11.2026", "2026/11/30", "abc",
    "30/11/26", "٣٠/١١/٢٠٢٦", "30/11/2026 06:00", "2026-13-01", "0/11/2026",
])
def test_anything_else_is_refused_in_vietnamese(text):
    with pytest.raises(DateTextError, match="không hợp lệ: hãy ghi theo dạng dd/mm/yyyy"):
        date_text_parse(text)


def test_a_date_is_shown_day_first_and_typed_text_is_shown_back():
    assert date_text_format(dt.date(2026, 3, 5)) == "05/03/2026"
    assert date_text_format(dt.datetime(2026, 3, 5, 6, 0)) == "05/03/2026"
    assert date_text_format("31/02/2026") == "31/02/2026"
    assert date_text_format("2026-03-05") == "05/03/2026"
    assert date_text_format(None) == ""


def test_the_box_is_text_with_a_placeholder_and_the_digits_keyboard():
    html = DateTextInput().render("ngay", dt.date(2026, 12, 5))
    assert 'type="text"' in html and 'type="date"' not in html
    assert 'value="05/12/2026"' in html and 'placeholder="dd/mm/yyyy"' in html and 'inputmode="numeric"' in html


def test_the_template_tag_renders_the_same_box():
    html = Template('{% load loa_dates %}{% date_input "from" day aria_label="Từ ngày" id="x" %}').render(
        Context({"day": dt.date(2026, 3, 1)}))
    assert 'name="from"' in html and 'value="01/03/2026"' in html and 'aria-label="Từ ngày"' in html
    assert 'id="x"' in html and 'type="text"' in html


class _Form(forms.Form):
    day = DateTextField(label="Ngày", required=False)


def test_the_form_field_accepts_both_and_explains_a_bad_date_in_vietnamese():
    assert _Form({"day": "05/12/2026"}).is_valid()
    form = _Form({"day": "2026-12-05"})
    assert form.is_valid() and form.cleaned_data["day"] == dt.date(2026, 12, 5)
    bad = _Form({"day": "31/02/2026"})
    assert not bad.is_valid()
    assert bad.errors["day"] == ["Ngày “31/02/2026” không hợp lệ: hãy ghi theo dạng dd/mm/yyyy, ví dụ 30/11/2026."]
    assert 'value="31/02/2026"' in str(bad["day"])  # what was typed is shown back to be corrected
    assert _Form({"day": ""}).is_valid()


def test_no_screen_uses_the_browsers_date_input():
    """Chromium draws type=date in the browser's locale (mm/dd/yyyy on an English system)."""
    found = [str(path.relative_to(ROOT)) for folder in ("templates", "campaigns", "cms")
             for path in (ROOT / folder).rglob("*") if path.suffix in (".html", ".py", ".js")
             and path.name != "dates.py" and 'type="date"' in path.read_text(encoding="utf-8")]
    assert found == []
    python = [str(path.relative_to(ROOT)) for folder in ("campaigns", "cms") for path in (ROOT / folder).rglob("*.py")
              if "migrations" not in path.parts and "forms.DateInput" in path.read_text(encoding="utf-8")]
    assert python == []
