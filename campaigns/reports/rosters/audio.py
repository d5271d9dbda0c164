"""Machine speech for stations that play recorded audio: a script read by espeak-ng in the voice of the
ward's region (``Locality.speech_voice``), a day's roster as an M3U playlist in airtime order, and a
week of a cluster as one archive (sound files + playlists) made by a django-q2 task with progress.

Files are cached by the script's revision, voice and reading speed: a new approved revision gets a new
file. Every file name, playlist entry and archive says it is machine speech (giọng đọc máy).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess
import wave
import zipfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from campaigns.models import AudioRenderStatus, Locality, LoudspeakerCluster, RosterAudio, SpeechVoice

VOICES = {value: str(label) for value, label in SpeechVoice.choices}
DEFAULT_VOICE = SpeechVoice.NORTH.value
# espeak-ng counts its rate in words per minute and pauses at punctuation; a Vietnamese syllable is a
# word, and 0.72 of the announcer's speed lands within a few percent of the estimated airtime.
ESPEAK_RATE_FACTOR = 0.72
MACHINE_LABEL = "giọng đọc máy"
MACHINE_NOTICE = ("Giọng đọc máy: các tệp âm thanh này do máy đọc (espeak-ng) từ bài phát thanh đã duyệt, "
                  "không phải giọng phát thanh viên.")
TIMEOUT_S = 120
STALE_AFTER = dt.timedelta(minutes=30)  # a render not heard of for this long has lost its worker


class AudioUnavailable(Exception):
    pass


def ward_voice(ward: Locality) -> str:
    """The voice set on the ward (Đơn vị hành chính → giọng đọc máy), northern where unset."""
    voice = getattr(ward, "speech_voice", "") or DEFAULT_VOICE
    return voice if voice in VOICES else DEFAULT_VOICE


def espeak_available() -> bool:
    return shutil.which("espeak-ng") is not None


def audio_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "loa-audio"


def script_audio(*, page, voice: str = DEFAULT_VOICE, reading_speed: int = 180) -> Path:
    """The WAV of ``page``'s text (its current revision), rendered once."""
    if voice not in VOICES:
        raise AudioUnavailable(f"Không có giọng đọc “{voice}”.")
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        raise AudioUnavailable("Máy chủ chưa cài espeak-ng (make system-packages).")
    revision = page.live_revision_id or page.latest_revision_id or 0
    path = audio_root() / f"{page.pk}-r{revision}-{voice}-{reading_speed}-giong-may.wav"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    rate = max(80, round(reading_speed * ESPEAK_RATE_FACTOR))
    # The text goes in on stdin: nothing of it is read as an option.
    subprocess.run([espeak, "-v", voice, "-s", str(rate), "-w", str(partial)], input=page.text.encode("utf-8"),
                   check=True, timeout=TIMEOUT_S, capture_output=True)
    partial.replace(path)
    return path


def mp3_of(wav: Path) -> Path | None:
    """An MP3 beside the WAV where ffmpeg is installed (optional); None otherwise."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        return None
    mp3 = wav.with_suffix(".mp3")
    if not mp3.exists():
        subprocess.run([ffmpeg, "-loglevel", "error", "-y", "-i", str(wav), "-metadata",
                        f"comment={MACHINE_LABEL}", str(mp3)], check=True, timeout=TIMEOUT_S)
    return mp3


def wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as audio:
        return audio.getnframes() / audio.getframerate()


def roster_scripts(roster) -> dict:
    """{publication id: script page} of the roster's items (two queries)."""
    from campaigns.models import Publication
    from cms.models import LoudspeakerScriptPage

    ids = {item.publication_id for day in roster.days for item in day.items}
    page_of = dict(Publication.objects.filter(pk__in=ids).values_list("pk", "page_id"))
    scripts = LoudspeakerScriptPage.objects.in_bulk(set(page_of.values()))
    return {pk: scripts[page_id] for pk, page_id in page_of.items() if page_id in scripts}


def roster_signature(roster, pages: dict, voice: str) -> str:
    """A fingerprint of what the roster would sound like: items in airtime order, their scripts'
    revisions, the voice and the reading speed. It changes when a script's text is revised."""
    parts = [voice, str(roster.cluster.reading_speed)]
    for day in roster.days:
        for section in day.slots:
            for item in section.items:
                page = pages.get(item.publication_id)
                revision = (page.live_revision_id or page.latest_revision_id or 0) if page else 0
                parts.append(f"{item.planned_start:%Y%m%d%H%M%S}:{item.publication_id}:{revision}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _playlist_lines(roster, day, pages: dict, voice: str, name_of: Callable[[Path], str]) -> list[str]:
    lines = []
    for section in day.slots:
        for item in section.items:
            path = script_audio(page=pages[item.publication_id], voice=voice,
                                reading_speed=roster.cluster.reading_speed)
            lines.append(f"#EXTINF:{round(wav_seconds(path))},{item.planned_start:%H:%M:%S} {item.title} "
                         f"({MACHINE_LABEL})")
            lines.append(name_of(path))
    return lines


def day_playlist(roster, day_index: int = 0) -> str:
    """M3U of one roster day, the items' audio in airtime order (absolute paths on this server)."""
    pages = roster_scripts(roster)
    voice = ward_voice(roster.cluster.ward)
    day = roster.days[day_index]
    lines = ["#EXTM3U", f"#PLAYLIST:Lịch phát thanh {roster.cluster.name} {day.label} ({MACHINE_LABEL})"]
    lines += _playlist_lines(roster, day, pages, voice, str)
    return "\n".join(lines) + "\n"


# --- a week of a cluster, in the background --------------------------------------------------------------


def archive_root() -> Path:
    return audio_root() / "lich"


def roster_audio_archive(roster, *, on_slot: Callable[[int, int], None] | None = None) -> tuple[Path, str]:
    """Speak every item of ``roster`` and pack the sound files with one M3U per day and one for the
    whole period (airtime order, paths relative inside the archive). Returns (archive, signature).

    ``on_slot(done, total)`` is called after each slot. Scripts already spoken (same revision, voice
    and speed) are taken from the cache, so a second run only packs."""
    pages = roster_scripts(roster)
    voice = ward_voice(roster.cluster.ward)
    signature = roster_signature(roster, pages, voice)
    sections = [(day, section) for day in roster.days for section in day.slots]
    total = len(sections)
    for done, (_day, section) in enumerate(sections, start=1):
        for item in section.items:
            script_audio(page=pages[item.publication_id], voice=voice, reading_speed=roster.cluster.reading_speed)
        if on_slot is not None:
            on_slot(done, total)

    def inside(path: Path) -> str:
        return f"am-thanh/{path.name}"

    stem = f"am-thanh-{roster.cluster.slug}-{roster.first_day:%Y%m%d}-{len(roster.days)}-ngay-giong-doc-may"
    archive = archive_root() / f"{roster.cluster.pk}-{signature[:16]}-{stem}.zip"
    if archive.exists():
        return archive, signature
    archive.parent.mkdir(parents=True, exist_ok=True)
    partial = archive.with_suffix(".part")
    whole = ["#EXTM3U", f"#PLAYLIST:Lịch phát thanh {roster.cluster.name} {roster.period_label} ({MACHINE_LABEL})"]
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("DOC-TRUOC-giong-doc-may.txt", (
            f"{MACHINE_NOTICE}\n{roster.ward_name} · {roster.cluster.name} · {roster.period_label}\n"
            f"Giọng: {VOICES[voice]} ({voice}), tốc độ đọc {roster.cluster.reading_speed} tiếng/phút.\n"
            "Mở tệp .m3u bằng trình phát nhạc để phát theo đúng thứ tự và giờ dự kiến.\n"))
        written = set()
        for day in roster.days:
            lines = _playlist_lines(roster, day, pages, voice, inside)
            whole += [f"#EXTGRP:{day.label}", *lines]
            bundle.writestr(f"lich-{day.day:%Y-%m-%d}-giong-doc-may.m3u", "\n".join(
                ["#EXTM3U", f"#PLAYLIST:Lịch phát thanh {roster.cluster.name} {day.label} ({MACHINE_LABEL})",
                 *lines]) + "\n")
            for line in lines:
                if not line.startswith("#") and line not in written:
                    written.add(line)
                    bundle.write(audio_root() / Path(line).name, line)
        bundle.writestr("ca-tuan-giong-doc-may.m3u", "\n".join(whole) + "\n")
    partial.replace(archive)
    return archive, signature


def roster_audio_request(*, cluster: LoudspeakerCluster, first_day: dt.date, days: int, by=None) -> RosterAudio:
    """Queue the rendering of ``days`` days of ``cluster`` from ``first_day`` (a django-q2 task, once the
    request is committed). A render of the same period already waiting or running is returned as is."""
    if not espeak_available():
        raise AudioUnavailable("Máy chủ chưa cài espeak-ng (make system-packages) nên chưa tạo được âm thanh.")
    with transaction.atomic():
        render, created = RosterAudio.objects.select_for_update().get_or_create(
            cluster=cluster, first_day=first_day, days=days, defaults={"requested_by": by})
        busy = render.status in (AudioRenderStatus.QUEUED, AudioRenderStatus.RUNNING)
        if not created and busy and render.updated_at > timezone.now() - STALE_AFTER:
            return render  # already under way (a worker that died long ago does not block a new request)
        render.status, render.done, render.total, render.message = AudioRenderStatus.QUEUED, 0, 0, ""
        render.requested_by = by
        render.save()
        transaction.on_commit(lambda: _enqueue(render.pk))
    return render


def _enqueue(render_id: int) -> None:
    from django_q.tasks import async_task

    async_task("campaigns.reports.tasks.roster_audio_task", render_id, task_name=f"roster-audio-{render_id}")


def roster_audio_render(*, render: RosterAudio) -> RosterAudio:
    """Render ``render``'s period now, writing progress on the row after each slot. Safe to run twice."""
    from campaigns.reports.rosters.roster import cluster_roster

    cluster = LoudspeakerCluster.objects.select_related("ward").get(pk=render.cluster_id)
    roster = cluster_roster(cluster, first_day=render.first_day, days=render.days)
    total = sum(len(day.slots) for day in roster.days)
    RosterAudio.objects.filter(pk=render.pk).update(status=AudioRenderStatus.RUNNING, done=0, total=total,
                                                    message="", updated_at=timezone.now())

    def progress(done: int, total: int) -> None:
        RosterAudio.objects.filter(pk=render.pk).update(done=done, total=total, updated_at=timezone.now())

    try:
        archive, signature = roster_audio_archive(roster, on_slot=progress)
    except Exception as error:  # the row must not stay "running": say so, and let the task fail visibly
        message = str(error) if isinstance(error, AudioUnavailable) else "Không tạo được âm thanh: " \
            "espeak-ng báo lỗi hoặc hết chỗ lưu. Thử lại sau, hoặc báo quản trị hệ thống."
        RosterAudio.objects.filter(pk=render.pk).update(status=AudioRenderStatus.FAILED, message=message[:300],
                                                        updated_at=timezone.now())
        if not isinstance(error, (AudioUnavailable, OSError, subprocess.SubprocessError)):
            raise
    else:
        RosterAudio.objects.filter(pk=render.pk).update(
            status=AudioRenderStatus.DONE, done=total, total=total, signature=signature,
            archive=str(archive.relative_to(audio_root())), updated_at=timezone.now())
    render.refresh_from_db()
    return render


def render_progress_label(render: RosterAudio | None) -> str:
    """What the roster screen says about the render ("Đang tạo âm thanh 3/14")."""
    if render is None:
        return ""
    if render.status == AudioRenderStatus.QUEUED:
        return "Đang chờ máy chủ tạo âm thanh…"
    if render.status == AudioRenderStatus.RUNNING:
        return f"Đang tạo âm thanh {render.done}/{render.total}" if render.total else "Đang tạo âm thanh…"
    if render.status == AudioRenderStatus.FAILED:
        return render.message or "Không tạo được âm thanh."
    return f"Đã tạo âm thanh {render.total}/{render.total} khung giờ ({MACHINE_LABEL})."


def render_is_current(render: RosterAudio, roster) -> bool:
    """Whether the finished archive still matches the roster (no script revised, nothing moved)."""
    return render.status == AudioRenderStatus.DONE and render.signature == roster_signature(
        roster, roster_scripts(roster), ward_voice(roster.cluster.ward))


def render_archive_path(render: RosterAudio) -> Path | None:
    if render.status != AudioRenderStatus.DONE or not render.archive:
        return None
    path = (audio_root() / render.archive).resolve()
    if audio_root().resolve() not in path.parents or not path.exists():
        return None
    return path
