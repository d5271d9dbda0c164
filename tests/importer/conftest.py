"""Fixtures for the plan importer tests (pure parsing, no database)."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# importer_testkit.py and importer_variants.py live next to the tests; the
# bench loads the variants too.
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
