"""The supervisor's calendar: entries, filters, markers, problems, moving, views and exports."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from campaigns.models import Anniversary, Delivery, DeliveryStatus, Publication, ResidentialGroup
from campaigns.reports.calendar.entries import calendar_entries
from campaigns.reports.calendar.filters import filters_parse
from campaigns.reports.calendar.markers import lunar_date, markers_for
from campaigns.reports.calendar.moving import occurrence_move
from campaigns.reports.calendar.periods import CalendarInputError, parse_anchor, period_for
from campaigns.reports.calendar.problems import GAP_DAYS, _empty_runs, planning_gaps
from tests import calendar_world
from tests.calendar_world import (
    ARTICLE,
    HA_BAC_CAMPAIGN,
    HA_BAC_SCRIPT,
    LONG_SCRIPT_TWO,
    NOW,
    SHORT_SCRIPT,
    local,
)

world = calendar_world.world  # the fixture month

DECEMBER = period_for("month", dt.date(2026, 12, 1))


def entries_for(user, params=None, period=DECEMBER):
    return calendar_entries(filters=filters_parse(user=user, params=params or {}), window=period.window, now=NOW)


@pytest.fixture
def lanhdao(world, django_user_model):
    return django_user_model.objects.get(username="lanhdao")


# --- periods ---------------------------------------------------------------------------------


def test_a_month_shows_whole_weeks_monday_first():
    assert DECEMBER.first == dt.date(2026, 11, 30) and DECEMBER.last == dt.date(2027, 1, 3)
    assert len(DECEMBER.weeks) == 5 and all(len(week) == 7 for week in DECEMBER.weeks)
    assert DECEMBER.previous == dt.date(2026, 11, 1) and DECEMBER.next == dt.date(2027, 1, 1)


@pytest.mark.parametrize("month", ["2026-13", "13/2026", "2026-00", "abc", "3000-01"])
def test_an_impossible_month_is_refused_in_vietnamese(month):
    with pytest.raises(CalendarInputError, match="[Tt]háng|năm"):
        parse_anchor(day=None, month=month, today=NOW.date())


def test_a_day_reads_either_way():
    assert parse_anchor(day="05/12/2026", month=None, today=NOW.date()) == dt.date(2026, 12, 5)
    assert parse_anchor(day="2026-12-05", month=None, today=NOW.date()) == dt.date(2026, 12, 5)


# --- entries -----------------------------------------------------------------------------------


def test_entries_of_the_fixture_month_group_deliveries_per_occurrence(lanhdao):
    entries = entries_for(lanhdao)
    short = [e for e in entries if e.title == SHORT_SCRIPT]
    assert len(short) == 10  # ten mornings, not 10 x 12 groups
    first = short[0]
    assert first.label == f"{SHORT_SCRIPT} · 3 cụm loa · 06:00"
    assert first.deliveries == 12 and first.counts[DeliveryStatus.PLANNED] == 12
    assert first.due_at == local(2026, 12, 1, 6)
    portal = [e for e in entries if e.title == ARTICLE]
    assert len(portal) == 1 and portal[0].audience == "toàn phường/xã" and portal[0].deliveries == 1
    assert len(entries) == 10 + 10 + 1 + 1
    assert all(e.title != HA_BAC_SCRIPT for e in entries)


def test_status_counts_and_overdue(lanhdao, world):
    first = Delivery.objects.filter(publication=world["daily"]).order_by("due_at", "pk")
    Delivery.objects.filter(pk__in=list(first.values_list("pk", flat=True)[:2])).update(status=DeliveryStatus.FAILED)
    entry = entries_for(lanhdao, {"channel": "loudspeaker"})[0]
    assert entry.counts[DeliveryStatus.FAILED] == 2 and entry.attention
    later = NOW.replace(year=2027)
    late = calendar_entries(filters=filters_parse(user=lanhdao, params={}), window=DECEMBER.window, now=later)
    assert late[0].overdue > 0


@pytest.mark.parametrize("params, expected_titles", [
    ({"channel": "portal"}, {ARTICLE}),
    ({"channel": "loudspeaker"}, {SHORT_SCRIPT, "Bài phát thanh dài về an sinh", LONG_SCRIPT_TWO}),
    ({"status": "failed"}, set()),
])
def test_filters_by_channel_and_status(lanhdao, params, expected_titles):
    assert {e.title for e in entries_for(lanhdao, params)} == expected_titles


def test_filters_by_cluster_and_group(lanhdao, world):
    second = world["clusters"][1]
    entries = entries_for(lanhdao, {"cluster": str(second.pk)})
    assert {e.title for e in entries} == {SHORT_SCRIPT}
    assert all(e.clusters == 1 and e.deliveries == 4 for e in entries)
    group = second.groups.order_by("pk").first()
    entries = entries_for(lanhdao, {"group": str(group.pk)})
    assert {e.title for e in entries} == {SHORT_SCRIPT} and entries[0].deliveries == 1


def test_filters_by_campaign(lanhdao, world):
    assert len(entries_for(lanhdao, {"campaign": str(world["campaign"].pk)})) == 22


@pytest.mark.parametrize("key, value", [
    ("channel", "radio"), ("status", "lost"), ("group", "abc"), ("cluster", "99999999999999999999"),
    ("campaign", "-1"), ("ward", "0"),
])
def test_unknown_filter_values_are_refused(lanhdao, key, value):
    with pytest.raises(CalendarInputError):
        filters_parse(user=lanhdao, params={key: value})


def test_another_wards_rows_cannot_be_named_in_a_filter(lanhdao, world):
    for key, obj in (("campaign", world["ha_bac_campaign"]), ("ward", world["ha_bac"]),
                     ("cluster", world["ha_bac_pub"].clusters.first())):
        with pytest.raises(CalendarInputError, match="Không tìm thấy"):
            filters_parse(user=lanhdao, params={key: str(obj.pk)})


def test_a_city_officer_reads_every_ward_and_filters_one(world, django_user_model):
    from campaigns.models import Locality
    from campaigns.places.roles import ward_groups_ensure

    city = Locality.objects.get(slug="hai-phong")
    officer = django_user_model.objects.create(username="capthanhpho")
    officer.groups.set([ward_groups_ensure(locality=city)["supervisor"]])
    titles = {e.title for e in entries_for(officer)}
    assert {SHORT_SCRIPT, HA_BAC_SCRIPT} <= titles
    only_ha_bac = {e.title for e in entries_for(officer, {"ward": str(world["ha_bac"].pk)})}
    assert only_ha_bac == {HA_BAC_SCRIPT}


# --- query count -------------------------------------------------------------------------------


def add_deliveries(publication, count, *, start=0):
    """``count`` deliveries of ``publication`` in December 2026, each occurrence to every group
    (occurrences spread over the month's days, a minute apart), as a ward's real month would be."""
    groups = list(ResidentialGroup.objects.filter(ward=publication.ward).order_by("pk").values_list("pk", flat=True))
    rows = []
    for index in range(start, start + count):
        occurrence_number = index // len(groups)
        moment = local(2026, 12, 1 + occurrence_number % 28, 8) + dt.timedelta(minutes=occurrence_number // 28)
        rows.append(Delivery(publication=publication, channel=publication.channel, occurrence=moment,
                             due_at=moment, group_id=groups[index % len(groups)]))
    Delivery.objects.bulk_create(rows)


def _month_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("calendar:month") + "?thang=2026-12")
    assert response.status_code == 200
    return len(queries)


def test_the_month_costs_the_same_queries_with_50_or_5000_deliveries(world, client, lanhdao):
    meeting = Publication.objects.create(ward=world["hai_an"], campaign=world["campaign"],
                                         page=world["daily"].page, channel="meeting", starts_at=local(2026, 12, 1, 8))
    client.force_login(lanhdao)
    _month_queries(client)  # warm caches (content types, site)
    add_deliveries(meeting, 50)
    few = _month_queries(client)
    add_deliveries(meeting, 4950, start=50)
    assert Delivery.objects.filter(publication=meeting).count() == 5000
    many = _month_queries(client)
    assert few == many, f"{few} queries with 50 deliveries, {many} with 5.000"


# --- markers ---------------------------------------------------------------------------------


def test_lunar_dates_follow_vietnams_time_zone():
    # Tết: 17/02/2007 in Vietnam (18/02 in China), 21/01/1985 (20/02 in China).
    assert (lunar_date(dt.date(2007, 2, 17)).day, lunar_date(dt.date(2007, 2, 17)).month) == (1, 1)
    assert (lunar_date(dt.date(1985, 1, 21)).day, lunar_date(dt.date(1985, 1, 21)).month) == (1, 1)
    assert str(lunar_date(dt.date(2026, 11, 29))) == "21/10"
    assert str(lunar_date(dt.date(2026, 2, 17))) == "1/1"


def test_markers_of_a_month(world):
    hai_an = world["hai_an"]
    Anniversary.objects.create(ward=hai_an, day=13, month=5, name="Ngày giải phóng Hải Phòng", since_year=1955)
    Anniversary.objects.create(ward=world["ha_bac"], day=14, month=5, name="Ngày riêng của Hà Bắc")
    found = markers_for(first=dt.date(2026, 4, 1), last=dt.date(2026, 5, 31), ward_ids=[hai_an.pk])
    texts = {(m.day, m.kind, m.text) for m in found}
    assert (dt.date(2026, 4, 26), "holiday", "Ngày Giỗ Tổ Hùng Vương") in texts
    assert (dt.date(2026, 4, 30), "anniversary", "Ngày Giải phóng miền Nam, thống nhất đất nước (51 năm)") in texts
    assert (dt.date(2026, 5, 13), "anniversary", "Ngày giải phóng Hải Phòng (71 năm)") in texts
    assert not any("Hà Bắc" in m.text for m in found)
    assert (dt.date(2026, 4, 15), "campaign_start", str(world["campaign"])) in texts
    assert {m.day for m in found if m.kind == "reporting"} == {dt.date(2026, 4, 27), dt.date(2026, 5, 12),
                                                               dt.date(2026, 5, 27)}
    tet = markers_for(first=dt.date(2027, 2, 1), last=dt.date(2027, 2, 28), ward_ids=[hai_an.pk])
    assert any(m.kind == "holiday" and m.text == "Tết Nguyên Đán" and m.day == dt.date(2027, 2, 6) for m in tet)


# --- problems ----------------------------------------------------------------------------------


def test_empty_runs_of_two_weeks():
    low, high = dt.date(2026, 12, 1), dt.date(2026, 12, 31)
    assert _empty_runs([], low, high) == [(low, high)]
    days = [dt.date(2026, 12, 1), dt.date(2026, 12, 10), dt.date(2026, 12, 31)]
    assert _empty_runs(days, low, high) == [(dt.date(2026, 12, 11), dt.date(2026, 12, 30))]
    assert _empty_runs([dt.date(2026, 12, d) for d in range(1, 32, GAP_DAYS - 1)], low, high) == []


def test_groups_left_without_anything_planned_are_gaps(lanhdao, world):
    filters = filters_parse(user=lanhdao, params={})
    gaps = planning_gaps(filters=filters, first=dt.date(2026, 12, 1), last=dt.date(2026, 12, 31))
    assert len(gaps) == 12  # every group: nothing after the 10th
    assert all(g.first == dt.date(2026, 12, 11) and g.last == dt.date(2026, 12, 31) for g in gaps)


def test_the_month_view_shows_the_overbooked_slot_and_the_gaps(client, lanhdao):
    client.force_login(lanhdao)
    html = client.get(reverse("calendar:month") + "?thang=2026-12&channel=loudspeaker").content.decode()
    assert "Khung giờ quá tải: Cụm loa số 1 · 06:00–06:30 ngày 05/12/2026" in html
    assert "Khung giờ loa quá tải" in html
    assert "không có lượt nào" in html
    assert ARTICLE not in html


# --- views -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["month", "week", "agenda", "print"])
def test_each_view_shows_the_fixture_entries(client, lanhdao, name):
    client.force_login(lanhdao)
    response = client.get(reverse(f"calendar:{name}") + "?ngay=2026-12-05")
    html = response.content.decode()
    assert response.status_code == 200
    assert SHORT_SCRIPT in html and LONG_SCRIPT_TWO in html
    assert HA_BAC_SCRIPT not in html and HA_BAC_CAMPAIGN not in html
    assert "ÂL" in html or "âm lịch" in html


def test_the_month_page_has_today_navigation_and_filters_in_links(client, lanhdao):
    client.force_login(lanhdao)
    html = client.get(reverse("calendar:month") + "?thang=2026-11&channel=loudspeaker").content.decode()
    assert "Hôm nay" in html and 'data-day="2026-11-23"' in html
    assert "?thang=2026-10&amp;channel=loudspeaker" in html and "?thang=2026-12&amp;channel=loudspeaker" in html
    assert "calendar.js" in html
    assert "@page" in open("campaigns/static/campaigns/calendar/print.css", encoding="utf-8").read()


def test_the_menu_has_the_calendar(client, lanhdao):
    from tests.test_admin_menus import sidebar_labels

    client.force_login(lanhdao)
    assert "Lịch tuyên truyền" in sidebar_labels(client.get(reverse("wagtailadmin_home")).content.decode())


@pytest.mark.parametrize("query, words", [
    ("thang=2026-13", "Tháng 13 không tồn tại"),
    ("ngay=31/02/2026", "không hợp lệ"),
    ("channel=radio", "Kênh “radio” không tồn tại"),
    ("group=abc", "Không tìm thấy tổ/thôn"),
])
def test_bad_input_is_a_400_in_vietnamese(client, lanhdao, query, words):
    client.force_login(lanhdao)
    for name in ("month", "week", "agenda", "print", "export"):
        response = client.get(reverse(f"calendar:{name}") + "?" + query)
        assert response.status_code == 400, name
        assert words in response.content.decode()


def test_a_ha_bac_supervisor_never_sees_hai_an(world, client, ward_user):
    client.force_login(ward_user("ha-bac", "supervisor"))
    for name in ("month", "week", "agenda", "print"):
        html = client.get(reverse(f"calendar:{name}") + "?ngay=2026-12-05").content.decode()
        assert HA_BAC_SCRIPT in html
        for secret in (SHORT_SCRIPT, ARTICLE, "Hải An", str(world["campaign"])):
            assert secret not in html, (name, secret)
    csv_text = client.get(reverse("calendar:export") + "?xem=month&thang=2026-12").content.decode("utf-8-sig")
    assert HA_BAC_SCRIPT in csv_text and SHORT_SCRIPT not in csv_text
    hai_an_filter = client.get(reverse("calendar:month") + f"?campaign={world['campaign'].pk}")
    assert hai_an_filter.status_code == 400


# --- moving ------------------------------------------------------------------------------------


def test_moving_an_approved_occurrence_asks_first_then_moves_it(world):
    daily = world["daily"]
    occurrence = local(2026, 12, 3, 6)
    result = occurrence_move(publication=daily, occurrence=occurrence, to_day=dt.date(2026, 12, 12), now=NOW)
    assert result.needs_confirmation and result.approved and not result.moved
    assert Publication.objects.count() == 5 and not Publication.objects.get(pk=daily.pk).exdates
    result = occurrence_move(publication=daily, occurrence=occurrence, to_day=dt.date(2026, 12, 12), confirmed=True,
                             now=NOW)
    assert result.moved
    daily.refresh_from_db()
    assert daily.exdates == ["2026-12-03T06:00"]
    old = Delivery.objects.filter(publication=daily, occurrence=occurrence)
    assert set(old.values_list("status", flat=True)) == {DeliveryStatus.CANCELLED}
    moved = Publication.objects.get(pk=result.publication_id)
    assert moved.rrule == "" and moved.starts_at == local(2026, 12, 12, 6) and moved.clusters.count() == 3
    assert moved.deliveries.filter(status=DeliveryStatus.PLANNED).count() == 12


def test_moving_into_a_full_slot_reports_the_schedulers_conflict(world):
    overbooking = world["overbooking"]
    result = occurrence_move(publication=overbooking, occurrence=local(2026, 12, 5, 6), to_day=dt.date(2026, 12, 6),
                             now=NOW)
    assert "slot_overbooked" in {c.code for c in result.conflicts} and result.needs_confirmation
    result = occurrence_move(publication=overbooking, occurrence=local(2026, 12, 5, 6),
                             to_day=dt.date(2026, 12, 20), confirmed=True, now=NOW)
    assert result.moved and "slot_overbooked" not in {c.code for c in result.conflicts}
    overbooking.refresh_from_db()
    assert overbooking.starts_at == local(2026, 12, 20, 6)  # a one-off moves in place


def test_past_or_acted_on_occurrences_do_not_move(world):
    with pytest.raises(CalendarInputError):
        occurrence_move(publication=world["daily"], occurrence=local(2026, 12, 3, 6), to_day=dt.date(2026, 11, 1),
                        now=NOW)
    Delivery.objects.filter(publication=world["daily"], occurrence=local(2026, 12, 4, 6)).update(
        status=DeliveryStatus.DELIVERED)
    with pytest.raises(CalendarInputError, match="đã được gửi"):
        occurrence_move(publication=world["daily"], occurrence=local(2026, 12, 4, 6), to_day=dt.date(2026, 12, 20),
                        now=NOW)


def test_the_move_endpoint_answers_json_and_refuses_other_wards(client, lanhdao, world, ward_user):
    client.force_login(lanhdao)
    key = f"{world['daily'].pk}@20261202T230000Z"  # 06:00 on 03/12 in Hà Nội
    response = client.post(reverse("calendar:move"), {"occurrence": key, "to": "2026-12-12"},
                           HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response.json()["needs_confirmation"]
    response = client.post(reverse("calendar:move"), {"occurrence": key, "to": "2026-12-12", "confirm": "1"},
                           HTTP_ACCEPT="application/json")
    assert response.json()["moved"]
    bad = client.post(reverse("calendar:move"), {"occurrence": "x@y", "to": "2026-12-12"},
                      HTTP_ACCEPT="application/json")
    assert bad.status_code == 400 and "Không nhận ra" in bad.json()["error"]
    client.force_login(ward_user("ha-bac", "supervisor"))
    key = f"{world['daily'].pk}@20261203T230000Z"
    response = client.post(reverse("calendar:move"), {"occurrence": key, "to": "2026-12-12", "confirm": "1"})
    assert response.status_code == 404
    assert not Publication.objects.get(pk=world["daily"].pk).exdates[1:]


def test_the_move_form_without_javascript_redirects_with_a_message(client, lanhdao, world):
    client.force_login(lanhdao)
    key = f"{world['daily'].pk}@20261203T230000Z"
    response = client.post(reverse("calendar:move"), {"occurrence": key, "to": "2026-12-13", "confirm": "1",
                                                      "next": "/admin/lich/?thang=2026-12"}, follow=True)
    assert response.redirect_chain[-1][0] == "/admin/lich/?thang=2026-12"
    assert "Đã dời lượt" in response.content.decode()


# --- exports -----------------------------------------------------------------------------------


def test_csv_export_is_formula_safe_with_vietnamese_headers(client, lanhdao, world):
    page = world["portal"].page
    page.title = "=HYPERLINK(\"http://x\")"
    page.save(update_fields=["title"])
    client.force_login(lanhdao)
    response = client.get(reverse("calendar:export") + "?xem=month&thang=2026-12&format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Ngày", "Giờ", "Nội dung"]
    assert rows[1][:2] == ["01/12/2026", "06:00"]
    assert any(row[2] == "'=HYPERLINK(\"http://x\")" for row in rows[1:])


def test_xlsx_export_has_real_dates(client, lanhdao):
    client.force_login(lanhdao)
    response = client.get(reverse("calendar:export") + "?xem=agenda&ngay=2026-12-01&format=xlsx&channel=portal")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Ngày" and sheet["C2"].value == ARTICLE
    assert sheet["A2"].value == dt.datetime(2026, 12, 5) and sheet["A2"].number_format == "DD/MM/YYYY"
    assert client.get(reverse("calendar:export") + "?format=pdf").status_code == 400


def test_a_supervisor_adds_a_ward_anniversary_that_the_calendar_shows(client, lanhdao, world):
    client.force_login(lanhdao)
    response = client.post(reverse("anniversary:add"), {"ward": world["hai_an"].pk, "name": "Ngày thành lập phường",
                                                         "day": "10", "month": "12", "since_year": "2000"})
    assert response.status_code == 302
    html = client.get(reverse("calendar:month") + "?thang=2026-12").content.decode()
    assert "Ngày kỷ niệm: Ngày thành lập phường (26 năm)" in html
    refused = client.post(reverse("anniversary:add"), {"ward": world["ha_bac"].pk, "name": "Ngày lạ",
                                                        "day": "1", "month": "1"})
    assert refused.status_code == 200 and not Anniversary.objects.filter(name="Ngày lạ").exists()
    bad = client.post(reverse("anniversary:add"), {"ward": world["hai_an"].pk, "name": "Sai", "day": "40",
                                                    "month": "13"})
    assert bad.status_code == 200 and not Anniversary.objects.filter(name="Sai").exists()


# --- dates typed as dd/mm/yyyy, printing, the city's ward filter ---------------------------------


def test_jump_to_date_is_a_dd_mm_yyyy_box_and_shared_links_of_either_form_open(client, lanhdao):
    client.force_login(lanhdao)
    html = client.get(reverse("calendar:month") + "?thang=2026-12").content.decode()
    jump = html[html.index('class="loa-cal-jump"'):]
    jump = jump[:jump.index("</form>")]
    assert 'type="date"' not in jump
    assert 'name="ngay"' in jump and 'value="01/12/2026"' in jump and 'placeholder="dd/mm/yyyy"' in jump
    assert 'inputmode="numeric"' in jump
    typed = client.get(reverse("calendar:month") + "?ngay=05/12/2026")
    assert typed.status_code == 200 and "Tháng 12/2026" in typed.content.decode()
    for day in ("05/12/2026", "2026-12-05", "5/12/2026"):
        week = client.get(reverse("calendar:week") + f"?ngay={day}")
        assert week.status_code == 200 and "30/11/2026 – 06/12/2026" in week.content.decode(), day
    bad = client.get(reverse("calendar:week") + "?ngay=12/31/2026")
    assert bad.status_code == 400 and "hãy ghi theo dạng dd/mm/yyyy" in bad.content.decode()


def test_the_move_form_takes_the_new_day_as_dd_mm_yyyy(client, lanhdao, world):
    client.force_login(lanhdao)
    html = client.get(reverse("calendar:week") + "?ngay=2026-12-03").content.decode()
    form = html[html.index('class="loa-cal-move"'):]
    form = form[:form.index("</form>")]
    assert 'name="to"' in form and 'placeholder="dd/mm/yyyy"' in form and 'type="date"' not in form
    key = f"{world['daily'].pk}@20261203T230000Z"
    response = client.post(reverse("calendar:move"), {"occurrence": key, "to": "13/12/2026", "confirm": "1"},
                           HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response.json()["moved"]
    bad = client.post(reverse("calendar:move"), {"occurrence": key, "to": "13/13/2026", "confirm": "1"},
                      HTTP_ACCEPT="application/json")
    assert bad.status_code == 400 and "dd/mm/yyyy" in bad.json()["error"]


def test_the_printable_month_is_one_a4_landscape_sheet_without_the_admin(client, lanhdao):
    client.force_login(lanhdao)
    response = client.get(reverse("calendar:print") + "?thang=2026-12&channel=loudspeaker")
    html = response.content.decode()
    assert response.status_code == 200
    assert "calendar/print.css" in html and "wagtailadmin" not in html  # none of the admin's furniture
    assert "Lịch tuyên truyền Tháng 12/2026" in html and "Kênh: Loa truyền thanh" in html
    assert html.count("<tr>") == 1 + 5 and "ÂL" in html
    assert SHORT_SCRIPT in html and ARTICLE not in html
    css = open("campaigns/static/campaigns/calendar/print.css", encoding="utf-8").read()
    assert "size: A4 landscape" in css


def test_a_city_officer_gets_the_ward_filter_and_a_ward_supervisor_does_not(world, client, lanhdao,
                                                                             django_user_model):
    from campaigns.models import Locality
    from campaigns.places.roles import ward_groups_ensure

    officer = django_user_model.objects.create(username="capthanhpho2")
    officer.groups.set([ward_groups_ensure(locality=Locality.objects.get(slug="hai-phong"))["supervisor"]])
    client.force_login(officer)
    html = client.get(reverse("calendar:month") + f"?thang=2026-12&ward={world['ha_bac'].pk}").content.decode()
    assert 'name="ward"' in html and f'<option value="{world["ha_bac"].pk}" selected>' in html
    assert HA_BAC_SCRIPT in html and SHORT_SCRIPT not in html
    client.force_login(lanhdao)
    assert 'name="ward"' not in client.get(reverse("calendar:month") + "?thang=2026-12").content.decode()


def test_the_csv_export_follows_the_filters_with_vietnamese_labels_and_dd_mm_yyyy(client, lanhdao):
    from campaigns.content.channels import Channel

    client.force_login(lanhdao)
    response = client.get(reverse("calendar:export") + "?ngay=01/12/2026&format=csv&channel=loudspeaker")
    assert response.status_code == 200 and 'filename="lich-tuyen-truyen-20261201-20261231.csv"' in response[
        "Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Ngày", "Giờ", "Nội dung", "Kênh", "Đối tượng", "Kế hoạch", "Phường/xã", "Số lượt",
                       "Trạng thái", "Quá hạn"]
    assert len(rows) > 1 and {row[3] for row in rows[1:]} == {str(Channel.LOUDSPEAKER.label)}
    assert all(dt.datetime.strptime(row[0], "%d/%m/%Y") for row in rows[1:])
    statuses = " ".join(row[8] for row in rows[1:])
    assert "Đã lên lịch: " in statuses
    assert not any(code in statuses for code in ("planned", "held", "cancelled", "delivered"))
    assert SHORT_SCRIPT in {row[2] for row in rows[1:]} and ARTICLE not in {row[2] for row in rows[1:]}


def test_the_gap_days_are_vietnamese_days_not_utc_days(world):
    from campaigns.reports.calendar.problems import local_day
    from campaigns.scheduling.recurrence import LOCAL_TZ

    start, end = local(2026, 12, 1, 0), local(2027, 1, 1, 0)
    rows = list(Delivery.objects.filter(publication=world["daily"], due_at__gte=start, due_at__lt=end)
                .annotate(day=local_day("due_at", start=start, end=end)).values_list("due_at", "day"))
    assert rows  # 06:00 in Hà Nội is 23:00 UTC the day before
    assert all(day == due.astimezone(LOCAL_TZ).date() != due.astimezone(dt.UTC).date() for due, day in rows)
