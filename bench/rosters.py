"""The loudspeaker roster: a week of one cluster (14 slots, 6 items each) as printable HTML, from the
database (roster service + QR codes + template), vs rendering the same template with a context
computed beforehand. Target: at most 1.5x, with the same number of queries for a day and a week.
Also the PDF of one day (WeasyPrint), target under 2 s.

Wall-clock medians are the result (the convention); the process's CPU time is printed beside them,
because on a machine shared by other jobs the wall clock also counts the time spent waiting for a core.
"""

import datetime as dt
import json
import os
import time
from statistics import median

from _django import setup_django

ITEMS_PER_SLOT = 6
ROUNDS = 11
TARGET = 1.5
PDF_TARGET_S = 2.0
FIRST_DAY = dt.date(2030, 1, 7)


def main() -> None:
    setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from campaigns.demo.loader import demo_load
    from campaigns.models import AudienceKind, LoudspeakerCluster, Publication
    from campaigns.reports.rosters.render import (
        html_to_pdf,
        print_context,
        qr_svg,
        render_context_html,
        roster_html,
    )
    from campaigns.reports.rosters.roster import cluster_roster
    from campaigns.scheduling.expansion import publication_schedule
    from campaigns.scheduling.recurrence import LOCAL_TZ
    from cms.demo import topic_page_ensure
    from cms.models import LoudspeakerScriptPage, WardHomePage

    campaign = demo_load()["campaign"]
    topic = topic_page_ensure(WardHomePage.objects.get(locality__slug="hai-an"), campaign)
    cluster = LoudspeakerCluster.objects.select_related("ward").get(ward__slug="hai-an", slug="cum-1")
    starts_at = dt.datetime.combine(FIRST_DAY, dt.time(6), tzinfo=LOCAL_TZ)
    for index in range(ITEMS_PER_SLOT):
        page = LoudspeakerScriptPage(
            title=f"Bài phát thanh số {index + 1} về nhà ở xã hội", slug=f"bai-ban-do-{index + 1}",
            campaign=campaign, priority=("normal", "priority", "urgent")[index % 3],
            text=("Kính thưa bà con nhân dân phường Hải An. Thực hiện Nghị quyết 02-NQ/TU, thành phố phấn đấu "
                  "hoàn thành 32.900 căn nhà ở xã hội giai đoạn 2026 - 2030. ") * 3)
        topic.add_child(instance=page)
        page.save_revision().publish()
        publication = Publication.objects.create(
            ward=campaign.ward, campaign=campaign, page=page, channel="loudspeaker",
            audience=AudienceKind.CLUSTERS, starts_at=starts_at, rrule="FREQ=DAILY;BYHOUR=6,17;COUNT=14")
        publication.clusters.set([cluster])
        publication_schedule(publication=publication, now=starts_at - dt.timedelta(days=1))

    roster = cluster_roster(cluster, first_day=FIRST_DAY, days=7)
    slots = [section for day in roster.days for section in day.slots]
    assert len(slots) == 14 and all(len(section.items) == ITEMS_PER_SLOT for section in slots), \
        [len(section.items) for section in slots]
    queries = {}
    for days in (1, 7):
        with CaptureQueriesContext(connection) as context:
            cluster_roster(cluster, first_day=FIRST_DAY, days=days)
        queries[days] = len(context.captured_queries)
    precomputed = print_context([roster])

    def full():
        roster_html([cluster_roster(cluster, first_day=FIRST_DAY, days=7)])

    def baseline():
        render_context_html(precomputed)

    full(), baseline()  # warm the template cache
    timings = {"full": [], "baseline": []}
    cpu = {"full": [], "baseline": []}
    for _round in range(ROUNDS):
        for name, action in (("baseline", baseline), ("full", full)):
            started, started_cpu = time.perf_counter(), time.process_time()
            action()
            timings[name].append(time.perf_counter() - started)
            cpu[name].append(time.process_time() - started_cpu)
    started = time.perf_counter()
    cluster_roster(cluster, first_day=FIRST_DAY, days=7)
    build_ms = (time.perf_counter() - started) * 1000
    qr_svg.cache_clear()
    started = time.perf_counter()
    print_context([roster])
    qr_ms = (time.perf_counter() - started) * 1000
    full_ms = median(timings["full"]) * 1000
    base_ms = median(timings["baseline"]) * 1000
    full_cpu_ms = median(cpu["full"]) * 1000
    base_cpu_ms = median(cpu["baseline"]) * 1000

    day_html = roster_html([cluster_roster(cluster, first_day=FIRST_DAY)])
    html_to_pdf(day_html)  # fonts are loaded on the first PDF of a process
    pdf_samples, pdf_cpu = [], []
    for _round in range(3):
        started, started_cpu = time.perf_counter(), time.process_time()
        html_to_pdf(roster_html([cluster_roster(cluster, first_day=FIRST_DAY)]))
        pdf_samples.append(time.perf_counter() - started)
        pdf_cpu.append(time.process_time() - started_cpu)
    pdf_s = median(pdf_samples)

    print(f"week HTML from the database: {full_ms:.1f} ms; same template, precomputed context: {base_ms:.1f} ms;"
          f" ratio {full_ms / base_ms:.2f} (target <= {TARGET})")
    print(f"CPU time of this process: {full_cpu_ms:.1f} ms vs {base_cpu_ms:.1f} ms;"
          f" ratio {full_cpu_ms / base_cpu_ms:.2f} (load average {os.getloadavg()[0]:.1f})")
    print(f"of which: roster service {build_ms:.1f} ms; 14 QR codes drawn afresh {qr_ms:.1f} ms (cached per URL after)")
    print(f"queries: a day {queries[1]}, a week {queries[7]}; PDF of one day: {pdf_s:.2f} s (target < {PDF_TARGET_S})")
    print(json.dumps({
        "bench": "roster", "value": round(full_ms, 3), "unit": "ms", "baseline": round(base_ms, 3),
        "ratio": round(full_ms / base_ms, 3), "target": f"<= {TARGET}",
        "slots": len(slots), "items_per_slot": ITEMS_PER_SLOT, "queries": queries,
        "pdf_day_s": round(pdf_s, 3), "pdf_day_cpu_s": round(median(pdf_cpu), 3),
        "cpu_ms": round(full_cpu_ms, 3), "cpu_baseline_ms": round(base_cpu_ms, 3),
        "cpu_ratio": round(full_cpu_ms / base_cpu_ms, 3),
        "service_ms": round(build_ms, 3), "qr_uncached_ms": round(qr_ms, 3), "pdf_target": f"< {PDF_TARGET_S} s",
    }))


if __name__ == "__main__":
    main()
