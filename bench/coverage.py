"""Coverage matrix of a city-year on PostgreSQL: ``coverage_matrix`` vs the raw GROUP BY of the same numbers.

The bench builds its own database (``--database``, default ``loa_coverage_bench``, on DATABASE_URL's
server, or on postgres://postgres@127.0.0.1:5432): one city with W wards × 40 residential groups, a
campaign per ward under the city's, and two loudspeaker deliveries a day per group for a year (06:00
and 17:00, statuses mixed: confirmed, delivered, missed, cancelled), generated in the database with
``generate_series``, then ``VACUUM ANALYZE`` as autovacuum would do on a live table (it marks the
pages all-visible, which lets PostgreSQL answer from the covering index alone). ``--scale 1`` is the
issue's city-year: 114 wards, 4.560 groups, 3.33 million rows. The default, ``--scale 0.1`` (11
wards, 440 groups, 321.200 rows: the same year for a tenth of the city), keeps a default run short on
the shared 2-core machine (generating 818.000 rows took 203 s there under load); say ``--scale 1`` to
measure the full city-year.

Measured (median of 5 after a warm-up): the city campaign's whole-year matrix through
``campaigns.tracking.coverage.coverage_matrix`` (its five queries, the Python totals per group,
channel, ward and cluster), against the baseline: the one raw SQL ``GROUP BY group, channel, ward``
with ``COUNT(*) FILTER`` that yields the same cells, fetched with a cursor. Target: ratio <= 1.5
and under 2 s. The same for the weekly series per channel is printed for information.
"""

import argparse
import json
import os
import sys
import time
from statistics import median

from _django import postgres_database_url, setup_django

GROUPS_PER_WARD = 40
FULL_WARDS = 114
DAYS = 365
YEAR = 2026
TARGET_RATIO = 1.5
TARGET_SECONDS = 2.0

RAW_MATRIX = """
SELECT d.group_id, d.channel, p.ward_id,
       COUNT(*) FILTER (WHERE d.status IN ('delivered', 'confirmed')) AS reached,
       COUNT(*) FILTER (WHERE d.status <> 'cancelled') AS planned
FROM campaigns_delivery d
JOIN campaigns_publication p ON p.id = d.publication_id
JOIN campaigns_campaign c ON c.id = p.campaign_id
WHERE (c.id = %(campaign)s OR c.parent_id = %(campaign)s) AND d.due_at >= %(low)s AND d.due_at < %(high)s
GROUP BY d.group_id, d.channel, p.ward_id
"""

GENERATE = """
INSERT INTO campaigns_delivery (publication_id, channel, occurrence, due_at, group_id, status, attempts,
                                claimed_by, confirmed_via, status_note, external_id, error, pack, updated_at,
                                roster_position, roster_pinned)
SELECT g.publication_id, 'loudspeaker', t.at, t.at, g.group_id,
       CASE WHEN (g.group_id * 7 + s.n) %% 29 = 0 THEN 'cancelled'
            WHEN (g.group_id * 3 + s.n) %% 11 = 0 THEN 'missed'
            WHEN (g.group_id + s.n) %% 4 = 0 THEN 'delivered'
            ELSE 'confirmed' END,
       1, '', '', '', '', '', '{}'::jsonb, now(), 0, false
FROM (SELECT rg.id AS group_id, pub.id AS publication_id
      FROM campaigns_residentialgroup rg JOIN campaigns_publication pub ON pub.ward_id = rg.ward_id) g
CROSS JOIN generate_series(0, %(slots)s - 1) AS s(n)
CROSS JOIN LATERAL (SELECT %(start)s::timestamptz + (s.n / 2) * interval '1 day'
                           + (s.n %% 2) * interval '11 hours') AS t(at)
"""


def build(wards: int) -> dict:
    import datetime as dt
    from zoneinfo import ZoneInfo

    from django.db import connection, transaction
    from wagtail.models import Page

    from campaigns.models import Campaign, Locality, LocalityKind, Publication, ResidentialGroup

    page = Page.objects.order_by("pk").first()
    start = dt.datetime(YEAR, 1, 1, 6, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with transaction.atomic():
        city = Locality.objects.create(name="Thành phố thử", slug="tp-thu", kind=LocalityKind.CITY)
        localities = Locality.objects.bulk_create(
            Locality(name=f"Phường {n:03d}", slug=f"phuong-{n:03d}", kind=LocalityKind.WARD, parent=city)
            for n in range(1, wards + 1))
        ResidentialGroup.objects.bulk_create(
            ResidentialGroup(ward=ward, name=f"Tổ dân phố số {n}") for ward in localities
            for n in range(1, GROUPS_PER_WARD + 1))
        city_campaign = Campaign.objects.create(ward=city, title="Kế hoạch thành phố", slug="kh-tp",
                                                channels=["loudspeaker"])
        campaigns = Campaign.objects.bulk_create(
            Campaign(ward=ward, parent=city_campaign, title=f"Kế hoạch {ward.name}", slug="kh",
                     channels=["loudspeaker"]) for ward in localities)
        Publication.objects.bulk_create(
            Publication(ward_id=campaign.ward_id, campaign=campaign, page=page, channel="loudspeaker",
                        starts_at=start, rrule="FREQ=DAILY") for campaign in campaigns)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(GENERATE, {"slots": DAYS * 2, "start": start})
        rows = cursor.rowcount
        cursor.execute("VACUUM ANALYZE campaigns_delivery")
    return {"campaign": city_campaign, "rows": rows, "generate_s": time.perf_counter() - started}


def timed(action, repeat: int = 5) -> float:
    action()  # warm-up
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.1,
                        help="share of the 114 wards of the city-year (default 0.1; 1 = 3,3 million rows)")
    parser.add_argument("--database", default="loa_coverage_bench", help="PostgreSQL database to recreate")
    args = parser.parse_args()
    if not 0 < args.scale <= 4:
        sys.exit("--scale phải lớn hơn 0 và không quá 4.")
    url = postgres_database_url(args.database)
    if url is None:
        sys.exit("Bench coverage cần PostgreSQL (DATABASE_URL hoặc postgres://postgres@127.0.0.1:5432).")
    os.environ["DATABASE_URL"] = url
    setup_django(fresh_sqlite=False)
    import datetime as dt

    from django.db import connection

    from campaigns.tracking.coverage import coverage_matrix, day_bounds, weekly_by_channel

    wards = max(1, round(FULL_WARDS * args.scale))
    built = build(wards)
    campaign = built["campaign"]
    first, last = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
    low, high = day_bounds(first, last)

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(RAW_MATRIX, {"campaign": campaign.pk, "low": low, "high": high})
            return cursor.fetchall()

    def ours():
        return coverage_matrix(campaign=campaign, start=first, end=last)

    matrix = ours()
    cells = raw()
    assert sum(r[4] for r in cells) == matrix.total.planned and sum(r[3] for r in cells) == matrix.total.reached
    assert len(matrix.rows) == wards * GROUPS_PER_WARD
    baseline = timed(raw)
    value = timed(ours)
    weekly = timed(lambda: weekly_by_channel(campaign=campaign, start=first, end=last), repeat=3)
    print(f"scale {args.scale}: {wards} wards × {GROUPS_PER_WARD} groups × 2 a day × {DAYS} days = "
          f"{built['rows']:,} rows, generated in {built['generate_s']:.1f} s".replace(",", "."))
    print(f"raw GROUP BY      {baseline * 1000:8.1f} ms ({len(cells)} cells)")
    print(f"coverage_matrix   {value * 1000:8.1f} ms (ratio {value / baseline:.2f}, target <= {TARGET_RATIO} "
          f"and < {TARGET_SECONDS:.0f} s)")
    print(f"weekly_by_channel {weekly * 1000:8.1f} ms (information)")
    print(json.dumps({
        "bench": "coverage", "value": round(value, 4), "unit": "s", "baseline": round(baseline, 4),
        "ratio": round(value / baseline, 3), "target": f"<= {TARGET_RATIO} and value < {TARGET_SECONDS}",
        "rows": built["rows"], "scale": args.scale,
    }))


if __name__ == "__main__":
    main()
