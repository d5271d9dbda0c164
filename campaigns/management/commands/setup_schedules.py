from django.core.management.base import BaseCommand

from campaigns.dispatch.periodic import schedules_ensure


class Command(BaseCommand):
    help = "Đăng ký các lịch chạy nền (gửi lượt đến hạn, xuất bản theo lịch) — chạy lại vẫn an toàn."

    def handle(self, *args, **options):
        for schedule in schedules_ensure():
            self.stdout.write(f"{schedule.name}: {schedule.func} mỗi {schedule.minutes} phút")
