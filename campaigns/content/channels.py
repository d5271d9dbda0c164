"""The channel codes every module, export and the importer share (DESIGN.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    PORTAL = "portal", _("Cổng thông tin điện tử")
    LOUDSPEAKER = "loudspeaker", _("Loa truyền thanh cơ sở")
    FACEBOOK = "facebook", _("Facebook")
    ZALO = "zalo", _("Zalo")
    YOUTUBE = "youtube", _("YouTube")
    VISUAL = "visual", _("Cổ động trực quan (khẩu hiệu, panô, áp phích)")
    MEETING = "meeting", _("Hội nghị, sinh hoạt")
    BULLETIN = "bulletin", _("Bản tin nội bộ")
    MOBILE_TEAM = "mobile_team", _("Đội thông tin lưu động")
    PRESS = "press", _("Báo chí")


# Channels delivered to each residential group; the others go out once ward-wide.
PER_GROUP_CHANNELS = frozenset(
    {Channel.LOUDSPEAKER, Channel.VISUAL, Channel.MEETING, Channel.MOBILE_TEAM}
)
