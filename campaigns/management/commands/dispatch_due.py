from dataclasses import asdict

from django.core.management.base import BaseCommand

from campaigns.dispatch.runner import dispatch_due


class Command(BaseCommand):
    help = "Chạy một lượt gửi: nhận các lượt đăng/phát đến hạn và gửi qua từng kênh."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="Gửi tối đa bao nhiêu lượt.")

    def handle(self, *args, limit=None, **options):
        report = dispatch_due(limit=limit)
        labels = {"claimed": "nhận", "delivered": "đã đăng", "ready": "sẵn sàng", "retrying": "sẽ thử lại",
                  "failed": "lỗi", "needs_check": "cần kiểm tra", "lost_claims": "bị tiến trình khác lấy"}
        summary = ", ".join(f"{label}: {asdict(report)[key]}" for key, label in labels.items())
        self.stdout.write(f"{report.worker} — {summary}")
        if report.busy:  # not an error: the next pass (one minute later) goes on where this one stopped
            self.stdout.write("Cơ sở dữ liệu đang bận nên lượt gửi dừng sớm; lượt sau sẽ gửi tiếp, không mất lượt nào.")
