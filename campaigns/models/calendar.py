"""What the supervisor's calendar keeps besides the schedule: a ward's own anniversaries and the
secret addresses of its calendar feeds."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campaigns.models.places import Locality
from campaigns.models.plans import Campaign


class Anniversary(models.Model):
    """A day a ward builds its propaganda around, beyond the national list shipped with the code
    (``campaigns/reports/calendar/anniversaries.json``): a local liberation day, a founding day."""

    ward_path = "ward"

    ward = models.ForeignKey(Locality, verbose_name=_("phường/xã"), on_delete=models.CASCADE,
                             related_name="anniversaries")
    day = models.PositiveSmallIntegerField(_("ngày"))
    month = models.PositiveSmallIntegerField(_("tháng"))
    name = models.CharField(_("tên ngày kỷ niệm"), max_length=200)
    since_year = models.PositiveSmallIntegerField(_("từ năm"), null=True, blank=True,
                                                  help_text=_("Năm của sự kiện, để ghi “kỷ niệm N năm”."))

    class Meta:
        verbose_name = _("ngày kỷ niệm")
        verbose_name_plural = _("ngày kỷ niệm")
        ordering = ["month", "day"]
        constraints = [
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12, day__gte=1, day__lte=31),
                                   name="anniversary_valid_day",
                                   violation_error_message=_("Ngày hoặc tháng không hợp lệ.")),
        ]

    def __str__(self):
        return f"{self.day:02d}/{self.month:02d} · {self.name}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's secret iCal address for a ward (or one campaign of it). Anyone holding the address
    reads the calendar, so it can be revoked; a revoked address answers 404."""

    ward_path = "ward"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE,
                             related_name="calendar_feeds")
    ward = models.ForeignKey(Locality, verbose_name=_("phường/xã"), on_delete=models.CASCADE,
                             related_name="calendar_feeds")
    campaign = models.ForeignKey(Campaign, verbose_name=_("kế hoạch"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="calendar_feeds")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("địa chỉ lịch iCal")
        verbose_name_plural = _("địa chỉ lịch iCal")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.ward.name} · {self.campaign or _('mọi kế hoạch')}"
