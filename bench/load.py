"""The public portal under gunicorn with concurrent loopback clients: requests/s, p99, correctness.

A throw-away SQLite database with the demo wards and their portal home pages (or DATABASE_URL),
served by ``gunicorn`` (WORKERS sync workers) on 127.0.0.1; CLIENTS threads each send requests back
to back for SECONDS per phase.
Baseline, same run and server: ``/readyz`` (the same middleware stack, one tiny query). Headline:
the ward home page's requests/s as a ratio of the baseline's. Correct means every answer is 200
and names the ward (the page of the ward the Host asks for, never another's).

Run: ``python bench/load.py [--clients 8] [--seconds 8] [--workers 2]`` (default < 2 minutes).
"""

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _django import setup_django

ROOT = Path(__file__).resolve().parent.parent
WARD_HOST = "hai-an.localhost"
TARGET = ">= 0.1"  # the portal page is at least a tenth of the trivial probe's throughput


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def phase(port: int, path: str, *, clients: int, seconds: float, expect: str) -> dict:
    latencies, errors, lock = [], [], threading.Lock()
    deadline = time.monotonic() + seconds

    def client():
        mine, bad = [], 0
        while time.monotonic() < deadline:
            started = time.perf_counter()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                connection.request("GET", path, headers={"Host": WARD_HOST})
                response = connection.getresponse()
                body = response.read().decode("utf-8", "replace")
                if response.status != 200 or expect not in body:
                    bad += 1
            except OSError:
                bad += 1
            finally:
                connection.close()
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            errors.append(bad)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else float("nan")
    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "p99_ms": p99 * 1000,
            "p50_ms": latencies[len(latencies) // 2] * 1000 if latencies else float("nan"), "errors": sum(errors)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()

    # The server's processes must see the uploads the demo makes here: one settings module for both.
    settings_dir = tempfile.mkdtemp(prefix="loa-load-")
    (Path(settings_dir) / "loa_load_settings.py").write_text(
        f"from cms.settings.test import *  # noqa: F403\nMEDIA_ROOT = {str(Path(settings_dir) / 'media')!r}\n")
    sys.path.insert(0, settings_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "loa_load_settings"
    setup_django()
    from campaigns.demo.loader import demo_load  # places, plan, users and each ward's portal home page

    demo_load()
    port = free_port()
    env = {**os.environ, "PYTHONPATH": f"{ROOT}:{settings_dir}"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "cms.wsgi:application", "--workers",
                               str(options.workers), "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
                              cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.2)
        # warm every worker: templates, caches, and /readyz's migration check (made once per process)
        phase(port, "/", clients=options.workers * 2, seconds=2, expect="Hải An")
        phase(port, "/readyz", clients=options.workers * 2, seconds=2, expect='"ready": true')
        baseline = phase(port, "/readyz", clients=options.clients, seconds=options.seconds, expect='"ready": true')
        home = phase(port, "/", clients=options.clients, seconds=options.seconds, expect="Hải An")
    finally:
        server.terminate()
        server.wait(timeout=30)
    for name, result in (("readyz", baseline), ("home", home)):
        print(f"{name:7} {result['requests']:6d} req  {result['rps']:8.1f} req/s  p50 {result['p50_ms']:7.1f} ms  "
              f"p99 {result['p99_ms']:7.1f} ms  errors {result['errors']}")
    print(json.dumps({
        "bench": "load", "value": round(home["rps"], 1), "unit": "req/s", "baseline": round(baseline["rps"], 1),
        "ratio": round(home["rps"] / baseline["rps"], 3), "target": TARGET,
        "p99_ms": round(home["p99_ms"], 1), "baseline_p99_ms": round(baseline["p99_ms"], 1),
        "errors": home["errors"] + baseline["errors"], "requests": home["requests"] + baseline["requests"],
        "clients": options.clients, "workers": options.workers, "seconds": options.seconds,
    }))


if __name__ == "__main__":
    main()
