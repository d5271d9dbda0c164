"""``manage.py coverage_report --campaign SLUG --from D --to D --format xlsx|pdf|json --output FILE``."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from campaigns.models import Campaign, ReportFormat
from campaigns.reports.coverage_report import coverage_report_data, coverage_report_render
from campaigns.reports.period import PeriodError, parse_period


class Command(BaseCommand):
    help = "Lập báo cáo định kỳ về độ phủ tuyên truyền của một kế hoạch (XLSX, PDF hoặc JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--campaign", required=True,
                            help="Mã định danh (slug) của kế hoạch; thêm --ward khi nhiều đơn vị dùng cùng mã.")
        parser.add_argument("--ward", default="", help="Mã định danh của phường/xã/thành phố sở hữu kế hoạch.")
        parser.add_argument("--from", dest="start", required=True, help="Ngày bắt đầu, YYYY-MM-DD.")
        parser.add_argument("--to", dest="end", required=True, help="Ngày kết thúc, YYYY-MM-DD.")
        parser.add_argument("--format", dest="fmt", required=True, choices=ReportFormat.values)
        parser.add_argument("--output", required=True, help="Tệp kết quả ('-' để in ra màn hình, chỉ với json).")

    def fail(self, message: str):
        raise CommandError(message, returncode=2)

    def handle(self, *args, campaign, ward, start, end, fmt, output, **options):
        try:
            first, last = parse_period(start, end)
        except PeriodError as error:
            self.fail(str(error))
        campaigns = Campaign.objects.filter(slug=campaign).select_related("ward")
        if ward:
            campaigns = campaigns.filter(ward__slug=ward)
        found = list(campaigns[:2])
        if not found:
            self.fail(f"Không tìm thấy kế hoạch có mã “{campaign}”"
                      + (f" của đơn vị “{ward}”" if ward else "") + ". Hãy kiểm tra lại mã định danh (slug).")
        if len(found) > 1:
            self.fail(f"Có nhiều kế hoạch cùng mã “{campaign}” (ở {found[0].ward.name}, {found[1].ward.name}, …): "
                      "thêm --ward để chọn đơn vị.")
        data = coverage_report_data(campaign=found[0], start=first, end=last, issued_on=timezone.localdate())
        content = coverage_report_render(data, fmt)
        if output == "-":
            if fmt != ReportFormat.JSON:
                self.fail("Chỉ in được báo cáo JSON ra màn hình; với xlsx/pdf hãy đặt --output là tên tệp.")
            self.stdout.write(content.decode())
            return
        try:
            with open(output, "wb") as handle:
                handle.write(content)
        except OSError as error:
            self.fail(f"Không ghi được tệp {output}: {error.strerror}.")
        self.stdout.write(self.style.SUCCESS(
            f"Đã lập báo cáo {found[0]} từ {first:%d/%m/%Y} đến {last:%d/%m/%Y}: {output}"))
