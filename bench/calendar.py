"""The calendar's month view with 5.000 deliveries vs with 50, and vs Wagtail's admin dashboard.

Two wards, the same month (March 2027, clear of the demo's own schedules): Hải An holds 5.000
deliveries of a meeting publication (417 occurrences × 12 groups, spread over the month), Hà Bắc 50.
A superuser opens the month of each (``?ward=``) and Wagtail's dashboard (``/admin/``), interleaved
round by round so a busy moment slows all three alike. Targets: 5.000 ≤ 2× 50 (the entries are read
by one GROUP BY query, so the cost follows the occurrences shown, not the deliveries), and the
5.000 month ≤ 3× the dashboard. The headline (last line, JSON) is the 5.000 month vs the 50 month.
"""

import sys
from pathlib import Path

# This file is named as DESIGN.md fixes it, which is also the standard library's ``calendar``: take
# its folder off the import path before anything imports the real one, and load _django by path.
HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]

import datetime as dt  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
from statistics import median  # noqa: E402


def _load_by_path(name: str):
    """A helper module of this folder, which is no longer on the import path (``_django`` imports
    ``_stdlib_first`` by name, so each is registered in ``sys.modules``)."""
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


_load_by_path("_stdlib_first")
setup_django = _load_by_path("_django").setup_django

ROUNDS = 9
MONTH = "2027-03"
TARGETS = {"vs_small": 2, "vs_dashboard": 3}


def add_deliveries(publication, count: int) -> None:
    from campaigns.models import Delivery, ResidentialGroup
    from campaigns.scheduling.recurrence import LOCAL_TZ

    groups = list(ResidentialGroup.objects.filter(ward=publication.ward).order_by("pk").values_list("pk", flat=True))
    rows = []
    for index in range(count):
        number = index // len(groups)
        moment = (dt.datetime(2027, 3, 1 + number % 31, 7, tzinfo=LOCAL_TZ)
                  + dt.timedelta(minutes=15 * (number // 31)))
        rows.append(Delivery(publication=publication, channel=publication.channel, occurrence=moment,
                             due_at=moment, group_id=groups[index % len(groups)]))
    Delivery.objects.bulk_create(rows, batch_size=1000)


def main() -> None:
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from campaigns.models import Campaign, CampaignStatus, Locality, Publication
    from cms.demo import demo_load
    from cms.models import LoudspeakerScriptPage

    demo_load()
    page = LoudspeakerScriptPage.objects.live().first()
    wards = {}
    for slug, count in (("hai-an", 5000), ("ha-bac", 50)):
        ward = Locality.objects.get(slug=slug)
        campaign = Campaign.objects.create(ward=ward, title=f"Kế hoạch đo lịch {slug}", slug=f"do-lich-{slug}",
                                           status=CampaignStatus.ACTIVE, period_start=dt.date(2027, 1, 1),
                                           period_end=dt.date(2027, 12, 31))
        publication = Publication.objects.create(ward=ward, campaign=campaign, page=page, channel="meeting",
                                                 starts_at=dt.datetime(2027, 3, 1, 7, tzinfo=dt.UTC))
        add_deliveries(publication, count)
        wards[slug] = ward.pk
    admin = get_user_model().objects.create_superuser("bench-calendar", "bench@example.vn", "x")
    client = Client()
    client.force_login(admin)
    urls = {
        "month_5000": f"/admin/lich/?thang={MONTH}&ward={wards['hai-an']}",
        "month_50": f"/admin/lich/?thang={MONTH}&ward={wards['ha-bac']}",
        "dashboard": "/admin/",
    }

    def get(name: str) -> None:
        response = client.get(urls[name])
        assert response.status_code == 200, (name, response.status_code)

    queries = {}
    for name in urls:
        get(name)  # warm
        with CaptureQueriesContext(connection) as context:
            get(name)
        queries[name] = len(context.captured_queries)

    wall = {name: [] for name in urls}
    cpu = {name: [] for name in urls}
    for _round in range(ROUNDS):
        for name in urls:
            started, started_cpu = time.perf_counter(), time.process_time()
            get(name)
            wall[name].append(time.perf_counter() - started)
            cpu[name].append(time.process_time() - started_cpu)
    ms = {name: median(samples) * 1000 for name, samples in wall.items()}
    cpu_ms = {name: median(samples) * 1000 for name, samples in cpu.items()}
    vs_small = ms["month_5000"] / ms["month_50"]
    vs_dashboard = ms["month_5000"] / ms["dashboard"]
    print("page        median       (cpu)       queries")
    for name in urls:
        print(f"{name:11} {ms[name]:8.2f} ms  {cpu_ms[name]:8.2f} ms  {queries[name]:5d}")
    print(f"5.000 vs 50: {vs_small:.2f} (target <= {TARGETS['vs_small']}); "
          f"5.000 vs dashboard: {vs_dashboard:.2f} (target <= {TARGETS['vs_dashboard']})")
    print(json.dumps({
        "bench": "calendar", "value": round(ms["month_5000"], 3), "unit": "ms",
        "baseline": round(ms["month_50"], 3), "ratio": round(vs_small, 3), "target": f"<= {TARGETS['vs_small']}",
        "dashboard": {"baseline": round(ms["dashboard"], 3), "ratio": round(vs_dashboard, 3),
                      "target": f"<= {TARGETS['vs_dashboard']}"},
        "cpu_ratio": {"vs_small": round(cpu_ms["month_5000"] / cpu_ms["month_50"], 3),
                      "vs_dashboard": round(cpu_ms["month_5000"] / cpu_ms["dashboard"], 3)},
        "queries": queries,
    }))


if __name__ == "__main__":
    main()
