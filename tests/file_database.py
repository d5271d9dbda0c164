"""A fixture putting Django's default connection on a file copy of the (in-memory) test database.

Tests that need a real file (a lock held by another connection, another process such as a
``qcluster`` on the same database) use it; the copy already has every migration applied.
"""

import copy
import shutil
import sqlite3

import pytest
from django.db import connections

BUSY_TIMEOUT = 20  # SQLite's busy timeout on the copy, in seconds; tests may lower it


@pytest.fixture(scope="session")
def migrated_database_file(django_db_setup, django_db_blocker, tmp_path_factory):
    """The test database copied to a file once, before any test's transaction is open (SQLite's
    backup of a shared in-memory database waits for ever on an open write transaction)."""
    if connections["default"].vendor != "sqlite":
        pytest.skip("a file copy of the test database is made on SQLite only (the unit tests' database)")
    path = tmp_path_factory.mktemp("loa-db") / "migrated.sqlite3"
    with django_db_blocker.unblock():
        memory = connections["default"]
        memory.ensure_connection()
        target = sqlite3.connect(path)
        memory.connection.backup(target)
        target.close()
    return path


@pytest.fixture
def file_database(migrated_database_file, db, tmp_path):
    """Django's default connection on a file copy of the test database; yields the file's path.

    The ``db`` fixture's transaction stays open on the in-memory database, set aside with its
    connection; what a test writes goes to the file, which is thrown away."""
    path = tmp_path / "loa.sqlite3"
    shutil.copyfile(migrated_database_file, path)
    memory = connections["default"]
    settings_dict = copy.deepcopy(memory.settings_dict)
    settings_dict["NAME"] = str(path)
    settings_dict["OPTIONS"] = {**settings_dict.get("OPTIONS", {}), "timeout": BUSY_TIMEOUT}
    on_file = type(memory)(settings_dict, alias="default")
    connections["default"] = on_file
    try:
        yield path
    finally:
        on_file.close()
        connections["default"] = memory
