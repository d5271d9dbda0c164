from django.core.management.base import BaseCommand

from campaigns.models import Role
from cms.demo import demo_load


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu: Hải Phòng, phường Hải An, xã Hà Bắc, kế hoạch 02-NQ/TU, nội dung tuyên truyền, "
        "tài khoản mẫu. Chạy lại nhiều lần vẫn an toàn."
    )

    def handle(self, *args, **options):
        result = demo_load()
        self.stdout.write(self.style.SUCCESS(f"Đã nạp dữ liệu mẫu: {result['campaign']}"))
        pieces, publications = result["content"]["pieces"], result["publications"]
        self.stdout.write(f"Chuyên mục có {pieces} nội dung, {publications} lịch đăng/phát.")
        self.stdout.write("Tài khoản mẫu (đăng nhập tại http://127.0.0.1:8000/admin/, mật khẩu đặt khi tạo lần đầu):")
        for user in result["users"]:
            role = Role(user.role).label if user.role else "Quản trị hệ thống"
            self.stdout.write(f"  {user.username:<14} mật khẩu: {result['password']:<16} {role}")
        self.stdout.write("Cổng thông tin phường Hải An: http://127.0.0.1:8000/")
        self.stdout.write(f"Độ phủ tuyên truyền toàn thành phố: http://127.0.0.1:8000/admin/coverage/"
                          f"{result['city_campaign'].pk}/ ({result['coverage_deliveries']} lượt mẫu mới)")
