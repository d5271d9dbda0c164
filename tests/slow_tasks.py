"""A task for the qcluster tests: says which process runs it, then works (sleeps) for a long time."""

import os
import time
from pathlib import Path


def long_task(marker: str, seconds: float) -> None:
    Path(marker).write_text(str(os.getpid()))
    time.sleep(seconds)
