"""What people leave behind when they confirm deliveries: signed links for group heads, and evidence."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models.places import Locality, ResidentialGroup
from campaigns.models.scheduling import ConfirmationSource, Delivery


class ConfirmationLink(models.Model):
    """A group head confirms without an account through a signed link (campaigns.tracking.links).

    The signature says the link is ours and not stale; this row says it is used only once, and
    what it covers: one delivery, or the deliveries of a group due on ``days`` days from ``day``."""

    ward_path = "ward"

    ward = models.ForeignKey(Locality, verbose_name=_("phường/xã"), on_delete=models.CASCADE,
                             related_name="confirmation_links")
    group = models.ForeignKey(ResidentialGroup, verbose_name=_("tổ/thôn"), on_delete=models.CASCADE,
                              related_name="confirmation_links")
    delivery = models.ForeignKey(Delivery, verbose_name=_("lượt đăng/phát"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="confirmation_links")
    day = models.DateField(_("ngày"), null=True, blank=True)
    days = models.PositiveSmallIntegerField(_("số ngày"), default=1,
                                            help_text=_("1: các lượt của một ngày; 7: của một tuần (thẻ QR in)."))
    created_at = models.DateTimeField(_("tạo lúc"))
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    used_at = models.DateTimeField(_("đã dùng lúc"), null=True, blank=True)
    used_from = models.CharField(_("dùng từ địa chỉ"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("liên kết xác nhận")
        verbose_name_plural = _("liên kết xác nhận")
        constraints = [
            models.CheckConstraint(condition=models.Q(delivery__isnull=False) | models.Q(day__isnull=False),
                                   name="confirmation_link_covers_something"),
        ]

    def __str__(self):
        return f"{self.group} · {self.day or self.delivery_id}"


class ConfirmationEvidence(models.Model):
    """A photo, a head count or a comment given with a confirmation; the photo is stored privately
    (never under a public URL) and re-encoded without its EXIF."""

    ward_path = "ward"

    ward = models.ForeignKey(Locality, verbose_name=_("phường/xã"), on_delete=models.CASCADE,
                             related_name="confirmation_evidence")
    deliveries = models.ManyToManyField(Delivery, verbose_name=_("lượt đăng/phát"), related_name="evidence")
    photo = models.CharField(_("ảnh (tệp riêng tư)"), max_length=255, blank=True)
    attendance = models.PositiveIntegerField(_("số người dự"), null=True, blank=True)
    comment = models.TextField(_("ghi chú"), blank=True)
    via = models.CharField(_("xác nhận qua"), max_length=12, choices=ConfirmationSource.choices)
    link = models.ForeignKey(ConfirmationLink, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng xác nhận")
        verbose_name_plural = _("minh chứng xác nhận")

    def __str__(self):
        return f"{self.get_via_display()} · {self.created_at:%d/%m/%Y}"


class LinkMessageStatus(models.TextChoices):
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Lỗi")
    UNKNOWN = "unknown", _("Cần kiểm tra")


class LinkMessage(models.Model):
    """A day's confirmation link sent to a group head as a Zalo OA message
    (campaigns.tracking.link_messages). One row per group and day: a rerun sends nothing twice."""

    ward_path = "ward"

    ward = models.ForeignKey(Locality, verbose_name=_("phường/xã"), on_delete=models.CASCADE,
                             related_name="link_messages")
    group = models.ForeignKey(ResidentialGroup, verbose_name=_("tổ/thôn"), on_delete=models.CASCADE,
                              related_name="link_messages")
    day = models.DateField(_("ngày"))
    link = models.ForeignKey(ConfirmationLink, verbose_name=_("liên kết xác nhận"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="messages")
    channel = models.CharField(_("kênh"), max_length=20, default="zalo")
    recipient = models.CharField(_("người nhận"), max_length=40)
    status = models.CharField(_("trạng thái"), max_length=10, choices=LinkMessageStatus.choices,
                              default=LinkMessageStatus.SENDING)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    external_id = models.CharField(_("mã tin nhắn"), max_length=120, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"))
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tin nhắn liên kết xác nhận")
        verbose_name_plural = _("tin nhắn liên kết xác nhận")
        constraints = [models.UniqueConstraint(fields=["group", "day", "channel"], name="link_message_once_a_day")]

    def __str__(self):
        return f"{self.group} · {self.day:%d/%m/%Y} · {self.get_status_display()}"
