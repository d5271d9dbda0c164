"""Loudspeaker rosters: order and running times, emergency first, slot fill, printing (HTML, PDF,
command), as-run marking from the roster screen, arranging, emergencies, exports and the ward rule."""

import datetime as dt
import io
import math

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from campaigns.models import (
    AudienceKind,
    BroadcastSlot,
    ConfirmationSource,
    Delivery,
    DeliveryStatus,
    LoudspeakerCluster,
    Priority,
    Publication,
)
from campaigns.reports.rosters import arrange, asrun, emergency
from campaigns.reports.rosters.render import roster_html, roster_pdf
from campaigns.reports.rosters.roster import cluster_roster
from campaigns.scheduling.expansion import publication_schedule
from campaigns.scheduling.recurrence import LOCAL_TZ
from cms.airtime import count_syllables
from cms.models import LoudspeakerScriptPage

DAY = dt.date(2030, 1, 7)  # a Monday
MORNING = dt.datetime.combine(DAY, dt.time(6, 0), tzinfo=LOCAL_TZ)
SCRIPTS = {
    "normal": ("Lịch tiêm chủng mở rộng", Priority.NORMAL,
               "Kính thưa bà con. Ngày 12 tháng 01 năm 2030, trạm y tế phường tổ chức tiêm chủng mở rộng "
               "cho trẻ em dưới 5 tuổi. Đề nghị các gia đình đưa trẻ đến đúng giờ."),
    "priority": ("Thủ tục nhà ở xã hội", Priority.PRIORITY,
                 "Người có nhu cầu mua, thuê nhà ở xã hội chuẩn bị giấy tờ chứng minh đối tượng và thu nhập."),
    "urgent": ("Cảnh báo bão số 3", Priority.URGENT,
               "Khẩn cấp: bão số 3 đổ bộ trong đêm nay. Bà con chằng chống nhà cửa, không ra biển."),
}


@pytest.fixture
def cluster(demo):
    return LoudspeakerCluster.objects.select_related("ward").get(ward__slug="hai-an", slug="cum-1")


@pytest.fixture
def scripts(published_piece):
    return {key: published_piece(LoudspeakerScriptPage, title=title, priority=priority, text=text)
            for key, (title, priority, text) in SCRIPTS.items()}


@pytest.fixture
def scheduled(demo, cluster, scripts):
    """The three scripts in cluster 1's morning slot on DAY (created normal first, urgent last)."""
    campaign = demo["campaign"]
    publications = {}
    for key in ("normal", "priority", "urgent"):
        publication = Publication.objects.create(
            ward=campaign.ward, campaign=campaign, page=scripts[key], channel="loudspeaker",
            audience=AudienceKind.CLUSTERS, starts_at=MORNING)
        publication.clusters.set([cluster])
        publication_schedule(publication=publication, now=MORNING - dt.timedelta(days=1))
        publications[key] = publication
    return publications


def morning(roster):
    return next(section for section in roster.days[0].slots if section.slot and section.slot.start == dt.time(6))


def test_items_are_read_emergency_first_then_priority_with_running_start_times(cluster, scheduled):
    cluster.reading_speed = 120
    roster = cluster_roster(cluster, first_day=DAY)
    items = morning(roster).items
    assert [item.title for item in items] == ["Cảnh báo bão số 3", "Thủ tục nhà ở xã hội", "Lịch tiêm chủng mở rộng"]
    expected = [math.ceil(count_syllables(SCRIPTS[key][2]) * 60 / 120) for key in ("urgent", "priority", "normal")]
    assert [item.airtime for item in items] == expected
    assert [item.planned_start for item in items] == [
        MORNING, MORNING + dt.timedelta(seconds=expected[0]), MORNING + dt.timedelta(seconds=sum(expected[:2]))]
    assert items[0].priority_label == "Khẩn cấp"
    assert items[0].resolution_codes and "02-NQ/TU" in items[0].resolution_codes
    assert items[0].groups == cluster.groups.count()


def test_slot_fill_is_written_minutes_and_seconds_and_an_overfull_slot_is_flagged(cluster, scheduled):
    section = morning(cluster_roster(cluster, first_day=DAY))
    assert not section.overfull
    assert section.fill.endswith(" / 30:00")
    BroadcastSlot.objects.filter(cluster=cluster, start=dt.time(6)).update(end=dt.time(6, 0, 5))
    section = morning(cluster_roster(cluster, first_day=DAY))
    assert section.overfull
    minutes, seconds = divmod(section.used, 60)
    assert section.fill == f"{minutes}:{seconds:02d} / 0:05"
    assert "QUÁ THỜI LƯỢNG" in roster_html([cluster_roster(cluster, first_day=DAY)], with_qr=False)


def test_a_week_of_roster_takes_as_many_queries_as_a_day(cluster, scheduled, django_assert_num_queries):
    with django_assert_num_queries(4):
        cluster_roster(cluster, first_day=DAY)
    for offset in range(1, 7):
        publication = scheduled["normal"]
        copy = Publication.objects.create(ward=publication.ward, campaign=publication.campaign, page=publication.page,
                                          channel="loudspeaker", audience=AudienceKind.CLUSTERS,
                                          starts_at=MORNING + dt.timedelta(days=offset, hours=11))
        copy.clusters.set([cluster])
        publication_schedule(publication=copy, now=MORNING - dt.timedelta(days=1))
    with django_assert_num_queries(4):
        roster = cluster_roster(cluster, first_day=DAY, days=7)
    assert sum(len(day.items) for day in roster.days) == 9


def test_the_pdf_carries_the_exact_vietnamese_script_and_the_ward_name(cluster, scheduled):
    pdf = roster_pdf([cluster_roster(cluster, first_day=DAY)])
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for _title, _priority, script in SCRIPTS.values():
        assert " ".join(script.split()) in text
    assert "Hải An" in text
    assert "07/01/2030" in text
    assert len(reader.pages) == 2  # a page per slot


def test_print_roster_writes_a_pdf_and_says_when_a_day_has_nothing(cluster, scheduled, tmp_path, capsys):
    output = tmp_path / "lich.pdf"
    call_command("print_roster", "--cluster", "cum-1", "--ward", "hai-an", "--date", DAY.isoformat(),
                 "--format", "pdf", "--output", str(output))
    assert output.read_bytes().startswith(b"%PDF")
    assert "3 bài" in capsys.readouterr().out
    empty = tmp_path / "trong.html"
    call_command("print_roster", "--cluster", "cum-1", "--ward", "hai-an", "--date", "2031-03-02",
                 "--format", "html", "--output", str(empty))
    assert "không có bài nào" in capsys.readouterr().out
    assert "Lịch phát thanh" in empty.read_text(encoding="utf-8")


@pytest.mark.parametrize("arguments, message", [
    (["--cluster", "khong-co", "--date", "2030-01-07"], "không có cụm loa “khong-co”"),
    (["--cluster", "cum-1", "--ward", "hai-an", "--date", "2030-13-45"], "ngày “2030-13-45” không hợp lệ"),
    (["--cluster", "cum-1", "--ward", "hai-an", "--date", "07/01/2030"], "không hợp lệ"),
    (["--cluster", "cum-1", "--ward", "hai-an", "--date", "2030-01-07", "--days", "99"], "số ngày"),
    (["--cluster", "cum-1", "--date", "2030-01-07"], "nhiều phường/xã"),
])
def test_print_roster_refuses_bad_input_with_exit_code_2(demo, tmp_path, capsys, arguments, message):
    with pytest.raises(SystemExit) as exit_info:
        call_command("print_roster", *arguments, "--format", "html", "--output", str(tmp_path / "x.html"))
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()


def test_print_roster_says_when_it_cannot_write_the_file_and_exits_2(demo, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("print_roster", "--cluster", "cum-1", "--ward", "hai-an", "--date", "2030-01-07",
                     "--format", "html", "--output", str(tmp_path / "khong-co-thu-muc" / "x.html"))
    assert exit_info.value.code == 2
    assert "không ghi được tệp" in capsys.readouterr().err


# --- the roster screen ----------------------------------------------------------------------------------


def test_broadcast_staff_mark_an_item_aired_and_every_covered_group_is_delivered(cluster, scheduled, login):
    item = morning(cluster_roster(cluster, first_day=DAY)).items[0]
    assert {row.status for row in item.rows()} == {DeliveryStatus.PLANNED}
    client = login("truyenthanh")
    page = client.get(reverse("roster:cluster", args=[cluster.pk]), {"date": DAY.isoformat()})
    assert page.status_code == 200 and "Cảnh báo bão số 3" in page.content.decode()
    with time_machine.travel(MORNING + dt.timedelta(minutes=40), tick=False):
        client = login("truyenthanh")  # a session opened in the present has expired by then
        response = client.post(reverse("roster:item_action", args=[item.key, "aired"]), {"date": DAY.isoformat()})
    assert response.status_code == 302 and response["Location"].startswith(reverse("roster:cluster", args=[cluster.pk]))
    rows = item.rows()
    assert {row.status for row in rows} == {DeliveryStatus.DELIVERED}
    assert {row.confirmed_via for row in rows} == {ConfirmationSource.ROSTER}
    assert {row.group_id for row in rows} == set(cluster.groups.values_list("pk", flat=True))


@pytest.mark.parametrize("status, moves", [
    (DeliveryStatus.PLANNED, True), (DeliveryStatus.READY, True),
    (DeliveryStatus.HELD, False), (DeliveryStatus.CANCELLED, False),
])
def test_a_slot_is_marked_aired_whether_planned_or_ready_but_never_held_or_cancelled(
        cluster, scheduled, django_user_model, status, moves):
    staff = django_user_model.objects.get(username="truyenthanh")
    items = morning(cluster_roster(cluster, first_day=DAY)).items
    ids = [pk for item in items for pk in item.rows().values_list("pk", flat=True)]
    Delivery.objects.filter(pk__in=ids).update(status=status)
    first = Delivery.objects.get(pk=items[0].key)
    if status == DeliveryStatus.CANCELLED:  # a cancelled item is off the roster: nothing is left to mark
        outcome = asrun.roster_item_mark(delivery=first, aired=True, by=staff, at=MORNING)
        assert not outcome.moved
        return
    for item in items:
        outcome = asrun.roster_item_mark(delivery=Delivery.objects.get(pk=item.key), aired=True, by=staff,
                                         at=MORNING + dt.timedelta(minutes=25))
        assert bool(outcome.moved) is moves and len(outcome.refused) == (0 if moves else item.groups)
    rows = Delivery.objects.filter(pk__in=ids)
    assert set(rows.values_list("status", flat=True)) == ({DeliveryStatus.DELIVERED} if moves else {status})
    if moves:
        assert morning(cluster_roster(cluster, first_day=DAY)).state == "aired"
        assert set(rows.values_list("delivered_at", flat=True)) == {MORNING + dt.timedelta(minutes=25)}


def test_aired_cannot_be_recorded_hours_before_a_planned_item_is_read(cluster, scheduled, django_user_model):
    staff = django_user_model.objects.get(username="truyenthanh")
    first = Delivery.objects.get(pk=morning(cluster_roster(cluster, first_day=DAY)).items[0].key)
    with pytest.raises(arrange.RosterError, match="Chưa đến giờ phát"):
        asrun.roster_item_mark(delivery=first, aired=True, by=staff, at=MORNING - dt.timedelta(hours=3))
    assert Delivery.objects.get(pk=first.pk).status == DeliveryStatus.PLANNED
    outcome = asrun.roster_item_mark(delivery=first, aired=False, reason="Loa hỏng từ hôm trước", by=staff,
                                     at=MORNING - dt.timedelta(hours=3))
    assert outcome.moved  # "not aired" may be known ahead
    second = morning(cluster_roster(cluster, first_day=DAY)).items[1]
    second.rows().update(status=DeliveryStatus.READY)  # handed over by the dispatcher: staff's word goes
    assert asrun.roster_item_mark(delivery=Delivery.objects.get(pk=second.key), aired=True, by=staff,
                                  at=MORNING - dt.timedelta(hours=3)).moved


def test_not_aired_needs_a_reason_which_becomes_the_note(cluster, scheduled, login):
    item = morning(cluster_roster(cluster, first_day=DAY)).items[1]
    item.rows().update(status=DeliveryStatus.READY)
    client = login("truyenthanh")
    url = reverse("roster:item_action", args=[item.key, "missed"])
    client.post(url, {"reason": "  "})
    assert set(item.rows().values_list("status", flat=True)) == {"ready"}
    client.post(url, {"reason": "Mất điện cả khu"})
    rows = item.rows()
    assert {(row.status, row.status_note) for row in rows} == {(DeliveryStatus.MISSED, "Mất điện cả khu")}
    assert morning(cluster_roster(cluster, first_day=DAY)).items[1].state == "not_aired"


def test_reordering_keeps_emergency_first_and_moving_checks_the_target_slot(cluster, scheduled):
    items = morning(cluster_roster(cluster, first_day=DAY)).items
    normal = Delivery.objects.get(pk=items[2].key)
    assert not arrange.roster_item_shift(delivery=normal, step=-1)  # order holds within a priority level
    Publication.objects.filter(pk=scheduled["priority"].pk).update(priority=Priority.NORMAL)
    assert arrange.roster_item_shift(delivery=normal, step=1)
    titles = [i.title for i in morning(cluster_roster(cluster, first_day=DAY)).items]
    assert titles == ["Cảnh báo bão số 3", "Thủ tục nhà ở xã hội", "Lịch tiêm chủng mở rộng"]
    assert arrange.roster_item_shift(delivery=normal, step=-1)
    assert not arrange.roster_item_shift(delivery=normal, step=-1)  # the emergency stays first
    evening = BroadcastSlot.objects.get(cluster=cluster, start=dt.time(17))
    evening.end = dt.time(17, 0, 10)
    evening.save()
    result = arrange.roster_item_move(delivery=normal, slot=evening, day=DAY)
    assert not result.moved and [c.code for c in result.warnings] == ["slot_overbooked"]
    result = arrange.roster_item_move(delivery=normal, slot=evening, day=DAY, accept_warnings=True)
    assert result.moved
    moved = Delivery.objects.filter(publication=normal.publication)
    assert {row.due_at for row in moved} == {dt.datetime.combine(DAY, dt.time(17), tzinfo=LOCAL_TZ)}
    publication_schedule(publication=normal.publication, now=MORNING - dt.timedelta(days=1))
    assert {row.due_at.astimezone(LOCAL_TZ).hour for row in moved.all()} == {17}  # re-expansion keeps it


def test_supervisor_puts_an_emergency_on_air_now_and_it_heads_the_day(cluster, scripts, login, django_user_model):
    now = dt.datetime.combine(DAY, dt.time(10, 15), tzinfo=LOCAL_TZ)
    supervisor = django_user_model.objects.get(username="lanhdao")
    publication = emergency.emergency_put_on_air(page=scripts["urgent"], clusters=[cluster], by=supervisor,
                                                 note="Bão số 3", now=now)
    assert publication.priority == Priority.URGENT and publication.created_by == supervisor
    first = cluster_roster(cluster, first_day=DAY).days[0].slots[0]
    assert first.slot is None and first.items[0].title == "Cảnh báo bão số 3"
    assert publication.deliveries.count() == cluster.groups.count()
    editor = django_user_model.objects.get(username="bientap")
    with pytest.raises(arrange.RosterError):
        emergency.emergency_put_on_air(page=scripts["urgent"], clusters=[cluster], by=editor, now=now)
    assert login("bientap").get(reverse("roster:emergency")).status_code == 403


def test_monthly_as_run_export_lists_each_item_with_its_outcome(cluster, scheduled):
    from openpyxl import load_workbook

    rows = asrun.cluster_asrun(cluster, month="2030-01")
    assert [row.title for row in rows][:1] and len(rows) == 3
    sheet = load_workbook(io.BytesIO(asrun.asrun_xlsx(cluster, month="2030-01"))).active
    assert sheet["A3"].value == "07/01/2030" and sheet["G3"].value == "Chờ đọc"
    with pytest.raises(ValueError, match="Tháng không hợp lệ"):
        asrun.month_bounds("2030-13")


def test_the_monthly_as_run_log_downloads_as_pdf_and_xlsx_with_what_was_aired(cluster, scheduled, login,
                                                                              django_user_model):
    from openpyxl import load_workbook

    items = morning(cluster_roster(cluster, first_day=DAY)).items
    staff = login("truyenthanh")
    by = django_user_model.objects.get(username="truyenthanh")
    asrun.roster_item_mark(delivery=Delivery.objects.get(pk=items[0].key), aired=True, by=by,
                           at=MORNING + dt.timedelta(minutes=20))
    asrun.roster_item_mark(delivery=Delivery.objects.get(pk=items[1].key), aired=False, reason="Mất điện", by=by,
                           at=MORNING + dt.timedelta(minutes=20))
    url = reverse("roster:asrun", args=[cluster.pk])
    pdf = staff.get(url, {"month": "2030-01", "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and "nhat-ky-phat-cum-1-2030-01.pdf" in pdf["Content-Disposition"]
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.content)).pages)
    for expected in ("Nhật ký phát thanh", cluster.name, "Hải An", "Tháng 01/2030", "Cảnh báo bão số 3", "Đã phát",
                     "Không phát", "Mất điện", "Chờ đọc", "07/01/2030", items[0].airtime_clock):
        assert expected in text, expected
    xlsx = staff.get(url, {"month": "2030-01", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    outcomes = {sheet.cell(row, 4).value: sheet.cell(row, 7).value for row in range(3, sheet.max_row + 1)}
    assert outcomes == {"Cảnh báo bão số 3": "Đã phát", "Thủ tục nhà ở xã hội": "Không phát",
                        "Lịch tiêm chủng mở rộng": "Chờ đọc"}
    assert staff.get(url, {"month": "01/2030"}).status_code == 400


def test_broadcast_staffs_home_shows_today_and_tomorrow_with_fill_status_and_one_click_to_print(
        cluster, scheduled, login):
    with time_machine.travel(MORNING - dt.timedelta(hours=1), tick=False):
        home = login("truyenthanh").get(reverse("wagtailadmin_home")).content.decode()
    section = morning(cluster_roster(cluster, first_day=DAY))
    assert "Lịch phát thanh hôm nay và ngày mai" in home
    assert "07/01/2030" in home and "08/01/2030" in home
    assert section.fill in home and "Chờ đọc" in home and "Không có bài" in home
    print_url = reverse("roster:print", args=[cluster.pk]) + "?date=2030-01-07&format=pdf"
    assert print_url in home


@pytest.mark.parametrize("query", [{"date": "abc"}, {"date": "2030-13-45"}, {"days": "99"}, {"days": "x"},
                                   {"format": "docx"}])
def test_bad_input_on_the_print_view_is_a_vietnamese_400(cluster, login, query):
    response = login("truyenthanh").get(reverse("roster:print", args=[cluster.pk]), query)
    assert response.status_code == 400
    assert "không hợp lệ" in response.content.decode() or "phải" in response.content.decode()


def test_another_wards_people_get_404_on_every_roster_screen(cluster, scheduled, ward_user, client):
    client.force_login(ward_user("ha-bac", "broadcast"))
    item = morning(cluster_roster(cluster, first_day=DAY)).items[0]
    for url in (reverse("roster:cluster", args=[cluster.pk]), reverse("roster:print", args=[cluster.pk]),
                reverse("roster:asrun", args=[cluster.pk]), reverse("roster:ward_print", args=[cluster.ward_id])):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("roster:item_action", args=[item.key, "aired"])).status_code == 404
    index = client.get(reverse("roster:index")).content.decode()
    assert "Hải An" not in index and "Cảnh báo bão" not in index


def test_the_ward_pdf_holds_every_cluster_and_the_menu_and_home_panel_lead_there(cluster, scheduled, login):
    client = login("truyenthanh")
    response = client.get(reverse("roster:ward_print", args=[cluster.ward_id]), {"date": DAY.isoformat()})
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for name in LoudspeakerCluster.objects.filter(ward=cluster.ward).values_list("name", flat=True):
        assert name in text
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Lịch phát thanh hôm nay và ngày mai" in home and "Lịch phát thanh" in home


# --- machine speech --------------------------------------------------------------------------------------


@pytest.mark.skipif(not __import__("shutil").which("espeak-ng"), reason="needs espeak-ng (make system-packages)")
def test_spoken_script_lasts_within_a_quarter_of_the_estimated_airtime(cluster, scheduled, settings, tmp_path):
    from campaigns.reports.rosters import audio

    settings.MEDIA_ROOT = str(tmp_path)
    roster = cluster_roster(cluster, first_day=DAY)
    for item in morning(roster).items:
        page = LoudspeakerScriptPage.objects.get(title=item.title)
        for voice in audio.VOICES:
            path = audio.script_audio(page=page, voice=voice, reading_speed=cluster.reading_speed)
            assert "giong-may" in path.name
            assert abs(audio.wav_seconds(path) - item.airtime) <= 0.25 * item.airtime, (voice, item.title)
    page = LoudspeakerScriptPage.objects.get(title="Cảnh báo bão số 3")
    first = audio.script_audio(page=page)
    assert audio.script_audio(page=page) == first  # cached
    page.text += " Xin nhắc lại: không ra biển."
    page.save_revision().publish()
    page.refresh_from_db()
    assert audio.script_audio(page=page) != first  # a new revision is spoken again
    playlist = audio.day_playlist(cluster_roster(cluster, first_day=DAY))
    assert playlist.startswith("#EXTM3U") and playlist.count("giọng đọc máy") == 4
    assert playlist.index("Cảnh báo bão số 3") < playlist.index("Lịch tiêm chủng mở rộng")


def test_the_roster_screens_show_and_take_the_day_as_dd_mm_yyyy(cluster, scheduled, login):
    client = login("truyenthanh")
    for url in (reverse("roster:index"), reverse("roster:cluster", args=[cluster.pk])):
        typed = client.get(url, {"date": f"{DAY:%d/%m/%Y}"})
        html = typed.content.decode()
        assert typed.status_code == 200 and f"{DAY:%d/%m/%Y}" in html
        assert 'type="date"' not in html
        assert f'name="date" value="{DAY:%d/%m/%Y}"' in html and 'placeholder="dd/mm/yyyy"' in html
        assert client.get(url, {"date": DAY.isoformat()}).status_code == 200  # links shared before
        assert client.get(url, {"date": "01/13/2030"}).status_code == 400
    cluster_page = client.get(reverse("roster:cluster", args=[cluster.pk]), {"date": DAY.isoformat()}).content.decode()
    assert "Cảnh báo bão số 3" in cluster_page
    assert f'name="day" value="{DAY:%d/%m/%Y}"' in cluster_page  # the box of "Chuyển" to another day
