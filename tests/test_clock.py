"""The suite's own clock: `make test-future` must really run the tests in the future."""

import datetime as dt
import os
import tempfile

from django.utils import timezone

from tests.conftest import CLOCK_OFFSET_DAYS


def kernel_now() -> dt.datetime:
    """The machine's real time, read from a new file's mtime (not through Python's clock)."""
    with tempfile.NamedTemporaryFile() as handle:
        return dt.datetime.fromtimestamp(os.fstat(handle.fileno()).st_mtime, dt.UTC)


def test_the_clock_is_offset_by_the_requested_days():
    ahead = timezone.now() - kernel_now()
    assert abs(ahead - dt.timedelta(days=CLOCK_OFFSET_DAYS)) < dt.timedelta(minutes=5)
