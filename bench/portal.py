"""Portal home and a campaign topic page with 200 published pieces vs Wagtail's bare default page.

Floor: a plain wagtailcore Page served by Wagtail in the same process and database.
Target: each portal page (steady state: fragments cached until the next publish) takes at most
2x the floor. The uncached render time and its query count are printed too.
"""

import json

from _django import median_seconds, setup_django

PIECES = 200
REPEAT = 30


def main() -> None:
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from wagtail.images import get_image_model
    from wagtail.models import Page, Site

    from cms.demo import demo_load, demo_pieces_bulk
    from cms.models import CampaignTopicPage

    demo_load()
    topic = CampaignTopicPage.objects.get(campaign__ward__slug="hai-an")
    demo_pieces_bulk(topic, count=PIECES, images=list(get_image_model().objects.all()[:2]))
    bare = Page.get_first_root_node().add_child(instance=Page(title="Trang trống", slug="trang-trong"))
    Site.objects.create(hostname="bare.localhost", port=80, root_page=bare)

    client = Client()
    targets = {
        "bare": ("/", "bare.localhost"),
        "home": ("/", "hai-an.localhost:8000"),
        "topic": (topic.url, "hai-an.localhost:8000"),
    }
    from django.core.cache import cache

    timings, queries, uncached = {}, {}, {}
    for name, (url, host) in targets.items():
        client.get(url, HTTP_HOST=host)  # warm: renditions, caches
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            assert client.get(url, HTTP_HOST=host).status_code == 200
        queries[name] = len(context.captured_queries)
        timings[name] = median_seconds(lambda url=url, host=host: client.get(url, HTTP_HOST=host), repeat=REPEAT)

        def cold(url=url, host=host):
            cache.clear()
            client.get(url, HTTP_HOST=host)

        uncached[name] = median_seconds(cold, repeat=10)

    print("page   cached      uncached    queries (uncached)  ratio (cached / bare)")
    for name in targets:
        print(f"{name:6} {timings[name] * 1000:7.2f} ms  {uncached[name] * 1000:7.2f} ms  {queries[name]:3d}"
              f"                 {timings[name] / timings['bare']:.2f}")
    worst = max(timings["home"], timings["topic"])
    print(json.dumps({
        "bench": "portal", "value": round(worst * 1000, 3), "unit": "ms", "baseline": round(timings["bare"] * 1000, 3),
        "ratio": round(worst / timings["bare"], 3), "target": "<= 2",
        "pieces": PIECES, "queries_uncached": queries,
        "uncached_ms": {name: round(value * 1000, 3) for name, value in uncached.items()},
    }))


if __name__ == "__main__":
    main()
