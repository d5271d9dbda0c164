from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.backup import BackupError, backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và các tệp tải lên vào một thư mục mới (xem docs/deploy.md)."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="Thư mục mới để ghi bản sao lưu.")

    def handle(self, *args, output, **options):
        try:
            manifest = backup(Path(output))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Đã sao lưu {sum(manifest['rows'].values())} dòng dữ liệu và "
                          f"{len(manifest['media'])} tệp tải lên vào {output}.")
