"""Expansion of a ward-year: 40 residential groups x 2 loudspeaker slots x 365 days (29.200 deliveries).

Value: ``publication_schedule`` (the product's expansion: recurrence, audience, bulk writes).
Baseline: a raw ``executemany`` INSERT of the very same rows into the same table, same run.
Target: ratio <= 2. Last line: the JSON result.
"""

import datetime as dt
import json
import time
from statistics import median

from _django import setup_django

GROUPS = 40
GROUPS_PER_CLUSTER = 10
DAYS = 365
RUNS = 3  # medians of three runs each, same database


def build_ward():
    from campaigns.demo.loader import demo_load
    from campaigns.models import BroadcastSlot, Locality, LoudspeakerCluster, Publication, ResidentialGroup
    from campaigns.models.fields import ALL_WEEKDAYS
    from cms.demo import topic_page_ensure
    from cms.models import LoudspeakerScriptPage, WardHomePage

    campaign = demo_load()["campaign"]
    ward = Locality.objects.get(slug="hai-an")
    groups = [ResidentialGroup.objects.get_or_create(ward=ward, name=f"Tổ đo kiểm {n}")[0] for n in range(GROUPS)]
    LoudspeakerCluster.objects.filter(ward=ward).delete()
    for index in range(GROUPS // GROUPS_PER_CLUSTER):
        cluster = LoudspeakerCluster.objects.create(ward=ward, name=f"Cụm đo kiểm {index}")
        cluster.groups.set(groups[index * GROUPS_PER_CLUSTER:(index + 1) * GROUPS_PER_CLUSTER])
        for start, end in ((dt.time(6), dt.time(6, 30)), (dt.time(17), dt.time(17, 30))):
            BroadcastSlot.objects.create(cluster=cluster, start=start, end=end, weekdays=ALL_WEEKDAYS)
    topic = topic_page_ensure(WardHomePage.objects.get(locality=ward), campaign)
    script = LoudspeakerScriptPage(title="Bài đo kiểm", slug="bai-do-kiem", campaign=campaign,
                                   text="Kính thưa bà con nhân dân. " * 20)
    topic.add_child(instance=script)
    script.save_revision().publish()
    campaign.period_end = dt.date(2030, 12, 31)
    campaign.save()
    start = dt.datetime.combine(dt.date.today() + dt.timedelta(days=1), dt.time(6),
                                tzinfo=dt.timezone(dt.timedelta(hours=7)))
    publication = Publication.objects.create(
        ward=ward, campaign=campaign, page=script, channel="loudspeaker", starts_at=start,
        rrule=f"FREQ=DAILY;BYHOUR=6,17;BYMINUTE=0;COUNT={2 * DAYS}",
    )
    return publication


def raw_executemany(rows) -> float:
    from django.db import connection, transaction

    from campaigns.models import Delivery

    table = Delivery._meta.db_table
    columns = ["publication_id", "channel", "occurrence", "group_id", "cluster_id", "due_at", "status", "attempts",
               "claimed_by", "external_id", "error", "pack", "updated_at", "confirmed_via", "status_note",
               "roster_position", "roster_pinned"]
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608 - fixed names
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return time.perf_counter() - started


def main() -> None:
    setup_django()
    from django.db import connection
    from django.utils import timezone

    from campaigns.models import Delivery
    from campaigns.scheduling.expansion import publication_schedule

    publication = build_ward()
    deliveries = Delivery.objects.filter(publication=publication)
    orm_runs, raw_runs = [], []
    for _run in range(RUNS):
        deliveries.delete()
        started = time.perf_counter()
        result = publication_schedule(publication=publication)
        orm_runs.append(time.perf_counter() - started)
    count = deliveries.count()

    adapt = connection.ops.adapt_datetimefield_value
    now = adapt(timezone.now())
    rows = [
        (publication.pk, row.channel, adapt(row.occurrence), row.group_id, row.cluster_id, adapt(row.due_at),
         row.status, 0, "", "", "", "{}", now, "", "", 0, False)
        for row in deliveries
    ]
    for _run in range(RUNS):
        deliveries.delete()
        raw_runs.append(raw_executemany(rows))

    publication_schedule(publication=publication)
    noop = time.perf_counter()
    publication_schedule(publication=publication)
    noop_seconds = time.perf_counter() - noop
    orm_seconds, raw_seconds = median(orm_runs), median(raw_runs)

    print(f"deliveries: {count} (created {result.created}) on {connection.vendor}")
    print(f"ORM expansion (publication_schedule): {orm_seconds:.3f} s (median of {RUNS})")
    print(f"raw executemany of the same rows:     {raw_seconds:.3f} s (median of {RUNS})")
    print(f"re-expansion with nothing to change:  {noop_seconds:.3f} s")
    print(json.dumps({
        "bench": "expansion", "value": round(orm_seconds, 4), "unit": "s", "baseline": round(raw_seconds, 4),
        "ratio": round(orm_seconds / raw_seconds, 3), "target": "<= 2", "deliveries": count,
        "noop_reexpansion_s": round(noop_seconds, 4), "vendor": connection.vendor,
    }))


if __name__ == "__main__":
    main()
