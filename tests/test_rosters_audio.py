"""Machine speech of the roster: a week of a cluster rendered by a django-q2 task with progress on the
roster screen, downloaded (ward-sealed) as sound files with M3U playlists in airtime order, cached by
script revision, in the voice set on the ward."""
# ruff: noqa: F811 (the roster fixtures are shared with tests/test_rosters.py)

import datetime as dt
import io
import shutil
import zipfile

import pytest
from django.urls import reverse

from campaigns.models import AudioRenderStatus, LoudspeakerCluster, RosterAudio
from campaigns.reports.rosters import audio
from campaigns.reports.rosters.roster import cluster_roster
from cms.models import LoudspeakerScriptPage
from tests.test_rosters import DAY, cluster, morning, scheduled, scripts  # noqa: F401 (fixtures)

pytestmark = pytest.mark.skipif(not shutil.which("espeak-ng"), reason="needs espeak-ng (make system-packages)")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def request_week(client, cluster, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the task runs inline (Q_CLUSTER sync)
        response = client.post(reverse("roster:audio_request", args=[cluster.pk]), {"date": DAY.isoformat()})
    assert response.status_code == 302
    return RosterAudio.objects.get(cluster=cluster, first_day=DAY, days=7)


def test_a_week_is_spoken_by_a_task_and_downloaded_with_playlists_in_airtime_order(
        cluster, scheduled, login, django_capture_on_commit_callbacks):
    client = login("truyenthanh")
    render = request_week(client, cluster, django_capture_on_commit_callbacks)
    slots = sum(len(day.slots) for day in cluster_roster(cluster, first_day=DAY, days=7).days)
    assert (render.status, render.done, render.total) == (AudioRenderStatus.DONE, slots, slots)
    status = client.get(reverse("roster:audio_status", args=[render.pk])).json()
    assert status["status"] == "done" and "giọng đọc máy" in status["label"]
    screen = client.get(reverse("roster:cluster", args=[cluster.pk]), {"date": DAY.isoformat()}).content.decode()
    assert "Giọng đọc máy" in screen and reverse("roster:audio_download", args=[render.pk]) in screen

    response = client.get(reverse("roster:audio_download", args=[render.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "giong-doc-may" in response["Content-Disposition"]
    bundle = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = bundle.namelist()
    assert "DOC-TRUOC-giong-doc-may.txt" in names and "ca-tuan-giong-doc-may.m3u" in names
    assert "Giọng đọc máy" in bundle.read("DOC-TRUOC-giong-doc-may.txt").decode()
    day = bundle.read(f"lich-{DAY:%Y-%m-%d}-giong-doc-may.m3u").decode()
    files = [line for line in day.splitlines() if not line.startswith("#")]
    assert len(files) == 3 and all(name in names and name.endswith(".wav") for name in files)
    assert day.index("Cảnh báo bão số 3") < day.index("Thủ tục nhà ở xã hội") < day.index("Lịch tiêm chủng")
    assert day.count("(giọng đọc máy)") == 4  # the playlist's title and every entry


def test_progress_is_written_after_each_slot_and_shown_as_done_over_total(cluster, scheduled, monkeypatch):
    render = RosterAudio.objects.create(cluster=cluster, first_day=DAY, days=7)
    seen = []
    archive = audio.roster_audio_archive

    def spy(roster, *, on_slot):
        def watch(done, total):
            on_slot(done, total)
            seen.append(RosterAudio.objects.values_list("status", "done", "total").get(pk=render.pk))
        return archive(roster, on_slot=watch)

    monkeypatch.setattr(audio, "roster_audio_archive", spy)
    audio.roster_audio_render(render=render)
    slots = sum(len(day.slots) for day in cluster_roster(cluster, first_day=DAY, days=7).days)
    assert slots == 14
    assert seen == [(AudioRenderStatus.RUNNING, done, slots) for done in range(1, slots + 1)]
    render.refresh_from_db()
    assert (render.status, render.done) == (AudioRenderStatus.DONE, slots)
    render.status, render.done, render.total = AudioRenderStatus.RUNNING, 3, 14
    assert audio.render_progress_label(render) == "Đang tạo âm thanh 3/14"


def test_a_revised_script_makes_the_archive_stale_and_is_spoken_again(
        cluster, scheduled, login, django_capture_on_commit_callbacks):
    client = login("truyenthanh")
    first = request_week(client, cluster, django_capture_on_commit_callbacks)
    old_archive = first.archive
    assert audio.render_is_current(first, cluster_roster(cluster, first_day=DAY, days=7))
    page = LoudspeakerScriptPage.objects.get(title="Cảnh báo bão số 3")
    page.text += " Xin nhắc lại: không ra biển."
    page.save_revision().publish()
    assert not audio.render_is_current(first, cluster_roster(cluster, first_day=DAY, days=7))
    screen = client.get(reverse("roster:cluster", args=[cluster.pk]), {"date": DAY.isoformat()}).content.decode()
    assert "Nội dung lịch đã thay đổi" in screen and "Tạo lại âm thanh" in screen
    again = request_week(client, cluster, django_capture_on_commit_callbacks)
    assert again.pk == first.pk and again.status == AudioRenderStatus.DONE and again.archive != old_archive
    bundle = zipfile.ZipFile(audio.render_archive_path(again))
    revision = LoudspeakerScriptPage.objects.get(pk=page.pk).live_revision_id
    assert any(f"-r{revision}-" in name for name in bundle.namelist())


def test_the_ward_voice_is_a_field_of_the_ward_and_names_every_file(cluster, scheduled):
    ward = cluster.ward
    assert audio.ward_voice(ward) == "vi"
    ward.speech_voice = "vi-vn-x-south"
    ward.save()
    cluster = LoudspeakerCluster.objects.select_related("ward").get(pk=cluster.pk)
    archive, _signature = audio.roster_audio_archive(cluster_roster(cluster, first_day=DAY))
    bundle = zipfile.ZipFile(archive)
    wavs = [name for name in bundle.namelist() if name.endswith(".wav")]
    assert wavs and all("-vi-vn-x-south-" in name and "giong-may" in name for name in wavs)
    assert "Giọng miền Nam" in bundle.read("DOC-TRUOC-giong-doc-may.txt").decode()


def test_the_ward_voice_is_chosen_in_the_locality_admin(cluster, login):
    client = login("admin")
    page = client.get(reverse("locality:edit", args=[cluster.ward_id]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Giọng miền Trung" in html and 'value="vi-vn-x-central"' in html


def test_another_wards_people_cannot_see_request_or_download_the_audio(
        cluster, scheduled, login, ward_user, client, django_capture_on_commit_callbacks):
    render = request_week(login("truyenthanh"), cluster, django_capture_on_commit_callbacks)
    client.force_login(ward_user("ha-bac", "broadcast"))
    assert client.get(reverse("roster:audio_status", args=[render.pk])).status_code == 404
    assert client.get(reverse("roster:audio_download", args=[render.pk])).status_code == 404
    assert client.post(reverse("roster:audio_request", args=[cluster.pk]), {"date": DAY.isoformat()}).status_code == 404


def test_a_missing_archive_is_a_clear_400_not_a_500(cluster, scheduled, login):
    render = RosterAudio.objects.create(cluster=cluster, first_day=DAY, days=7, status=AudioRenderStatus.RUNNING)
    response = login("truyenthanh").get(reverse("roster:audio_download", args=[render.pk]))
    assert response.status_code == 400 and "chưa tạo xong" in response.content.decode()


def test_spoken_week_lasts_within_a_quarter_of_the_estimated_airtime(cluster, scheduled):
    roster = cluster_roster(cluster, first_day=DAY, days=7)
    archive, _signature = audio.roster_audio_archive(roster)
    bundle = zipfile.ZipFile(archive)
    estimated = sum(item.airtime for day in roster.days for item in day.items)
    spoken = 0.0
    for line in bundle.read("ca-tuan-giong-doc-may.m3u").decode().splitlines():
        if not line.startswith("#"):
            import wave

            with wave.open(bundle.open(line)) as sound:
                spoken += sound.getnframes() / sound.getframerate()
    assert estimated and abs(spoken - estimated) <= 0.25 * estimated, (spoken, estimated)
    assert dt.timedelta(seconds=spoken) > dt.timedelta(0)


def test_a_failed_render_says_so_and_a_render_whose_worker_died_can_be_asked_again(
        cluster, scheduled, monkeypatch, django_user_model, django_capture_on_commit_callbacks):
    import subprocess

    def broken(**kwargs):
        raise subprocess.CalledProcessError(1, "espeak-ng")

    monkeypatch.setattr(audio, "script_audio", broken)
    render = audio.roster_audio_render(render=RosterAudio.objects.create(cluster=cluster, first_day=DAY, days=7))
    assert render.status == AudioRenderStatus.FAILED
    assert "Không tạo được âm thanh" in audio.render_progress_label(render)
    monkeypatch.undo()
    RosterAudio.objects.filter(pk=render.pk).update(status=AudioRenderStatus.RUNNING, done=2, total=14)
    staff = django_user_model.objects.get(username="truyenthanh")
    with django_capture_on_commit_callbacks(execute=True):
        assert audio.roster_audio_request(cluster=cluster, first_day=DAY, days=7, by=staff).done == 2  # under way
    RosterAudio.objects.filter(pk=render.pk).update(updated_at=render.updated_at - dt.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        audio.roster_audio_request(cluster=cluster, first_day=DAY, days=7, by=staff)
    render.refresh_from_db()
    assert render.status == AudioRenderStatus.DONE and render.requested_by == staff
