"""manage.py import_plan: dry-run JSON, creating a draft campaign, refusals with exit code 2."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from campaigns.models import Campaign, CampaignStatus, Locality, LocalityKind, Resolution
from campaigns.plans.import_service import plan_import_find_existing, source_sha256
from tests.importer.importer_testkit import PLAN_NAMES, PLANS_DIR, load_expected, load_plan, to_cp1258

ROOT = Path(__file__).resolve().parents[1]
HAI_AN_PLAN = "hai-an-ward-propaganda-plan-02-NQ-TU"
DISTRICT_PLAN = "district-plan-34-CT-TW"


def run(*args) -> str:
    out = StringIO()
    call_command("import_plan", *map(str, args), stdout=out)
    return out.getvalue()


def plan_path(name: str) -> Path:
    return PLANS_DIR / f"{name}.txt"


@pytest.fixture
def wards(db):
    """Hải Phòng and its ward Hải An: enough for the refusals, faster than the demo."""
    city = Locality.objects.create(name="Hải Phòng", kind=LocalityKind.CITY, slug="hai-phong")
    return Locality.objects.create(name="Hải An", kind=LocalityKind.WARD, slug="hai-an", parent=city)


def counts() -> tuple[int, int]:
    return Campaign.objects.count(), Resolution.objects.count()


# --- dry run: no database at all (these tests have no db fixture) -----------------


@pytest.mark.parametrize("name", PLAN_NAMES)
def test_dry_run_json_of_each_shared_plan_equals_the_expected_json(name):
    output = run(plan_path(name), "--dry-run", "--json")
    assert json.loads(output) == load_expected(name)


def test_dry_run_json_is_exactly_one_object_with_diacritics_intact():
    output = run(plan_path(HAI_AN_PLAN), "--dry-run", "--json")
    decoder = json.JSONDecoder()
    plan, end = decoder.raw_decode(output)
    assert output[end:].strip() == ""
    assert list(plan) == list(load_expected(HAI_AN_PLAN))
    assert "Ủy ban nhân dân phường Hải An" in output
    assert "\\u" not in output


def test_dry_run_ignores_the_ward_and_touches_no_database():
    output = run(plan_path(HAI_AN_PLAN), "--dry-run", "--json", "--ward", "no-such-ward")
    assert json.loads(output)["signer"] == "Bùi Quang Ngân"


def test_dry_run_without_json_prints_a_readable_summary():
    output = run(plan_path(HAI_AN_PLAN), "--dry-run")
    assert "Người ký: Bùi Quang Ngân" in output
    assert "chưa tạo gì" in output


@pytest.mark.parametrize(
    ("filename", "encode"),
    [
        ("plan.txt", to_cp1258),
        ("plan.txt", lambda text: text.encode("utf-16")),
        ("plan.md", lambda text: text.replace("\n", " \r\n").encode("utf-16-le")),
    ],
)
def test_windows_1258_and_utf16_files_import_like_utf8(tmp_path, filename, encode):
    path = tmp_path / filename
    path.write_bytes(encode(load_plan(HAI_AN_PLAN)))
    assert json.loads(run(path, "--dry-run", "--json")) == load_expected(HAI_AN_PLAN)


# --- creating a campaign -------------------------------------------------------------


def test_import_creates_a_draft_campaign_reusing_the_demo_resolutions(demo):
    hai_an = Locality.objects.get(slug="hai-an")
    resolutions_before = Resolution.objects.count()
    campaigns_before = list(Campaign.objects.values_list("pk", flat=True))

    output = run(plan_path(HAI_AN_PLAN), "--ward", "hai-an")

    campaign = Campaign.objects.exclude(pk__in=campaigns_before).get()
    expected = load_expected(HAI_AN_PLAN)
    assert campaign.ward == hai_an
    assert campaign.status == CampaignStatus.DRAFT
    assert campaign.title == expected["title"]
    assert campaign.signer == "Bùi Quang Ngân"
    assert campaign.recipients == expected["recipients"]
    assert campaign.channels == expected["channels"]
    assert campaign.source_name == f"{HAI_AN_PLAN}.txt"
    assert campaign.source_sha256 == source_sha256(load_plan(HAI_AN_PLAN))
    assert [(t.quantity, t.unit, t.start_year, t.end_year) for t in campaign.targets.order_by("sort_order")] == [
        (16555, "căn", 2021, 2025),
        (32900, "căn", 2026, 2030),
    ]
    assert [unit.name for unit in campaign.units.order_by("sort_order")] == [u["name"] for u in expected["units"]]
    assert campaign.units.get(name="Phòng Kinh tế, Hạ tầng và Đô thị phường").tasks == expected["units"][2]["tasks"]
    assert Resolution.objects.count() == resolutions_before
    assert {r.code for r in campaign.resolutions.all()} == {"02-NQ/TU", "09-NQ/TU", "94-KH/ĐU"}
    assert campaign.resolutions.get(code="02-NQ/TU").issuer == "Ban Chấp hành Đảng bộ thành phố Hải Phòng"
    assert "Đã tạo kế hoạch dự thảo" in output
    assert "đã có 3, tạo mới 0" in output
    assert "16.555 căn (2021–2025)" in output


def test_missing_resolutions_are_created_at_the_issuing_level_and_reused_by_the_next_ward(demo):
    hai_phong = Locality.objects.get(slug="hai-phong")
    ha_bac = Locality.objects.get(slug="ha-bac")
    before = Resolution.objects.count()

    summary = json.loads(run(plan_path(DISTRICT_PLAN), "--ward", "ha-bac", "--json"))

    created = Resolution.objects.filter(code__in=summary["resolutions"]["created"])
    assert summary["resolutions"]["created"] and Resolution.objects.count() == before + created.count()
    assert created.get(code="34-CT/TW").locality == hai_phong
    assert created.get(code="34-CT/TW").issuer == "Ban Chấp hành Trung ương"
    assert created.get(code="347-KH/TU").locality == hai_phong
    campaign = Campaign.objects.get(pk=summary["campaign"]["id"])
    assert campaign.ward == ha_bac
    assert set(campaign.resolutions.all()) == set(created) | set(
        Resolution.objects.filter(code__in=summary["resolutions"]["found"])
    )

    again = json.loads(run(plan_path(DISTRICT_PLAN), "--ward", "hai-an", "--json"))
    assert again["resolutions"]["created"] == []
    assert Resolution.objects.count() == before + created.count()


def test_reimport_of_the_same_document_into_the_same_ward_is_refused(demo, tmp_path):
    run(plan_path(HAI_AN_PLAN), "--ward", "hai-an")
    first = Campaign.objects.get(source_name=f"{HAI_AN_PLAN}.txt")
    before = counts()
    # The same document re-encoded (UTF-16), with CRLF and trailing spaces.
    copy = tmp_path / "ban-sao.txt"
    copy.write_bytes(load_plan(HAI_AN_PLAN).replace("\n", "  \r\n").encode("utf-16"))

    with pytest.raises(CommandError) as refused:
        run(copy, "--ward", "hai-an")

    assert refused.value.returncode == 2
    assert f"#{first.pk}" in str(refused.value) and "đã được nhập" in str(refused.value)
    assert counts() == before
    assert plan_import_find_existing(ward=first.ward, source_text=copy.read_bytes().decode("utf-16")) == first


def test_force_imports_the_same_document_again_with_a_new_slug(demo):
    run(plan_path(HAI_AN_PLAN), "--ward", "hai-an")
    run(plan_path(HAI_AN_PLAN), "--ward", "hai-an", "--force")
    imported = Campaign.objects.filter(source_name=f"{HAI_AN_PLAN}.txt")
    assert imported.count() == 2
    assert len({campaign.slug for campaign in imported}) == 2


def test_the_same_document_may_go_to_another_ward(demo):
    run(plan_path(HAI_AN_PLAN), "--ward", "hai-an")
    run(plan_path(HAI_AN_PLAN), "--ward", "ha-bac")
    assert Campaign.objects.filter(source_name=f"{HAI_AN_PLAN}.txt").count() == 2


# --- bad input: exit 2, clear Vietnamese message, nothing created -------------------------


def _huge(path: Path) -> None:
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: no 50 MB really written


BAD_FILES = {
    "empty": ("plan.txt", lambda path: path.write_bytes(b""), "rỗng"),
    "binary": ("plan.txt", lambda path: path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20), "nhị phân"),
    "50 MB": ("plan.txt", _huge, "quá lớn"),
    "unknown extension": ("plan.xyz", lambda path: path.write_text(load_plan(HAI_AN_PLAN)), "không được hỗ trợ"),
    "no sections": (
        "plan.txt",
        lambda path: path.write_text("Thông báo lịch họp tổ dân phố số 5 vào tối thứ Sáu.\n" * 30),
        "cấu trúc kế hoạch",
    ),
    "missing": ("missing.txt", lambda path: None, "Không tìm thấy"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_input_exits_2_with_a_clear_message_and_creates_nothing(wards, tmp_path, case):
    filename, make, message = BAD_FILES[case]
    path = tmp_path / filename
    make(path)
    before = counts()
    with pytest.raises(CommandError) as refused:
        run(path, "--ward", "hai-an")
    assert refused.value.returncode == 2
    assert message in str(refused.value)
    assert counts() == before


def test_unknown_ward_exits_2_naming_the_known_wards(wards):
    before = counts()
    with pytest.raises(CommandError) as refused:
        run(plan_path(HAI_AN_PLAN), "--ward", "hai-an-cu")
    assert refused.value.returncode == 2
    assert "hai-an-cu" in str(refused.value) and "hai-an" in str(refused.value).replace("hai-an-cu", "")
    assert counts() == before


def test_import_without_ward_exits_2_and_says_what_to_add(wards):
    before = counts()
    with pytest.raises(CommandError) as refused:
        run(plan_path(HAI_AN_PLAN))
    assert refused.value.returncode == 2
    assert "--ward" in str(refused.value)
    assert counts() == before


def test_the_real_process_exits_2_and_writes_the_message_on_stderr(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test", "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "manage.py", "import_plan", str(empty), "--dry-run", "--json"],
        cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Tệp rỗng" in result.stderr
