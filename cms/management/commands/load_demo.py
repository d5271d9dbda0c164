from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.test.utils import override_settings
from wagtail.models import Page

from campaigns.models import Campaign, Delivery, Locality, Publication, ResidentialGroup, Role
from cms.demo import demo_load

# What the demo makes, as counted before and after a run: the command reports only what it created.
COUNTED = (
    ("địa bàn", lambda: Locality.objects.count()),
    ("tổ dân phố/thôn", lambda: ResidentialGroup.objects.count()),
    ("kế hoạch", lambda: Campaign.objects.count()),
    ("trang nội dung", lambda: Page.objects.count()),
    ("lịch đăng/phát", lambda: Publication.objects.count()),
    ("lượt đăng/phát", lambda: Delivery.objects.count()),
    ("tài khoản", lambda: get_user_model().objects.count()),
)


def _counts() -> dict[str, int]:
    return {label: count() for label, count in COUNTED}


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu: Hải Phòng, phường Hải An, xã Hà Bắc, kế hoạch 02-NQ/TU, nội dung tuyên truyền, "
        "tài khoản mẫu. Chạy lại nhiều lần vẫn an toàn."
    )

    def handle(self, *args, **options):
        before = _counts()
        # The demo submits and approves pieces through the workflow: its notification emails go nowhere.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            result = demo_load()
        created = {label: count - before[label] for label, count in _counts().items() if count > before[label]}
        if created:
            made = ", ".join(f"{number} {label}" for label, number in created.items())
            self.stdout.write(self.style.SUCCESS(f"Đã tạo dữ liệu mẫu: {made}."))
        else:
            self.stdout.write("Dữ liệu mẫu đã có sẵn, không tạo thêm gì.")
        self.stdout.write("Tài khoản mẫu (đăng nhập tại /admin/; mật khẩu đặt khi tạo lần đầu):")
        for user in result["users"]:
            role = Role(user.role).label if user.role else "Quản trị hệ thống"
            self.stdout.write(f"  {user.username:<14} mật khẩu: {result['password']:<16} {role}")
