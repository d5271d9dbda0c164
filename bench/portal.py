"""Portal home and a campaign topic page with 200 published pieces, rendered uncached, vs Wagtail's bare page.

Floor: a plain wagtailcore Page served by Wagtail in the same process and database.
Uncached: the portal's fragment cache misses, as on the first view after every publish (each request
is preceded by ``portal_version_bump()``, which is what publishing does), so every selector runs
and every template renders. Targets: the home page at most 3x the floor, the topic page at most
4x, at most 12 queries each. The headline is the topic page; the home page, the cached renders
and the CPU time of each (steadier than wall time on a shared machine) are printed too.
"""

import json
import time
from statistics import median

from _django import setup_django

PIECES = 200
ROUNDS = 40
TARGETS = {"home": 3, "topic": 4}
MAX_QUERIES = 12


def main() -> None:
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from wagtail.images import get_image_model
    from wagtail.models import Page, Site

    from cms.demo import demo_load, demo_pieces_bulk
    from cms.models import CampaignTopicPage
    from cms.portal_cache import portal_version_bump

    demo_load()
    topic = CampaignTopicPage.objects.get(campaign__ward__slug="hai-an")
    demo_pieces_bulk(topic, count=PIECES, images=list(get_image_model().objects.all()[:2]))
    bare = Page.get_first_root_node().add_child(instance=Page(title="Trang trống", slug="trang-trong"))
    Site.objects.create(hostname="bare.localhost", port=80, root_page=bare)

    client = Client()
    pages = {
        "bare": ("/", "bare.localhost"),
        "home": ("/", "hai-an.localhost:8000"),
        "topic": (topic.url, "hai-an.localhost:8000"),
    }

    def get(name: str) -> None:
        url, host = pages[name]
        assert client.get(url, HTTP_HOST=host).status_code == 200

    def uncached(name: str) -> None:
        portal_version_bump()
        get(name)

    queries = {}
    for name in pages:
        uncached(name)  # warm: renditions are created on the first view
        with CaptureQueriesContext(connection) as context:
            uncached(name)
        queries[name] = len(context.captured_queries)

    # Rounds interleave the pages, so a busy moment of the machine slows all of them alike.
    wall = {name: [] for name in pages}
    cpu = {name: [] for name in pages}
    cached = {name: [] for name in pages}
    for _round in range(ROUNDS):
        for name in pages:
            portal_version_bump()
            started, started_cpu = time.perf_counter(), time.process_time()
            get(name)
            wall[name].append(time.perf_counter() - started)
            cpu[name].append(time.process_time() - started_cpu)
            started = time.perf_counter()
            get(name)  # the same page again, its fragments now cached
            cached[name].append(time.perf_counter() - started)

    ms = {name: median(samples) * 1000 for name, samples in wall.items()}
    cpu_ms = {name: median(samples) * 1000 for name, samples in cpu.items()}
    cached_ms = {name: median(samples) * 1000 for name, samples in cached.items()}
    print("page   uncached    (cpu)       cached      queries  ratio (uncached / bare)  target")
    for name in pages:
        target = f"<= {TARGETS[name]}" if name in TARGETS else ""
        print(f"{name:6} {ms[name]:7.2f} ms  {cpu_ms[name]:7.2f} ms  {cached_ms[name]:7.2f} ms  {queries[name]:5d}"
              f"    {ms[name] / ms['bare']:5.2f} (cpu {cpu_ms[name] / cpu_ms['bare']:.2f})          {target}")
    print(json.dumps({
        "bench": "portal", "value": round(ms["topic"], 3), "unit": "ms", "baseline": round(ms["bare"], 3),
        "ratio": round(ms["topic"] / ms["bare"], 3), "target": f"<= {TARGETS['topic']}",
        "pieces": PIECES,
        "home": {"value": round(ms["home"], 3), "ratio": round(ms["home"] / ms["bare"], 3),
                 "target": f"<= {TARGETS['home']}"},
        "cpu_ratio": {name: round(cpu_ms[name] / cpu_ms["bare"], 3) for name in TARGETS},
        "queries": queries, "queries_target": f"<= {MAX_QUERIES}",
        "cached_ms": {name: round(value, 3) for name, value in cached_ms.items()},
    }))


if __name__ == "__main__":
    main()
