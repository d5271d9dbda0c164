"""Directive documents from above that a campaign carries out."""

from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from campaigns.models.places import Locality
from campaigns.plans.reference_codes import normalize_code


class ResolutionKind(models.TextChoices):
    NGHI_QUYET = "nghi_quyet", _("Nghị quyết")
    CHI_THI = "chi_thi", _("Chỉ thị")
    KE_HOACH = "ke_hoach", _("Kế hoạch")
    QUYET_DINH = "quyet_dinh", _("Quyết định")
    KET_LUAN = "ket_luan", _("Kết luận")
    LUAT = "luat", _("Luật")
    CONG_VAN = "cong_van", _("Công văn")
    OTHER = "other", _("Văn bản khác")


class Resolution(models.Model):
    """A resolution, directive, plan or law, e.g. Nghị quyết 02-NQ/TU.

    It belongs to the locality whose body issued it, so a city's resolution is
    recorded once and every ward below the city can cite it.
    """

    ward_path = "locality"
    # Wards read (but do not change) the documents of the levels above them.
    visible_from_below = True

    kind = models.CharField(_("loại văn bản"), max_length=20, choices=ResolutionKind.choices)
    code = models.CharField(
        _("số, ký hiệu"), max_length=60, help_text=_("Ví dụ: 02-NQ/TU, 201/2025/QH15")
    )
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200)
    title = models.TextField(_("trích yếu"), blank=True)
    locality = models.ForeignKey(
        Locality, verbose_name=_("thuộc cấp"), on_delete=models.PROTECT, related_name="resolutions"
    )
    amends = models.ManyToManyField(
        "self", verbose_name=_("sửa đổi, bổ sung"), symmetrical=False, blank=True, related_name="amended_by"
    )
    implements = models.ManyToManyField(
        "self", verbose_name=_("triển khai văn bản"), symmetrical=False, blank=True,
        related_name="implemented_by",
    )
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("tệp văn bản"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("văn bản chỉ đạo")
        verbose_name_plural = _("văn bản chỉ đạo")
        ordering = ["-issued_on", "code"]
        constraints = [
            # Per locality: a ward records its own copy of a document another ward also cites
            # rather than sharing a sibling's row (resolutions are shared only downward).
            models.UniqueConstraint(
                fields=["locality", "code", "issuer", "issued_on"], name="resolution_code_unique_per_locality",
                violation_error_message=_("Văn bản cùng số, ký hiệu, cơ quan và ngày ban hành đã có ở cấp này."),
            ),
            models.CheckConstraint(
                condition=~Q(code=""), name="resolution_code_not_empty",
                violation_error_message=_("Số, ký hiệu không được để trống."),
            ),
        ]

    def __str__(self):
        date = f" ngày {date_format(self.issued_on, 'SHORT_DATE_FORMAT')}" if self.issued_on else ""
        return f"{self.get_kind_display()} số {self.code}{date}"

    def clean(self):
        self.code = normalize_code(self.code)

    def save(self, *args, **kwargs):
        self.code = normalize_code(self.code)
        super().save(*args, **kwargs)
