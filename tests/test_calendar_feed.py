"""The calendar's iCal feed: valid RFC 5545 for two independent parsers, stable UIDs, SEQUENCE and
cancellation, the per-person secret address (revocable) and ward isolation, and export_calendar."""

import datetime as dt

import icalendar
import ics
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from campaigns.models import CalendarFeed
from campaigns.reports.calendar.feeds import calendar_ical
from campaigns.scheduling.expansion import publication_cancel
from tests import calendar_world
from tests.calendar_world import (
    ARTICLE,
    HA_BAC_SCRIPT,
    NOW,
    SHORT_SCRIPT,
)

world = calendar_world.world  # the fixture month


def events(body: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(body)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def occurrence_events(body: bytes) -> dict[str, icalendar.Event]:
    return {uid: event for uid, event in events(body).items() if uid.startswith("loa-") and "@loa" in uid
            and uid.split("-")[1].isdigit()}


def test_the_feed_is_rfc5545_for_icalendar_and_for_ics(world):
    body = calendar_ical(ward=world["hai_an"], now=NOW)
    calendar = icalendar.Calendar.from_ical(body)
    timezone = calendar.walk("VTIMEZONE")[0]
    assert str(timezone["TZID"]) == "Asia/Ho_Chi_Minh"
    found = occurrence_events(body)
    assert len(found) == 22
    morning = next(e for e in found.values() if str(e["SUMMARY"]).startswith(SHORT_SCRIPT))
    start = morning.decoded("DTSTART")
    assert start.utcoffset() == dt.timedelta(hours=7) and start.hour == 6
    assert b"DTSTART;TZID=Asia/Ho_Chi_Minh:" in body
    other = ics.Calendar(body.decode())
    assert {event.uid for event in other.events} >= set(found)
    assert any(event.name.startswith(ARTICLE) for event in other.events)


def test_uids_are_stable_and_round_trip(world):
    first = occurrence_events(calendar_ical(ward=world["hai_an"], now=NOW))
    again = occurrence_events(calendar_ical(ward=world["hai_an"], now=NOW + dt.timedelta(hours=1)))
    assert set(first) == set(again)
    reparsed = events(icalendar.Calendar.from_ical(calendar_ical(ward=world["hai_an"], now=NOW)).to_ical())
    assert set(first) <= set(reparsed)


def test_a_cancellation_is_status_cancelled_with_a_higher_sequence(world, time_machine):
    before = occurrence_events(calendar_ical(ward=world["hai_an"], now=NOW))
    portal_uid = next(uid for uid, e in before.items() if str(e["SUMMARY"]).startswith(ARTICLE))
    assert str(before[portal_uid]["STATUS"]) == "CONFIRMED"
    time_machine.move_to(NOW + dt.timedelta(minutes=5))
    publication_cancel(publication=world["portal"], now=NOW + dt.timedelta(minutes=5))
    after = occurrence_events(calendar_ical(ward=world["hai_an"], now=NOW + dt.timedelta(minutes=5)))
    assert str(after[portal_uid]["STATUS"]) == "CANCELLED"
    assert int(after[portal_uid]["SEQUENCE"]) > int(before[portal_uid]["SEQUENCE"])


def test_markers_are_all_day_events(world):
    found = events(calendar_ical(ward=world["hai_an"], now=NOW))
    summaries = {str(e["SUMMARY"]) for e in found.values()}
    assert "Ngày lễ: Tết Nguyên Đán" in summaries
    holiday = next(e for e in found.values() if str(e["SUMMARY"]) == "Ngày lễ: Tết Nguyên Đán")
    assert holiday.decoded("DTSTART") == dt.date(2027, 2, 6)


def test_the_campaign_feed_has_only_that_campaign(world):
    body = calendar_ical(ward=world["ha_bac"], campaign=world["ha_bac_campaign"], now=NOW)
    titles = {str(e["SUMMARY"]) for e in occurrence_events(body).values()}
    assert titles and all(title.startswith(HA_BAC_SCRIPT) for title in titles)


# --- the secret address ------------------------------------------------------------------------


def test_a_supervisor_creates_reads_and_revokes_a_feed(world, client, django_user_model, time_machine):
    client.force_login(django_user_model.objects.get(username="lanhdao"))
    response = client.post(reverse("calendar:feeds"), {"ward": world["hai_an"].pk})
    assert response.status_code == 302
    feed = CalendarFeed.objects.get()
    assert feed.token in client.get(reverse("calendar:feeds")).content.decode()
    client.logout()
    url = reverse("calendar_ical", args=[feed.token])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert SHORT_SCRIPT in icalendar.Calendar.from_ical(response.content).to_ical().decode()
    assert HA_BAC_SCRIPT not in response.content.decode()
    client.force_login(feed.user)
    assert client.post(reverse("calendar:feed_revoke", args=[feed.pk])).status_code == 302
    client.logout()
    revoked = client.get(url)
    assert revoked.status_code == 404 and "đã bị thu hồi" in revoked.content.decode()
    assert client.get(reverse("calendar_ical", args=["khong-co"])).status_code == 404


def test_a_ha_bac_supervisor_cannot_make_or_revoke_a_hai_an_feed(world, client, ward_user, django_user_model):
    ha_bac = ward_user("ha-bac", "supervisor")
    client.force_login(ha_bac)
    response = client.post(reverse("calendar:feeds"), {"ward": world["hai_an"].pk})
    assert response.status_code == 400 and not CalendarFeed.objects.exists()
    response = client.post(reverse("calendar:feeds"), {"ward": world["ha_bac"].pk,
                                                       "campaign": world["campaign"].pk})
    assert response.status_code == 400
    lanhdao = django_user_model.objects.get(username="lanhdao")
    feed = CalendarFeed.objects.create(user=lanhdao, ward=world["hai_an"])
    assert client.post(reverse("calendar:feed_revoke", args=[feed.pk])).status_code == 404
    assert "Hải An" not in client.get(reverse("calendar:feeds")).content.decode()
    own = CalendarFeed.objects.create(user=ha_bac, ward=world["ha_bac"])
    body = client.get(reverse("calendar_ical", args=[own.token])).content.decode()
    assert HA_BAC_SCRIPT in body and SHORT_SCRIPT not in body and "Hải An" not in body


def test_a_feed_dies_with_its_owners_access(world, client, ward_user):
    person = ward_user("ha-bac", "editor")
    feed = CalendarFeed.objects.create(user=person, ward=world["ha_bac"])
    person.groups.clear()
    assert client.get(reverse("calendar_ical", args=[feed.token])).status_code == 404


# --- the command -------------------------------------------------------------------------------


def test_export_calendar_writes_the_ward_feed(world, tmp_path):
    output = tmp_path / "hai-an.ics"
    call_command("export_calendar", "--ward", "hai-an", "--output", str(output))
    assert len(occurrence_events(output.read_bytes())) >= 22
    call_command("export_calendar", "--ward", "ha-bac", "--campaign", world["ha_bac_campaign"].slug,
                 "--output", str(output))
    assert SHORT_SCRIPT not in output.read_text(encoding="utf-8")


@pytest.mark.parametrize("arguments, words", [
    (["--ward", "khong-co"], "Không có phường/xã"),
    (["--ward", "hai-phong"], "Không có phường/xã"),
    (["--ward", "ha-bac", "--campaign", "khong-co"], "không có kế hoạch"),
])
def test_export_calendar_refuses_bad_input(world, tmp_path, arguments, words):
    with pytest.raises(CommandError, match=words):
        call_command("export_calendar", *arguments, "--output", str(tmp_path / "x.ics"))
