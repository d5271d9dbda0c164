"""Machine speech for stations that play recorded audio: a script read by espeak-ng in the voice of the
ward's region, and a day's roster as an M3U playlist in airtime order.

Files are cached by the script's revision, voice and reading speed: a new approved revision gets a new
file. Every file name and playlist entry says it is machine speech (giọng đọc máy).
"""

from __future__ import annotations

import shutil
import subprocess
import wave
from pathlib import Path

from django.conf import settings

VOICES = {"vi": "Giọng miền Bắc", "vi-vn-x-central": "Giọng miền Trung", "vi-vn-x-south": "Giọng miền Nam"}
DEFAULT_VOICE = "vi"
# espeak-ng counts its rate in words per minute and pauses at punctuation; a Vietnamese syllable is a
# word, and 0.72 of the announcer's speed lands within a few percent of the estimated airtime.
ESPEAK_RATE_FACTOR = 0.72
MACHINE_LABEL = "giọng đọc máy"
TIMEOUT_S = 120


class AudioUnavailable(Exception):
    pass


def ward_voice(ward_slug: str) -> str:
    """The voice set for the ward (``LOA_SPEECH_VOICES = {"hai-an": "vi", ...}``), northern by default."""
    voice = getattr(settings, "LOA_SPEECH_VOICES", {}).get(ward_slug, DEFAULT_VOICE)
    return voice if voice in VOICES else DEFAULT_VOICE


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


def day_playlist(roster, day_index: int = 0) -> str:
    """M3U of one roster day, the items' audio in airtime order."""
    pages = roster_scripts(roster)
    voice = ward_voice(roster.cluster.ward.slug)
    lines = ["#EXTM3U", f"#PLAYLIST:Lịch phát thanh {roster.cluster.name} {roster.days[day_index].label} "
             f"({MACHINE_LABEL})"]
    for section in roster.days[day_index].slots:
        for item in section.items:
            page = pages[item.publication_id]
            path = script_audio(page=page, voice=voice, reading_speed=roster.cluster.reading_speed)
            lines.append(f"#EXTINF:{round(wav_seconds(path))},{item.planned_start:%H:%M:%S} {item.title} "
                         f"({MACHINE_LABEL})")
            lines.append(str(path))
    return "\n".join(lines) + "\n"
