"""Loudspeaker rosters read by machine speech (giọng đọc máy), for stations that play recorded audio."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models.places import LoudspeakerCluster


class AudioRenderStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang tạo")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Lỗi")


class RosterAudio(models.Model):
    """A week (or a few days) of one cluster's roster spoken by espeak-ng, rendered by a worker because
    it takes minutes. The row carries the progress the roster screen shows ("Đang tạo âm thanh 3/14")
    and, once done, where the archive (sound files + M3U playlists in airtime order) lies; it is
    downloaded only through the ward-scoped roster view. ``signature`` fingerprints the scripts'
    revisions, voice and order it was made from, so the screen knows when the text has changed since."""

    ward_path = "cluster__ward"

    cluster = models.ForeignKey(LoudspeakerCluster, verbose_name=_("cụm loa"), on_delete=models.CASCADE,
                                related_name="audio_renders")
    first_day = models.DateField(_("từ ngày"))
    days = models.PositiveSmallIntegerField(_("số ngày"))
    status = models.CharField(_("tình trạng"), max_length=10, choices=AudioRenderStatus.choices,
                              default=AudioRenderStatus.QUEUED)
    done = models.PositiveSmallIntegerField(_("đã tạo"), default=0)
    total = models.PositiveSmallIntegerField(_("tổng số khung giờ"), default=0)
    message = models.CharField(_("ghi chú"), max_length=300, blank=True)
    signature = models.CharField(_("dấu nội dung"), max_length=64, blank=True)
    archive = models.CharField(_("tệp"), max_length=300, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người yêu cầu"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("âm thanh lịch phát thanh")
        verbose_name_plural = _("âm thanh lịch phát thanh")
        constraints = [
            models.UniqueConstraint(fields=["cluster", "first_day", "days"], name="one_roster_audio_per_period"),
        ]

    def __str__(self):
        return f"{self.cluster} · {self.first_day:%d/%m/%Y} · {self.days} ngày"
