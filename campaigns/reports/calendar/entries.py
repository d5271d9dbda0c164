"""Calendar entries: the deliveries of a period grouped per publication occurrence, e.g.
"Bài phát thanh X · 3 cụm loa · 06:00" with how many are planned, held, failed…

One aggregate query (GROUP BY publication and occurrence, status counts by conditional COUNT) and
one for the publications' names read them, however many deliveries the period holds: the month of a
ward with 5.000 deliveries costs the same queries as one with 50.
"""

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from campaigns.content.channels import PER_GROUP_CHANNELS, Channel
from campaigns.models import Delivery, DeliveryStatus, Publication
from campaigns.scheduling.recurrence import LOCAL_TZ

# Statuses a supervisor must look at, and those a drag may still move (nobody acted on them yet).
ATTENTION_STATUSES = (DeliveryStatus.HELD, DeliveryStatus.FAILED, DeliveryStatus.NEEDS_CHECK, DeliveryStatus.MISSED)
MOVABLE_STATUSES = (DeliveryStatus.PLANNED, DeliveryStatus.HELD, DeliveryStatus.CANCELLED)
OVERDUE_STATUSES = (DeliveryStatus.PLANNED, DeliveryStatus.READY)
SEQUENCE_EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


@dataclass
class Entry:
    publication_id: int
    occurrence: dt.datetime
    due_at: dt.datetime  # the earliest delivery of the occurrence, local time
    channel: str
    title: str
    campaign_id: int
    campaign_title: str
    ward_id: int
    ward_name: str
    deliveries: int
    groups: int
    clusters: int
    counts: dict[str, int]  # status -> deliveries
    overdue: int
    changed_at: dt.datetime | None  # the last change of its deliveries or publication (read for feeds)
    publication_cancelled: bool
    # (code, label) of every status in the lifecycle's order and {code: label} of the channels,
    # translated once per read and shared by its entries (a month shows hundreds).
    status_labels: list[tuple[str, str]] = field(default_factory=list, repr=False)
    channel_labels: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def day(self) -> dt.date:
        return self.due_at.date()

    @property
    def channel_label(self) -> str:
        return self.channel_labels.get(self.channel) or str(Channel(self.channel).label)

    @property
    def audience(self) -> str:
        if self.channel == Channel.LOUDSPEAKER:
            return f"{self.clusters} cụm loa"
        if self.channel in PER_GROUP_CHANNELS:
            return f"{self.groups} tổ/thôn"
        return "toàn phường/xã"

    @property
    def label(self) -> str:
        return f"{self.title} · {self.audience} · {self.due_at:%H:%M}"

    @cached_property
    def cancelled(self) -> bool:
        """Every delivery of the occurrence is cancelled (or the publication is)."""
        return self.publication_cancelled or self.counts.get(DeliveryStatus.CANCELLED, 0) == self.deliveries

    @cached_property
    def status_counts(self) -> list[tuple[str, str, int]]:
        """(code, Vietnamese label, count) of the statuses present, in the lifecycle's order."""
        labels = self.status_labels or [(code, str(label)) for code, label in DeliveryStatus.choices]
        return [(code, label, self.counts[code]) for code, label in labels if self.counts.get(code)]

    @property
    def attention(self) -> bool:
        return self.overdue > 0 or any(self.counts.get(code) for code in ATTENTION_STATUSES)

    @cached_property
    def key(self) -> str:
        """The occurrence's reference in URLs and forms: ``<publication id>@<ISO occurrence>``."""
        return f"{self.publication_id}@{self.occurrence.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"

    @property
    def uid(self) -> str:
        """Stable per occurrence, across moves of its delivery times and re-expansions."""
        return f"loa-{self.publication_id}-{self.occurrence.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}@loa"

    @property
    def sequence(self) -> int:
        """RFC 5545 SEQUENCE, which may never go down: the last change of the occurrence's deliveries or
        of its publication (in seconds since 2020), one more once it is cancelled. Bulk updates of
        deliveries do not touch ``updated_at``, hence the publication's times and the cancellation."""
        seconds = int((self.changed_at - SEQUENCE_EPOCH).total_seconds())
        return max(0, seconds) * 2 + (1 if self.cancelled else 0)

    def movable(self, now: dt.datetime) -> bool:
        pending = sum(self.counts.get(code, 0) for code in MOVABLE_STATUSES)
        return not self.publication_cancelled and self.occurrence > now and pending == self.deliveries


def calendar_entries(*, filters, window: tuple[dt.datetime, dt.datetime], now: dt.datetime | None = None,
                     with_changes: bool = False) -> list[Entry]:
    """The entries whose deliveries fall in ``window``, earliest first.

    Two queries whatever the number of deliveries: the deliveries grouped by occurrence on narrow
    keys (the publication's title, campaign and ward are not dragged through the grouping of
    thousands of rows), then those publications' names once each. An occurrence reaches a group at most
    once (a unique constraint), so its groups are counted without DISTINCT; clusters may repeat.
    ``with_changes`` also reads when each entry last changed (the feed's SEQUENCE); the screens do not
    need it."""
    now = now or timezone.now()
    statuses = DeliveryStatus.values
    status_counts = {f"n_{code}": Count("pk", filter=Q(status=code)) for code in statuses}
    if with_changes:
        status_counts["changed_at"] = Max("updated_at")
    rows = list(
        Delivery.objects.filter(filters.delivery_q(), due_at__gte=window[0], due_at__lt=window[1])
        .values("publication_id", "occurrence", "channel")
        .annotate(first_due=Min("due_at"), deliveries=Count("pk"), n_groups=Count("group"),
                  n_clusters=Count("cluster", distinct=True),
                  overdue=Count("pk", filter=Q(status__in=OVERDUE_STATUSES, due_at__lt=now)), **status_counts)
        .order_by("first_due", "publication_id")
    )
    publications = {
        row["pk"]: row for row in Publication.objects.filter(pk__in={row["publication_id"] for row in rows}).values(
            "pk", "page__title", "campaign_id", "campaign__title", "ward_id", "ward__name", "cancelled_at",
            "updated_at")
    }
    status_labels = [(code, str(label)) for code, label in DeliveryStatus.choices]
    channel_labels = {code: str(label) for code, label in Channel.choices}
    entries = []
    for row in rows:
        publication = publications[row["publication_id"]]
        entries.append(Entry(
            publication_id=row["publication_id"], occurrence=row["occurrence"],
            due_at=row["first_due"].astimezone(LOCAL_TZ), channel=row["channel"],
            title=publication["page__title"], campaign_id=publication["campaign_id"],
            campaign_title=publication["campaign__title"], ward_id=publication["ward_id"],
            ward_name=publication["ward__name"], deliveries=row["deliveries"], groups=row["n_groups"],
            clusters=row["n_clusters"], counts={code: row[f"n_{code}"] for code in statuses},
            overdue=row["overdue"],
            changed_at=max(moment for moment in (row["changed_at"], publication["updated_at"],
                                                 publication["cancelled_at"]) if moment is not None)
            if with_changes else None,
            publication_cancelled=publication["cancelled_at"] is not None,
            status_labels=status_labels, channel_labels=channel_labels,
        ))
    return entries


def entries_by_day(entries: list[Entry]) -> dict[dt.date, list[Entry]]:
    days: dict[dt.date, list[Entry]] = {}
    for entry in entries:
        days.setdefault(entry.day, []).append(entry)
    return days
