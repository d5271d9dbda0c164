import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from campaigns.models import Locality
from campaigns.tracking.link_messages import link_messages_send


class Command(BaseCommand):
    help = ("Gửi liên kết xác nhận trong ngày cho tổ trưởng qua tin nhắn Zalo OA (mỗi tổ một lần một ngày; "
            "chạy lại không gửi trùng).")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày (YYYY-MM-DD); mặc định hôm nay.")
        parser.add_argument("--ward", help="Mã (slug) phường/xã; mặc định mọi phường/xã có tài khoản Zalo OA.")
        parser.add_argument("--base-url", default="", help="Địa chỉ gốc của liên kết (mặc định WAGTAILADMIN_BASE_URL).")

    def handle(self, *args, date=None, ward=None, base_url="", **options):
        now = timezone.now()
        try:
            day = dt.date.fromisoformat(date) if date else timezone.localdate(now)
        except ValueError:
            raise CommandError(f"Ngày “{date}” không hợp lệ: hãy viết YYYY-MM-DD, ví dụ 2026-03-15.") from None
        ward_ids = None
        if ward:
            locality = Locality.objects.filter(slug=ward).first()
            if locality is None:
                raise CommandError(f"Không có phường/xã “{ward}”.")
            ward_ids = [locality.pk]
        report = link_messages_send(day=day, now=now, ward_ids=ward_ids, base_url=base_url)
        self.stdout.write(f"Ngày {day:%d/%m/%Y}: đã gửi {report.sent}, lỗi {report.failed}, cần kiểm tra "
                          f"{report.needs_check}, đã gửi trước đó {report.already} ({report.wards} phường/xã có "
                          f"Zalo OA).")
