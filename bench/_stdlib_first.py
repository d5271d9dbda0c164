"""Imported first by the benches: ``bench/calendar.py`` (the name DESIGN.md fixes) would otherwise hide
Python's ``calendar`` module from every script in this folder (http.cookiejar, email, requests…).
Load the real one while this folder is off the import path; ``sys.modules`` keeps it."""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if getattr(sys.modules.get("calendar"), "__file__", None) in (None, str(HERE / "calendar.py")):
    saved = sys.path[:]
    sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
    sys.modules.pop("calendar", None)
    import calendar  # noqa: E402, F401

    sys.path[:] = saved
