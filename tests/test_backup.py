"""`manage.py backup` and `restore` as a round trip: every table's row count and every uploaded file's
checksum come back as they were; a damaged backup is refused before anything is touched."""

import hashlib
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cms.backup import media_checksums, row_counts


def make_media(root: Path) -> None:
    (root / "original_images").mkdir(parents=True)
    (root / "original_images" / "ap-phich.png").write_bytes(hashlib.sha256(b"poster").digest() * 1000)
    (root / "documents").mkdir()
    (root / "documents" / "ke-hoach.pdf").write_bytes(b"%PDF-1.4 ke hoach tuyen truyen\n" * 500)


def spoil_everything(media_root: Path) -> None:
    from campaigns.models import Locality, ResidentialGroup

    ResidentialGroup.objects.filter(pk__in=list(ResidentialGroup.objects.values_list("pk", flat=True)[:5])).delete()
    Locality.objects.filter(slug="hai-an").update(name="Đã bị sửa")
    (media_root / "documents" / "ke-hoach.pdf").unlink()
    (media_root / "original_images" / "ap-phich.png").write_bytes(b"hong")
    (media_root / "la.txt").write_text("tệp lạ")


def round_trip(tmp_path, settings):
    from campaigns.demo.loader import demo_load
    from campaigns.models import Locality

    settings.MEDIA_ROOT = str(tmp_path / "media")
    demo_load()
    make_media(tmp_path / "media")
    before_rows, before_media = row_counts(), media_checksums(tmp_path / "media")
    name = Locality.objects.get(slug="hai-an").name
    call_command("backup", output=str(tmp_path / "sao-luu"))

    spoil_everything(tmp_path / "media")
    assert row_counts() != before_rows

    call_command("restore", str(tmp_path / "sao-luu"), yes=True)
    assert row_counts() == before_rows
    assert media_checksums(tmp_path / "media") == before_media
    assert Locality.objects.get(slug="hai-an").name == name
    return before_rows


def test_backup_and_restore_round_trip_on_sqlite(file_database, tmp_path, settings):
    rows = round_trip(tmp_path, settings)
    assert rows["campaigns_residentialgroup"] > 5


def test_a_damaged_backup_is_refused_and_nothing_changes(file_database, tmp_path, settings):
    from campaigns.demo.loader import demo_load

    settings.MEDIA_ROOT = str(tmp_path / "media")
    demo_load()
    make_media(tmp_path / "media")
    call_command("backup", output=str(tmp_path / "sao-luu"))
    (tmp_path / "sao-luu" / "media" / "documents" / "ke-hoach.pdf").write_bytes(b"bi sua")
    rows, media = row_counts(), media_checksums(tmp_path / "media")
    with pytest.raises(CommandError, match="không khớp"):
        call_command("restore", str(tmp_path / "sao-luu"), yes=True)
    assert row_counts() == rows and media_checksums(tmp_path / "media") == media

    (tmp_path / "sao-luu" / "database.sqlite3").write_bytes(b"hong")
    with pytest.raises(CommandError, match="bị thiếu hoặc đã bị thay đổi"):
        call_command("restore", str(tmp_path / "sao-luu"), yes=True)
    with pytest.raises(CommandError, match="không phải một bản sao lưu"):
        call_command("restore", str(tmp_path / "khong-co"), yes=True)


def test_backup_refuses_a_folder_that_already_has_data(file_database, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "cu").mkdir()
    (tmp_path / "cu" / "a.txt").write_text("x")
    with pytest.raises(CommandError, match="đã có dữ liệu"):
        call_command("backup", output=str(tmp_path / "cu"))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keep Wagtail's root page
def test_backup_and_restore_round_trip_on_postgresql(tmp_path, settings):
    """pg_dump/pg_restore of the test database (committed rows: a transactional test)."""
    rows = round_trip(tmp_path, settings)
    assert rows["campaigns_residentialgroup"] > 5
