"""The importer's review page can be submitted exactly as shown (issue 10): the blank "Thêm văn bản"
row is not validated, targets come with their years filled in, each field's source hint sits with
that field, and the source pane shows composed Vietnamese letters."""

from __future__ import annotations

import unicodedata
from html.parser import HTMLParser

import pytest

from campaigns.models import Campaign, Locality
from campaigns.plans.import_forms import FORMSETS, review_initial
from tests.importer.importer_testkit import load_expected, load_plan
from tests.test_import_plan_admin import HAI_AN_PLAN, upload


class BrowserForm(HTMLParser):
    """What a browser submits from the page's first POST form when nothing is touched."""

    def __init__(self):
        super().__init__()
        self.data: list[tuple[str, str]] = []
        self._in_form = False
        self._select: str | None = None
        self._select_value: str | None = None
        self._select_first: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value") or ("on" if attrs.get("type") == "checkbox" else "")))
        elif tag == "select" and name:
            self._select, self._select_value, self._select_first = name, None, None
        elif tag == "option" and self._select:
            value = attrs.get("value") or ""
            self._select_first = value if self._select_first is None else self._select_first
            if "selected" in attrs:
                self._select_value = value
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select" and self._select:
            value = self._select_value if self._select_value is not None else self._select_first
            self.data.append((self._select, value or ""))
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.data.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text += data


def as_shown(html: str) -> dict:
    parser = BrowserForm()
    parser.feed(html)
    data: dict = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    return data


@pytest.fixture
def hai_an(demo):
    return Locality.objects.get(slug="hai-an")


def test_the_review_page_submits_as_shown_and_creates_the_draft(login, hai_an):
    editor = login("bientap")
    review_url = upload(editor, ward=hai_an, name="ke-hoach-as-shown.txt")["Location"]
    page = editor.get(review_url)
    html = page.content.decode()
    assert html.count("trong văn bản gốc:") >= 6  # each field's source hint is written with its label
    lines = [line for _number, line in page.context["source_lines"]]
    assert all(unicodedata.is_normalized("NFC", line) for line in lines)
    assert "font-family: var(--w-font-mono" not in html
    assert "đọc theo bảng mã: <strong>UTF-8</strong>" in html  # issue 15, item 4

    created = editor.post(review_url, as_shown(html))

    assert created.status_code == 302, created.context and [
        (name, fs.errors) for name, fs in created.context["formsets"].items()
    ] + [created.context["form"].errors]
    campaign = Campaign.objects.get(source_name="ke-hoach-as-shown.txt")
    assert campaign.resolutions.count() == 3
    assert [(t.start_year, t.end_year) for t in campaign.targets.all()] == [
        (t["start_year"], t["end_year"]) for t in load_expected(HAI_AN_PLAN)["targets"]
    ]


def test_a_typed_in_extra_reference_is_still_validated():
    formset = FORMSETS["references"](
        {"references-TOTAL_FORMS": "1", "references-INITIAL_FORMS": "0", "references-0-kind": "ke_hoach",
         "references-0-issuer": "Ủy ban nhân dân phường"}, prefix="references",
    )
    assert not formset.is_valid()
    assert "code" in formset.forms[0].errors


def test_the_blank_extra_reference_row_is_not_validated():
    formset = FORMSETS["references"](
        {"references-TOTAL_FORMS": "1", "references-INITIAL_FORMS": "0", "references-0-kind": "nghi_quyet",
         "references-0-code": "", "references-0-date": "", "references-0-issuer": ""}, prefix="references",
    )
    assert formset.is_valid(), formset.errors


def test_targets_without_years_take_the_plans_year():
    plan = {"issued_on": "2026-04-15", "targets": [{"text": "Xây 100 căn", "quantity": 100, "unit": "căn",
                                                    "start_year": None, "end_year": None},
                                                   {"text": "Đến năm 2030", "quantity": 5, "unit": "căn",
                                                    "start_year": None, "end_year": 2030}]}
    _fields, rows = review_initial(plan)
    assert [(t["start_year"], t["end_year"]) for t in rows["targets"]] == [(2026, 2026), (2030, 2030)]


def test_the_shared_plan_text_is_composed():
    assert unicodedata.is_normalized("NFC", load_plan(HAI_AN_PLAN))
