from django.core.management.base import BaseCommand

from campaigns.models import Locality
from campaigns.models.places import WARD_KINDS
from campaigns.places.roles import roles_ensure, ward_setup


class Command(BaseCommand):
    help = (
        "Tạo hoặc cập nhật các nhóm vai trò, nhóm theo từng phường/xã và cổng thông tin của từng phường/xã "
        "(chạy lại nhiều lần vẫn an toàn)."
    )

    def handle(self, *args, **options):
        roles_ensure()
        wards = Locality.objects.filter(kind__in=WARD_KINDS)
        for ward in wards:
            ward_setup(locality=ward)
        self.stdout.write(f"Đã cập nhật 3 vai trò và nhóm của {wards.count()} phường/xã.")
