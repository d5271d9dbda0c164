"""Backing up and restoring the whole installation: the database and the uploaded files.

A backup is a folder:

- ``database.sqlite3`` (SQLite, copied with SQLite's online backup, consistent while the site runs)
  or ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``);
- ``media/``, a copy of ``MEDIA_ROOT`` (uploads are on disk; with S3 storage the bucket has its own
  versioning and is not copied here);
- ``manifest.json``: engine, time, the row count of every table and the SHA-256 of every file, so a
  restore can prove it brought back what was saved.

``restore`` checks the checksums before touching anything, replaces the database and the media
folder, then compares the row counts with the manifest.
"""

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections
from django.utils import timezone

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
MEDIA_DIR = "media"


class BackupError(Exception):
    """A message for the person running the command (Vietnamese)."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def row_counts(alias: str = "default") -> dict[str, int]:
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        counts[model._meta.db_table] = model._default_manager.using(alias).count()
    return dict(sorted(counts.items()))


def media_checksums(root: Path) -> dict[str, str]:
    if not root.is_dir():
        return {}
    return {str(path.relative_to(root)): file_sha256(path) for path in sorted(root.rglob("*")) if path.is_file()}


def _engine(alias: str) -> str:
    engine = connections[alias].settings_dict["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại {engine}.")


def _pg_env(settings_dict: dict) -> dict:
    env = {**os.environ, "PGHOST": settings_dict.get("HOST") or "127.0.0.1",
           "PGPORT": str(settings_dict.get("PORT") or 5432), "PGUSER": settings_dict.get("USER") or "postgres"}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]  # passed to the child only, never logged
    return env


def backup(output: Path, *, alias: str = "default", media_root: Path | None = None) -> dict:
    media_root = Path(media_root or settings.MEDIA_ROOT)
    output = Path(output)
    if output.exists() and any(output.iterdir()):
        raise BackupError(f"Thư mục {output} đã có dữ liệu: hãy chọn một thư mục mới.")
    output.mkdir(parents=True, exist_ok=True)
    engine = _engine(alias)
    connection = connections[alias]
    counts = row_counts(alias)
    if engine == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(output / SQLITE_FILE)
        with target:
            connection.connection.backup(target)
        target.close()
        files = [SQLITE_FILE]
    else:
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={output / PG_FILE}",
                        connection.settings_dict["NAME"]], env=_pg_env(connection.settings_dict), check=True)
        files = [PG_FILE]
    if media_root.is_dir():
        shutil.copytree(media_root, output / MEDIA_DIR)
    manifest = {
        "engine": engine,
        "created_at": timezone.now().isoformat(),
        "rows": counts,
        "files": {name: file_sha256(output / name) for name in files},
        "media": media_checksums(output / MEDIA_DIR),
    }
    (output / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def read_manifest(folder: Path) -> dict:
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"Không đọc được {MANIFEST} trong {folder}: đây không phải một bản sao lưu.") from error
    for name, checksum in manifest.get("files", {}).items():
        if not (folder / name).is_file() or file_sha256(folder / name) != checksum:
            raise BackupError(f"Tệp {name} của bản sao lưu bị thiếu hoặc đã bị thay đổi: không khôi phục.")
    if media_checksums(folder / MEDIA_DIR) != manifest.get("media", {}):
        raise BackupError("Tệp tải lên trong bản sao lưu không khớp với danh sách: không khôi phục.")
    return manifest


def restore(folder: Path, *, alias: str = "default", media_root: Path | None = None) -> dict:
    """Replace the database and media with the backup's; returns the tables whose counts differ (none)."""
    folder = Path(folder)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    manifest = read_manifest(folder)
    engine = _engine(alias)
    if manifest["engine"] != engine:
        raise BackupError(f"Bản sao lưu là {manifest['engine']}, cơ sở dữ liệu hiện tại là {engine}.")
    connection = connections[alias]
    if engine == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(folder / SQLITE_FILE)
        with source:
            source.backup(connection.connection)  # page by page into the live file, WAL included
        source.close()
    else:
        connection.close()
        subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                        f"--dbname={connection.settings_dict['NAME']}", str(folder / PG_FILE)],
                       env=_pg_env(connection.settings_dict), check=True)
    if media_root.exists():
        shutil.rmtree(media_root)
    if (folder / MEDIA_DIR).is_dir():
        shutil.copytree(folder / MEDIA_DIR, media_root)
    else:
        media_root.mkdir(parents=True)
    restored = row_counts(alias)
    return {table: (count, restored.get(table)) for table, count in manifest["rows"].items()
            if restored.get(table) != count}


def created_at(manifest: dict) -> str:
    return f"{timezone.localtime(dt.datetime.fromisoformat(manifest['created_at'])):%H:%M %d/%m/%Y}"
