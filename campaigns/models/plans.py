"""A ward's propaganda plan (Kế hoạch tuyên truyền) and its numeric targets."""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from campaigns.content.channels import Channel
from campaigns.models.fields import ChoiceListField, DaysOfMonthField, LinesField
from campaigns.models.places import Locality
from campaigns.models.resolutions import Resolution
from campaigns.models.slugs import slug_for


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ACTIVE = "active", _("Đang triển khai")
    CLOSED = "closed", _("Đã kết thúc")


class Campaign(ClusterableModel):
    """What a ward has committed to tell its people about a resolution, by when,
    through which channels and by whom. Content and schedules hang off it."""

    ward_path = "ward"
    # A ward reads the city's plan its own plan cascades from.
    visible_from_below = True

    ward = models.ForeignKey(
        Locality, verbose_name=_("đơn vị thực hiện"), on_delete=models.PROTECT, related_name="campaigns"
    )
    number = models.CharField(_("số kế hoạch"), max_length=60, blank=True, help_text=_("Ví dụ: 15/KH-UBND"))
    title = models.TextField(_("tên kế hoạch"))
    slug = models.SlugField(_("mã định danh (slug)"), max_length=120, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    resolutions = models.ManyToManyField(
        Resolution, verbose_name=_("văn bản triển khai"), blank=True, related_name="campaigns"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("kế hoạch cấp trên"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="children",
    )
    period_start = models.DateField(_("bắt đầu"), null=True, blank=True)
    period_end = models.DateField(_("kết thúc"), null=True, blank=True)
    purposes = LinesField(_("mục đích, yêu cầu"))
    themes = LinesField(_("nội dung tuyên truyền"))
    budget_source = models.CharField(_("nguồn kinh phí"), max_length=255, blank=True)
    lead_unit = models.CharField(_("đơn vị chủ trì"), max_length=200, blank=True)
    recipients = LinesField(_("nơi nhận"))
    signer = models.CharField(_("người ký"), max_length=120, blank=True)
    reporting_days = DaysOfMonthField(_("ngày báo cáo hằng tháng"))
    channels = ChoiceListField(_("hình thức tuyên truyền"), item_choices=Channel.choices)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    # Where an imported plan came from; the hash finds a re-import of the same document.
    source_name = models.CharField(_("tệp nguồn"), max_length=255, blank=True)
    source_sha256 = models.CharField(_("mã băm văn bản nguồn"), max_length=64, blank=True, db_index=True)
    # 0 for the first import of a document into a ward; a deliberate re-import ("Vẫn tạo kế hoạch
    # mới") takes the next number, so the constraint below stops only an accidental second click.
    source_copy = models.PositiveSmallIntegerField(_("lần nhập văn bản nguồn"), default=0, editable=False)

    class Meta:
        verbose_name = _("kế hoạch tuyên truyền")
        verbose_name_plural = _("kế hoạch tuyên truyền")
        ordering = ["-period_start", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "source_sha256", "source_copy"], condition=~Q(source_sha256=""),
                name="campaign_source_unique_per_ward",
                violation_error_message=_("Văn bản này đã được nhập vào đơn vị này."),
            ),
            models.UniqueConstraint(
                fields=["ward", "slug"], name="campaign_slug_unique_per_ward",
                violation_error_message=_("Đơn vị này đã có một kế hoạch cùng mã định danh."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True) | Q(period_start__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="campaign_period_end_after_start",
                violation_error_message=_("Ngày kết thúc phải sau hoặc trùng ngày bắt đầu."),
            ),
        ]

    def __str__(self):
        return self.title if len(self.title) <= 80 else f"{self.title[:77]}…"

    def clean(self):
        if not self.slug and self.title:
            self.slug = slug_for(self.title, max_length=100)
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("Kế hoạch không thể là cấp trên của chính nó.")})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slug_for(self.title, max_length=100)
        super().save(*args, **kwargs)


class ResponsibleUnit(Orderable):
    """A unit named in "Tổ chức thực hiện" with the tasks the plan gives it."""

    ward_path = "campaign__ward"

    campaign = ParentalKey(Campaign, on_delete=models.CASCADE, related_name="units")
    name = models.CharField(_("đơn vị"), max_length=200)
    tasks = LinesField(_("nhiệm vụ"))

    class Meta(Orderable.Meta):
        verbose_name = _("đơn vị thực hiện")
        verbose_name_plural = _("đơn vị thực hiện")

    def __str__(self):
        return self.name


class Target(Orderable):
    """A numeric target the campaign publicises, e.g. 32.900 căn in 2026-2030."""

    ward_path = "campaign__ward"

    campaign = ParentalKey(Campaign, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="targets")
    text = models.TextField(_("nội dung chỉ tiêu"))
    quantity = models.PositiveBigIntegerField(_("số lượng"))
    unit = models.CharField(_("đơn vị tính"), max_length=40, help_text=_("Ví dụ: căn"))
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))

    class Meta(Orderable.Meta):
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="target_end_year_after_start",
                violation_error_message=_("Năm kết thúc phải sau hoặc bằng năm bắt đầu."),
            ),
        ]

    def __str__(self):
        return f"{intcomma(self.quantity)} {self.unit} ({self.start_year}–{self.end_year})"
