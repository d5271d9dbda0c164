"""The calendar as an iCalendar (RFC 5545) feed: one VEVENT per publication occurrence, for a ward
or one of its campaigns, read by a secret per-person address (revocable) or written to a file.

UID is stable per occurrence (publication + original occurrence time), SEQUENCE grows whenever the
occurrence's deliveries change, and an occurrence whose deliveries were all cancelled stays in the
feed as STATUS:CANCELLED so calendar apps remove it instead of keeping a stale copy.
"""

import datetime as dt
import hashlib

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from icalendar import Calendar, Event, Timezone

from campaigns.models import CalendarFeed, Campaign, Locality
from campaigns.places import access
from campaigns.reports.calendar.entries import calendar_entries
from campaigns.reports.calendar.filters import CalendarFilters
from campaigns.reports.calendar.markers import markers_for
from campaigns.scheduling.recurrence import LOCAL_TZ

TZID = "Asia/Ho_Chi_Minh"
FEED_PAST_DAYS = 60
FEED_FUTURE_DAYS = 366
EVENT_MINUTES = 30


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def feed_window(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    return now - dt.timedelta(days=FEED_PAST_DAYS), now + dt.timedelta(days=FEED_FUTURE_DAYS)


def calendar_ical(*, ward: Locality, campaign: Campaign | None = None, now: dt.datetime | None = None) -> bytes:
    """The ward's (or campaign's) occurrences and markers from two months back to a year ahead."""
    now = now or timezone.now()
    window = feed_window(now)
    filters = CalendarFilters(wards=[ward], ward=ward, campaign=campaign)
    name = f"Lịch tuyên truyền · {ward.name}" + (f" · {campaign}" if campaign else "")
    cal = Calendar()
    cal.add("prodid", "-//Loa//Lich tuyen truyen//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TZID)
    cal.add_component(Timezone.from_tzid(TZID))
    stamp = now.astimezone(dt.UTC)
    for entry in calendar_entries(filters=filters, window=window, now=now, with_changes=True):
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.due_at.astimezone(LOCAL_TZ))
        event.add("dtend", entry.due_at.astimezone(LOCAL_TZ) + dt.timedelta(minutes=EVENT_MINUTES))
        event.add("summary", f"{entry.title} · {entry.channel_label} · {entry.audience}")
        counts = ", ".join(f"{label}: {count}" for _code, label, count in entry.status_counts)
        event.add("description", f"Kế hoạch: {entry.campaign_title}\nKênh: {entry.channel_label}\n{counts}")
        event.add("categories", [entry.channel_label])
        event.add("sequence", entry.sequence)
        event.add("last-modified", entry.changed_at.astimezone(dt.UTC))
        event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
        cal.add_component(event)
    first, last = window[0].astimezone(LOCAL_TZ).date(), window[1].astimezone(LOCAL_TZ).date()
    campaign_id = campaign.pk if campaign else None
    for marker in markers_for(first=first, last=last, ward_ids=[ward.pk], campaign_id=campaign_id):
        event = Event()
        event.add("uid", f"loa-{marker.kind}-{ward.pk}-{marker.day:%Y%m%d}-{_digest(marker.text)}@loa")
        event.add("dtstamp", stamp)
        event.add("dtstart", marker.day)
        event.add("dtend", marker.day + dt.timedelta(days=1))
        event.add("summary", f"{marker.kind_label}: {marker.text}")
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()


# --- the secret addresses ---------------------------------------------------------------------


def calendar_feed_create(*, user, ward: Locality, campaign: Campaign | None = None) -> CalendarFeed:
    if not access.user_wards(user).filter(pk=ward.pk).exists():
        raise Http404
    if campaign is not None and campaign.ward_id != ward.pk:
        raise Http404
    return CalendarFeed.objects.create(user=user, ward=ward, campaign=campaign)


@transaction.atomic
def calendar_feed_revoke(*, user, feed_id: int) -> bool:
    return bool(CalendarFeed.objects.filter(pk=feed_id, user=user, revoked_at__isnull=True)
                .update(revoked_at=timezone.now()))


def calendar_feed_for_token(token: str) -> CalendarFeed:
    """The live feed of ``token``; 404 when unknown, revoked, or its owner may no longer read the ward."""
    if not token or len(token) > 64:
        raise Http404
    feed = (CalendarFeed.objects.select_related("user", "ward", "campaign")
            .filter(token=token, revoked_at__isnull=True).first())
    if feed is None or not feed.user.is_active or not access.user_wards(feed.user).filter(pk=feed.ward_id).exists():
        raise Http404
    return feed
