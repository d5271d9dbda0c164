"""Put on PYTHONPATH by tests that start Django in a subprocess (e.g. a real qcluster): the child sees the
same clock as the test run, shifted by LOA_CLOCK_OFFSET_DAYS (tests/conftest.py, `make test-future`)."""

import datetime as dt
import os

_DAYS = int(os.environ.get("LOA_CLOCK_OFFSET_DAYS") or 0)
if _DAYS:
    import time_machine

    time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=_DAYS), tick=True).start()
