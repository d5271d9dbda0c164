"""Publications (what goes out where, to whom, when) and the deliveries they expand into."""

import hashlib
import os

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.content.channels import Channel
from campaigns.models.places import Locality, LoudspeakerCluster, ResidentialGroup
from campaigns.models.plans import Campaign


class AudienceKind(models.TextChoices):
    WARD = "ward", _("Toàn phường/xã")
    GROUPS = "groups", _("Các tổ/thôn được chọn")
    CLUSTERS = "clusters", _("Các cụm loa được chọn")


class SlotMode(models.TextChoices):
    FIXED = "fixed", _("Giờ cố định")
    NEXT_FREE = "next_free", _("Khung giờ phát còn trống gần nhất")


class Priority(models.TextChoices):
    """The three levels of the grassroots broadcasting rules; emergencies air first."""

    NORMAL = "normal", _("Thường")
    PRIORITY = "priority", _("Ưu tiên")
    URGENT = "urgent", _("Khẩn cấp")


class Publication(models.Model):
    """An approved content piece x channel x audience x time rule (Lịch đăng/phát).

    The time rule is an RFC 5545 RRULE (blank: once) evaluated from ``starts_at``
    in Asia/Ho_Chi_Minh; ``exdates`` lists occurrences taken out by hand.
    """

    ward_path = "ward"

    ward = models.ForeignKey(Locality, verbose_name=_("phường/xã"), on_delete=models.PROTECT,
                             related_name="publications")
    campaign = models.ForeignKey(Campaign, verbose_name=_("kế hoạch"), on_delete=models.PROTECT,
                                 related_name="publications")
    page = models.ForeignKey("wagtailcore.Page", verbose_name=_("nội dung"), on_delete=models.PROTECT,
                             related_name="publications")
    channel = models.CharField(_("kênh"), max_length=20, choices=Channel.choices)
    audience = models.CharField(_("đối tượng"), max_length=10, choices=AudienceKind.choices,
                                default=AudienceKind.WARD)
    groups = models.ManyToManyField(ResidentialGroup, verbose_name=_("tổ/thôn"), blank=True,
                                    related_name="publications")
    clusters = models.ManyToManyField(LoudspeakerCluster, verbose_name=_("cụm loa"), blank=True,
                                      related_name="publications")
    starts_at = models.DateTimeField(_("bắt đầu"))
    rrule = models.CharField(_("quy tắc lặp (RFC 5545)"), max_length=500, blank=True)
    exdates = models.JSONField(_("ngày bỏ qua"), default=list, blank=True)
    slot_mode = models.CharField(_("giờ phát loa"), max_length=10, choices=SlotMode.choices,
                                 default=SlotMode.FIXED)
    cancelled_at = models.DateTimeField(_("đã hủy lúc"), null=True, blank=True)
    priority = models.CharField(
        _("mức độ"), max_length=10, choices=Priority.choices, blank=True,
        help_text=_("Để trống: theo mức độ của bài. Khẩn cấp được đọc đầu tiên trong khung giờ."),
    )
    conflicts = models.JSONField(_("xung đột đã xem"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lịch đăng/phát")
        verbose_name_plural = _("lịch đăng/phát")
        ordering = ["-starts_at"]

    def __str__(self):
        return f"{self.page.title} · {self.get_channel_display()}"


class DeliveryStatus(models.TextChoices):
    PLANNED = "planned", _("Đã lên lịch")
    HELD = "held", _("Tạm giữ (chờ duyệt lại)")
    SENDING = "sending", _("Đang gửi")
    READY = "ready", _("Sẵn sàng (chờ người thực hiện)")
    DELIVERED = "delivered", _("Đã đăng/phát")
    CONFIRMED = "confirmed", _("Đã xác nhận")
    FAILED = "failed", _("Lỗi")
    NEEDS_CHECK = "needs_check", _("Cần kiểm tra")
    MISSED = "missed", _("Bỏ lỡ")
    CANCELLED = "cancelled", _("Đã hủy")


class ConfirmationSource(models.TextChoices):
    """Who moved a delivery after dispatch (campaigns.tracking.transitions)."""

    STAFF = "staff", _("Cán bộ xác nhận")
    ROSTER = "roster", _("Nhật ký phát thanh")
    GROUP_HEAD = "group_head", _("Tổ trưởng/trưởng thôn xác nhận")
    CLOCK = "clock", _("Hệ thống (quá hạn)")


# Rows a change to the publication may still rewrite; everything else is history.
PENDING_STATUSES = (DeliveryStatus.PLANNED, DeliveryStatus.HELD, DeliveryStatus.CANCELLED)


class Delivery(models.Model):
    """One occurrence of a publication for one residential group (or ward-wide)."""

    ward_path = "publication__ward"

    publication = models.ForeignKey(Publication, verbose_name=_("lịch"), on_delete=models.CASCADE,
                                    related_name="deliveries")
    channel = models.CharField(_("kênh"), max_length=20, choices=Channel.choices)
    occurrence = models.DateTimeField(_("lần"))
    group = models.ForeignKey(ResidentialGroup, verbose_name=_("tổ/thôn"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="deliveries")
    cluster = models.ForeignKey(LoudspeakerCluster, verbose_name=_("cụm loa"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="deliveries")
    due_at = models.DateTimeField(_("đến hạn"), db_index=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PLANNED)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    next_attempt_at = models.DateTimeField(_("gửi lại lúc"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=80, blank=True)
    dispatched_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    confirmed_via = models.CharField(_("xác nhận qua"), max_length=12, choices=ConfirmationSource.choices,
                                     blank=True)
    status_changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người cập nhật"), null=True,
                                          blank=True, on_delete=models.SET_NULL, related_name="+")
    status_note = models.TextField(_("ghi chú"), blank=True)
    external_id = models.CharField(_("mã bên ngoài"), max_length=200, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    pack = models.JSONField(_("gói nội dung"), default=dict, blank=True,
                            help_text=_("Nội dung sẵn sàng để đọc, in, dán: văn bản và đường dẫn ảnh."))
    # The loudspeaker roster: order within a slot, and a slot chosen by hand that re-expansion keeps.
    roster_position = models.PositiveSmallIntegerField(_("thứ tự trong khung giờ"), default=0)
    roster_pinned = models.BooleanField(_("giờ phát do cán bộ chọn"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lượt đăng/phát")
        verbose_name_plural = _("lượt đăng/phát")
        ordering = ["due_at", "pk"]
        permissions = [("confirm_delivery", _("Xác nhận lượt đăng/phát đã thực hiện"))]
        constraints = [
            models.UniqueConstraint(fields=["publication", "occurrence", "group"], condition=Q(group__isnull=False),
                                    name="delivery_unique_per_group"),
            models.UniqueConstraint(fields=["publication", "occurrence"], condition=Q(group__isnull=True),
                                    name="delivery_unique_ward_wide"),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"], name="delivery_due_idx"),
            # Coverage (campaigns.tracking.coverage) reads a campaign's deliveries by publication and
            # period and groups them by group, channel and status: on PostgreSQL from this index alone.
            models.Index(fields=["publication", "due_at"], include=["group", "channel", "status"],
                         name="delivery_coverage_idx"),
        ]

    def __str__(self):
        where = self.group.name if self.group_id else _("toàn phường")
        return f"{self.get_channel_display()} · {where} · {timezone.localtime(self.due_at):%H:%M %d/%m/%Y}"

    @property
    def idempotency_key(self) -> str:
        """Stable across retries, workers and re-expansion: derived from the delivery's unique key."""
        raw = f"{self.publication_id}:{self.occurrence.isoformat()}:{self.group_id or 'ward'}"
        return "loa-" + hashlib.sha256(raw.encode()).hexdigest()[:32]


class ChannelAccount(models.Model):
    """Where and as whom a ward posts on a social channel.

    The token is entered in the admin ("Tài khoản kênh"), write-only, and stored encrypted
    (``campaigns.models.secrets``); a deployment that keeps tokens in environment variables names
    the variable in ``token_env`` instead, read when no token is stored."""

    ward_path = "ward"

    ward = models.ForeignKey(Locality, verbose_name=_("phường/xã"), on_delete=models.CASCADE,
                             related_name="channel_accounts")
    channel = models.CharField(_("kênh"), max_length=20,
                               choices=[(c.value, c.label) for c in (Channel.FACEBOOK, Channel.ZALO, Channel.YOUTUBE)])
    name = models.CharField(_("tên trang/kênh"), max_length=120, blank=True,
                            help_text=_("Ví dụ: Trang Facebook của UBND phường"))
    base_url = models.URLField(_("địa chỉ API"))
    account_id = models.CharField(_("mã trang/tài khoản"), max_length=120, blank=True,
                                  help_text=_("Facebook: page id; YouTube: video id; Zalo: để trống."))
    token_encrypted = models.TextField(_("token (đã mã hóa)"), blank=True, editable=False)
    token_env = models.CharField(_("biến môi trường chứa token"), max_length=120, blank=True,
                                 help_text=_("Chỉ dùng khi không nhập token ở đây. Ví dụ: LOA_FACEBOOK_TOKEN_HAI_AN"))
    max_attempts = models.PositiveSmallIntegerField(_("số lần thử tối đa"), default=5)
    honours_idempotency_key = models.BooleanField(
        _("API chống gửi trùng theo Idempotency-Key"), default=False,
        help_text=_("Chỉ bật khi máy chủ API trả lại bài đã đăng cho cùng một khóa; khi đó một lượt "
                    "bị gián đoạn được gửi lại an toàn thay vì chuyển sang “cần kiểm tra”."),
    )
    enabled = models.BooleanField(_("đang dùng"), default=True)
    checked_at = models.DateTimeField(_("kiểm tra kết nối lúc"), null=True, blank=True, editable=False)
    check_result = models.CharField(_("kết quả kiểm tra"), max_length=500, blank=True, editable=False)

    class Meta:
        verbose_name = _("tài khoản kênh")
        verbose_name_plural = _("tài khoản kênh")
        constraints = [models.UniqueConstraint(
            fields=["ward", "channel"], name="one_account_per_ward_channel",
            violation_error_message=_("Phường/xã này đã có tài khoản cho kênh này: hãy sửa tài khoản đó."))]

    def __str__(self):
        return f"{self.get_channel_display()} · {self.name or self.ward.name}"

    @property
    def has_stored_token(self) -> bool:
        return bool(self.token_encrypted)

    def token_set(self, plaintext: str) -> None:
        """Store ``plaintext`` encrypted ("" forgets the stored token)."""
        from campaigns.models.secrets import secret_encrypt

        self.token_encrypted = secret_encrypt(plaintext.strip())

    @property
    def token(self) -> str:
        """The stored token (decrypted), else the environment variable's."""
        if self.token_encrypted:
            from campaigns.models.secrets import secret_decrypt

            stored = secret_decrypt(self.token_encrypted)
            if stored:
                return stored
        return os.environ.get(self.token_env, "") if self.token_env else ""

    @property
    def token_where(self) -> str:
        """Where a person updates the token (for the adapters' Vietnamese messages)."""
        if self.token_encrypted or not self.token_env:
            return "token trong “Tài khoản kênh” của phường/xã"
        return f"biến môi trường {self.token_env}"


class WorkerHeartbeat(models.Model):
    """The last dispatch pass of each worker, for the health panel."""

    worker = models.CharField(max_length=80, unique=True)
    last_pass_at = models.DateTimeField()
    last_report = models.JSONField(default=dict)

    def __str__(self):
        return f"{self.worker} @ {self.last_pass_at:%d/%m/%Y %H:%M:%S}"
