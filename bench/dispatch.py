"""Dispatch throughput through a stub of the Facebook Graph API that answers after 20 ms.

Floor (same run): a bare loop of HTTP posts to the same stub, one at a time, through the
product's own HTTP session (campaigns.dispatch.adapters.social.session(): the same session class,
adapters and headers the adapters use): the ceiling that latency allows (nominally 50 posts/s
at 20 ms).
Value: posts/s of one dispatch worker process (claim, mark, post, record) over 300 due
deliveries. Target: >= 0.8 of the ceiling.
Also: four worker processes over 1.200 deliveries on PostgreSQL; target >= 3x one worker.
All workers are started first and released together, so start-up time is not counted.
"""

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from _django import ROOT, postgres_database_url, setup_django

LATENCY_MS = 20
ONE_WORKER = 300
FOUR_WORKERS = 1200
TOKEN_ENV = "LOA_FACEBOOK_TOKEN_BENCH"  # noqa: S105 - the name of an environment variable
HERE = Path(__file__).resolve().parent


def start_stub():
    process = subprocess.Popen([sys.executable, str(ROOT / "tests" / "stub_social.py"), "--port", "0",
                                "--latency-ms", str(LATENCY_MS)], stdout=subprocess.PIPE, text=True)
    return process, f"http://127.0.0.1:{int(process.stdout.readline())}"


def bare_loop_posts_per_second(stub_url: str, count: int = 100) -> float:
    from campaigns.dispatch.adapters.social import session, timeouts

    http = session()
    started = time.perf_counter()
    for number in range(count):
        http.post(f"{stub_url}/v21.0/1234567890/feed", data={"message": "Nhà ở xã hội", "access_token": "t"},
                  headers={"Idempotency-Key": f"floor-{number}-{time.time()}", "Accept": "application/json"},
                  timeout=timeouts(), allow_redirects=False)
    return count / (time.perf_counter() - started)


def prepare(stub_url: str):
    from campaigns.demo.loader import demo_load
    from campaigns.models import ChannelAccount
    from cms.demo import topic_page_ensure
    from cms.models import ArticlePage, WardHomePage

    campaign = demo_load()["campaign"]
    topic = topic_page_ensure(WardHomePage.objects.get(locality=campaign.ward), campaign)
    article = ArticlePage(title="Tin nhà ở xã hội", slug="tin-bench", intro="Sapo", body=[], campaign=campaign)
    topic.add_child(instance=article)
    article.save_revision().publish()
    ChannelAccount.objects.update_or_create(ward=campaign.ward, channel="facebook", defaults={
        "base_url": f"{stub_url}/v21.0", "account_id": "1234567890", "token_env": TOKEN_ENV})
    return campaign, article


def make_due(campaign, article, count: int) -> None:
    from django.utils import timezone

    from campaigns.models import Publication
    from campaigns.scheduling.expansion import publication_schedule

    start = timezone.now() - dt.timedelta(minutes=count + 5)
    publication = Publication.objects.create(ward=campaign.ward, campaign=campaign, page=article, channel="facebook",
                                             starts_at=start, rrule=f"FREQ=MINUTELY;COUNT={count}")
    publication_schedule(publication=publication, now=start - dt.timedelta(minutes=1))


def run_workers(count: int) -> dict:
    env = {**os.environ, TOKEN_ENV: "bench-token"}
    workers = [subprocess.Popen([sys.executable, str(HERE / "_dispatch_worker.py")], cwd=ROOT, env=env,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for _ in range(count)]
    for worker in workers:
        assert worker.stdout.readline().strip() == "ready"
    for worker in workers:
        worker.stdin.write("go\n")
        worker.stdin.flush()
    reports = [json.loads(worker.stdout.readline()) for worker in workers]
    for worker in workers:
        worker.wait(timeout=60)
    delivered = sum(report["delivered"] for report in reports)
    elapsed = max(r["end"] for r in reports) - min(r["start"] for r in reports)
    return {"delivered": delivered, "seconds": elapsed, "posts_per_s": delivered / elapsed}


def main() -> None:
    url = postgres_database_url("loa_bench_dispatch")
    if url:
        os.environ["DATABASE_URL"] = url
    setup_django(fresh_sqlite=url is None)
    from django.db import connection

    stub, stub_url = start_stub()
    try:
        campaign, article = prepare(stub_url)
        ceiling = bare_loop_posts_per_second(stub_url)
        make_due(campaign, article, ONE_WORKER)
        connection.close()
        one = run_workers(1)
        assert one["delivered"] == ONE_WORKER, one
        four = None
        if connection.vendor == "postgresql":
            make_due(campaign, article, FOUR_WORKERS)
            connection.close()
            four = run_workers(4)
            assert four["delivered"] == FOUR_WORKERS, four
    finally:
        stub.terminate()
        stub.wait(timeout=10)

    print(f"database: {connection.vendor}; stub latency {LATENCY_MS} ms")
    print(f"ceiling (bare HTTP loop): {ceiling:6.1f} posts/s  (nominal {1000 / LATENCY_MS:.0f})")
    print(f"one worker:               {one['posts_per_s']:6.1f} posts/s  ratio {one['posts_per_s'] / ceiling:.2f}"
          f"  (vs nominal {one['posts_per_s'] * LATENCY_MS / 1000:.2f})")
    result = {"bench": "dispatch", "value": round(one["posts_per_s"], 2), "unit": "posts/s",
              "baseline": round(ceiling, 2), "ratio": round(one["posts_per_s"] / ceiling, 3), "target": ">= 0.8",
              "ratio_vs_nominal_50": round(one["posts_per_s"] * LATENCY_MS / 1000, 3), "database": connection.vendor}
    if four:
        scaling = four["posts_per_s"] / one["posts_per_s"]
        print(f"four workers:             {four['posts_per_s']:6.1f} posts/s  = {scaling:.2f}x one worker")
        result.update({"four_workers_posts_per_s": round(four["posts_per_s"], 2),
                       "four_workers_scaling": round(scaling, 3), "four_workers_target": ">= 3"})
    else:
        print("four workers: skipped (needs PostgreSQL: set DATABASE_URL=postgres://…)")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
