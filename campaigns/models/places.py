"""Where propaganda happens: administrative units, residential groups, loudspeakers."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from campaigns.models.fields import ALL_WEEKDAYS, WEEKDAY_CHOICES, WeekdaySetField, mask_to_weekdays
from campaigns.models.slugs import slug_for


class LocalityKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    CITY = "city", _("Thành phố trực thuộc Trung ương")
    DISTRICT = "district", _("Quận/huyện (cũ)")
    WARD = "ward", _("Phường")
    COMMUNE = "commune", _("Xã")
    SPECIAL_ZONE = "special_zone", _("Đặc khu")


# Wards, communes and special zones are the tenants: their staff see only their data.
WARD_KINDS = (LocalityKind.WARD, LocalityKind.COMMUNE, LocalityKind.SPECIAL_ZONE)
TOP_KINDS = (LocalityKind.PROVINCE, LocalityKind.CITY)
ALLOWED_PARENT_KINDS = {
    LocalityKind.PROVINCE: (),
    LocalityKind.CITY: (),
    LocalityKind.DISTRICT: TOP_KINDS,
    LocalityKind.WARD: (*TOP_KINDS, LocalityKind.DISTRICT),
    LocalityKind.COMMUNE: (*TOP_KINDS, LocalityKind.DISTRICT),
    LocalityKind.SPECIAL_ZONE: TOP_KINDS,
}


class SpeechVoice(models.TextChoices):
    """espeak-ng's Vietnamese voices: the region whose accent residents expect on their loudspeakers."""

    NORTH = "vi", _("Giọng miền Bắc")
    CENTRAL = "vi-vn-x-central", _("Giọng miền Trung")
    SOUTH = "vi-vn-x-south", _("Giọng miền Nam")


class Locality(models.Model):
    """An administrative unit. Wards and communes are where the work is done;
    their parents (city, province) issue resolutions and read roll-ups."""

    ward_path = "pk"

    name = models.CharField(_("tên"), max_length=150)
    kind = models.CharField(_("cấp"), max_length=20, choices=LocalityKind.choices)
    slug = models.SlugField(
        _("mã định danh (slug)"), max_length=160, unique=True, allow_unicode=False, blank=True,
        help_text=_("Để trống để tạo từ tên, ví dụ “hai-an”."),
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("trực thuộc"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    speech_voice = models.CharField(
        _("giọng đọc máy"), max_length=20, choices=SpeechVoice.choices, default=SpeechVoice.NORTH, blank=True,
        help_text=_("Giọng vùng miền dùng khi tạo âm thanh bài phát thanh bằng giọng đọc máy (espeak-ng); "
                    "để trống: giọng miền Bắc."),
    )

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("pk")), name="locality_not_own_parent",
                violation_error_message=_("Một đơn vị không thể trực thuộc chính nó."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.name}"

    @property
    def is_ward(self) -> bool:
        return self.kind in WARD_KINDS

    def ancestors(self) -> list["Locality"]:
        chain, node, seen = [], self.parent, {self.pk}
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain

    def clean(self):
        if not self.slug and self.name:
            self.slug = slug_for(self.name)
        allowed = ALLOWED_PARENT_KINDS.get(self.kind, ())
        if self.parent is None:
            if allowed and self.kind not in TOP_KINDS:
                raise ValidationError({"parent": _("Phường, xã phải trực thuộc một tỉnh hoặc thành phố.")})
            return
        if self.parent.kind not in allowed:
            raise ValidationError(
                {"parent": _("%(kind)s không thể trực thuộc %(parent)s.")
                 % {"kind": self.get_kind_display(), "parent": self.parent.get_kind_display().lower()}}
            )
        if self.pk and any(node.pk == self.pk for node in [self.parent, *self.parent.ancestors()]):
            raise ValidationError({"parent": _("Không thể chọn đơn vị cấp dưới làm đơn vị cấp trên.")})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slug_for(self.name)
        super().save(*args, **kwargs)


def ward_choices_filter():
    return {"kind__in": WARD_KINDS}


class GroupKind(models.TextChoices):
    TO_DAN_PHO = "to_dan_pho", _("Tổ dân phố")
    THON = "thon", _("Thôn")
    AP = "ap", _("Ấp")
    KHU_PHO = "khu_pho", _("Khu phố")


vietnamese_phone = RegexValidator(
    r"^(\+84|0)\d{9,10}$",
    _("Số điện thoại không hợp lệ: viết liền, bắt đầu bằng 0 hoặc +84, ví dụ 0912345678."),
)
zalo_user_id = RegexValidator(
    r"^\d{5,30}$", _("Mã người dùng Zalo chỉ gồm chữ số (lấy từ danh sách người quan tâm của Zalo OA).")
)


class ResidentialGroup(models.Model):
    """The smallest audience: every delivery is tracked down to one of these."""

    ward_path = "ward"

    ward = models.ForeignKey(
        Locality, verbose_name=_("phường/xã"), on_delete=models.PROTECT,
        related_name="residential_groups", limit_choices_to=ward_choices_filter,
    )
    name = models.CharField(_("tên"), max_length=120, help_text=_("Ví dụ: Tổ dân phố số 5"))
    kind = models.CharField(_("loại"), max_length=20, choices=GroupKind.choices, default=GroupKind.TO_DAN_PHO)
    households = models.PositiveIntegerField(_("số hộ"), default=0)
    head_name = models.CharField(_("tổ trưởng/trưởng thôn"), max_length=120, blank=True)
    head_phone = models.CharField(
        _("điện thoại tổ trưởng"), max_length=20, blank=True, validators=[vietnamese_phone]
    )
    head_zalo_user_id = models.CharField(
        _("mã người dùng Zalo của tổ trưởng"), max_length=40, blank=True, validators=[zalo_user_id],
        help_text=_("Mã (user_id) của tổ trưởng đối với Zalo OA của phường, có khi tổ trưởng quan tâm OA. "
                    "Có mã này, liên kết xác nhận hằng ngày được gửi qua tin nhắn Zalo."),
    )

    class Meta:
        verbose_name = _("tổ dân phố/thôn")
        verbose_name_plural = _("tổ dân phố/thôn")
        ordering = ["ward__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "name"], name="group_name_unique_per_ward",
                violation_error_message=_("Phường/xã này đã có một tổ/thôn cùng tên."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean_fields(self, exclude=None):
        # People write "0912 345 678" or "0912.345.678"; store the digits only.
        self.head_phone = "".join(self.head_phone.split()).replace(".", "")
        super().clean_fields(exclude)


class LoudspeakerCluster(ClusterableModel):
    """A group of loudspeakers switched on together; it covers one or more
    residential groups and airs what is scheduled in its broadcast slots."""

    ward_path = "ward"

    ward = models.ForeignKey(
        Locality, verbose_name=_("phường/xã"), on_delete=models.PROTECT,
        related_name="loudspeaker_clusters", limit_choices_to=ward_choices_filter,
    )
    name = models.CharField(_("tên cụm loa"), max_length=120)
    slug = models.SlugField(_("mã định danh (slug)"), max_length=130, blank=True)
    groups = models.ManyToManyField(
        ResidentialGroup, verbose_name=_("tổ/thôn được phủ sóng"), blank=True,
        related_name="loudspeaker_clusters",
    )
    reading_speed = models.PositiveSmallIntegerField(
        _("tốc độ đọc (tiếng/phút)"), default=180,
        validators=[MinValueValidator(60), MaxValueValidator(400)],
    )

    class Meta:
        verbose_name = _("cụm loa")
        verbose_name_plural = _("cụm loa")
        ordering = ["ward__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "slug"], name="cluster_slug_unique_per_ward",
                violation_error_message=_("Phường/xã này đã có một cụm loa cùng mã định danh."),
            ),
            models.CheckConstraint(
                condition=Q(reading_speed__gte=60) & Q(reading_speed__lte=400),
                name="cluster_reading_speed_range",
                violation_error_message=_("Tốc độ đọc phải từ 60 đến 400 tiếng/phút."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if not self.slug and self.name:
            self.slug = slug_for(self.name)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slug_for(self.name)
        super().save(*args, **kwargs)


class BroadcastSlot(models.Model):
    """A recurring window in which a cluster airs, e.g. 06:00-06:30 daily.

    Slots of one cluster never overlap: a database trigger (migration 0002)
    enforces it even when two people save at once.
    """

    ward_path = "cluster__ward"

    cluster = ParentalKey(
        LoudspeakerCluster, verbose_name=_("cụm loa"), on_delete=models.CASCADE, related_name="slots"
    )
    weekdays = WeekdaySetField(_("các ngày trong tuần"), default=ALL_WEEKDAYS)
    start = models.TimeField(_("bắt đầu"))
    end = models.TimeField(_("kết thúc"))

    class Meta:
        verbose_name = _("khung giờ phát")
        verbose_name_plural = _("khung giờ phát")
        ordering = ["cluster", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="slot_end_after_start",
                violation_error_message=_("Giờ kết thúc phải sau giờ bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(weekdays__gt=0) & Q(weekdays__lte=ALL_WEEKDAYS), name="slot_weekdays_valid",
                violation_error_message=_("Chọn ít nhất một ngày trong tuần."),
            ),
        ]

    def __str__(self):
        return f"{self.start:%H:%M}–{self.end:%H:%M} ({self.weekdays_display})"

    @property
    def weekdays_display(self) -> str:
        days = mask_to_weekdays(self.weekdays)
        if len(days) == 7:
            return str(_("hằng ngày"))
        labels = dict(WEEKDAY_CHOICES)
        return ", ".join(str(labels[day]) for day in days)

    @property
    def capacity_seconds(self) -> int:
        start = self.start.hour * 3600 + self.start.minute * 60 + self.start.second
        end = self.end.hour * 3600 + self.end.minute * 60 + self.end.second
        return end - start

    def overlaps(self, other: "BroadcastSlot") -> bool:
        return bool(self.weekdays & other.weekdays) and self.start < other.end and other.start < self.end
