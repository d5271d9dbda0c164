"""A dispatch worker process for bench/dispatch.py: set up Django, say "ready", wait for "go",
run one dispatch pass, print a JSON line with what it did and when."""

import json
import sys
import time
from dataclasses import asdict

from _django import setup_django


def main() -> None:
    setup_django(fresh_sqlite=False, migrate=False)
    from django.db import connection

    from campaigns.dispatch.runner import dispatch_due

    connection.ensure_connection()
    print("ready", flush=True)
    sys.stdin.readline()
    started = time.time()
    report = dispatch_due()
    print(json.dumps({"start": started, "end": time.time(), **asdict(report)}), flush=True)


if __name__ == "__main__":
    main()
