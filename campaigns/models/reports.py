"""Periodic reports (báo cáo định kỳ) prepared ahead of a campaign's reporting days."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models.plans import Campaign


class ReportFormat(models.TextChoices):
    XLSX = "xlsx", _("Bảng tính Excel (.xlsx)")
    PDF = "pdf", _("Văn bản PDF")
    JSON = "json", _("Dữ liệu JSON")


class CoverageReport(models.Model):
    """A periodic report prepared the day before a reporting day, so the supervisor finds it ready
    on the coverage screen. The document is kept in the database (a few tens of kilobytes): it is
    read only through the ward-scoped download view, never from the media folder."""

    ward_path = "campaign__ward"

    campaign = models.ForeignKey(Campaign, verbose_name=_("kế hoạch"), on_delete=models.CASCADE,
                                 related_name="coverage_reports")
    reporting_day = models.DateField(_("ngày báo cáo"))
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    format = models.CharField(_("định dạng"), max_length=4, choices=ReportFormat.choices)
    content = models.BinaryField(_("nội dung"))
    created_at = models.DateTimeField(_("lập lúc"), auto_now=True)

    class Meta:
        verbose_name = _("báo cáo định kỳ")
        verbose_name_plural = _("báo cáo định kỳ")
        ordering = ["-reporting_day", "format"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "reporting_day", "format"],
                                    name="one_coverage_report_per_day_format"),
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")),
                                   name="coverage_report_period_order"),
        ]

    def __str__(self):
        return f"{self.campaign} · {self.reporting_day:%d/%m/%Y} · {self.get_format_display()}"
