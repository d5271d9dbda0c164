import pytest

from campaigns.plans.reference_codes import normalize_code


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("02 - NQ/TU", "02-NQ/TU"),
        ("02-NQ / TU", "02-NQ/TU"),
        (" 34-CT/TW ", "34-CT/TW"),
        ("201 / 2025 / QH15", "201/2025/QH15"),
        ("444/QĐ - TTg", "444/QĐ-TTg"),
        ("94–KH/ĐU", "94-KH/ĐU"),
        ("07 /NQ-  CP", "07/NQ-CP"),
        ("01-KH/BC\u0110", "01-KH/BCĐ"),
    ],
)
def test_normalize_code_removes_spaces_and_unifies_dashes_and_case(raw, expected):
    assert normalize_code(raw) == expected


def test_resolution_code_is_normalised_on_save(demo):
    from campaigns.models import Resolution

    resolution = Resolution.objects.create(
        kind="chi_thi", code="34 - CT/TW", issuer="Ban Bí thư", locality=demo["campaign"].ward.parent
    )
    resolution.refresh_from_db()
    assert resolution.code == "34-CT/TW"
