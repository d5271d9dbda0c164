from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.backup import BackupError, created_at, read_manifest, restore


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu và các tệp tải lên từ một bản sao lưu (thay thế dữ liệu hiện có)."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Thư mục bản sao lưu (do lệnh backup tạo).")
        parser.add_argument("--yes", action="store_true", help="Không hỏi lại trước khi thay thế dữ liệu.")

    def handle(self, *args, folder, yes=False, **options):
        try:
            manifest = read_manifest(Path(folder))
            question = f"Thay toàn bộ dữ liệu bằng bản sao lưu lúc {created_at(manifest)}? [gõ 'co'] "
            if not yes and input(question) != "co":
                raise CommandError("Đã huỷ: không thay đổi gì.")
            differences = restore(Path(folder))
        except BackupError as error:
            raise CommandError(str(error)) from error
        if differences:
            raise CommandError(f"Đã khôi phục nhưng số dòng khác bản sao lưu ở {len(differences)} bảng: {differences}")
        self.stdout.write(f"Đã khôi phục bản sao lưu lúc {created_at(manifest)}; số dòng của mọi bảng khớp.")
