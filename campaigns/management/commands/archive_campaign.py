from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from campaigns.plans.archive import ArchiveError, campaign_archive, campaign_for_archive


class Command(BaseCommand):
    help = ("Lưu trữ một kế hoạch đã kết thúc (kế hoạch, lượt đăng/phát, nhật ký…) vào một tệp JSON nén; "
            "dữ liệu vẫn giữ nguyên trong hệ thống.")

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Mã định danh (slug) của kế hoạch.")
        parser.add_argument("--output", required=True, help="Tệp kết quả, ví dụ ke-hoach.json.gz.")
        parser.add_argument("--ward", default=None, help="Mã đơn vị, khi nhiều đơn vị có kế hoạch cùng mã.")

    def handle(self, *args, slug, output, ward=None, **options):
        if not output.endswith(".json.gz"):
            raise CommandError("Tên tệp kết quả phải kết thúc bằng .json.gz.")
        try:
            campaign = campaign_for_archive(slug, ward)
            counts = campaign_archive(campaign, Path(output))
        except ArchiveError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(f"Không ghi được tệp {output}: {error.strerror}.") from error
        self.stdout.write(f"Đã lưu trữ “{campaign.title}” vào {output}: {sum(counts.values())} bản ghi "
                          f"({', '.join(f'{label}: {n}' for label, n in counts.items())}).")
