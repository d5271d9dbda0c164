from django.core.management.base import BaseCommand

from campaigns.demo.loader import demo_load
from campaigns.models import Role


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu: Hải Phòng, phường Hải An, xã Hà Bắc, kế hoạch 02-NQ/TU, tài khoản mẫu."

    def handle(self, *args, **options):
        result = demo_load()
        self.stdout.write(self.style.SUCCESS(f"Đã nạp dữ liệu mẫu: {result['campaign']}"))
        self.stdout.write("Tài khoản mẫu (đăng nhập tại http://127.0.0.1:8000/admin/):")
        for user in result["users"]:
            role = Role(user.role).label if user.role else "Quản trị hệ thống"
            self.stdout.write(f"  {user.username:<12} mật khẩu: {result['password']:<16} {role}")
