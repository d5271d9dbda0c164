"""``manage.py print_roster --cluster SLUG --date YYYY-MM-DD [--days N] --format html|pdf --output FILE``."""

import datetime as dt
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from campaigns.models import LoudspeakerCluster
from campaigns.reports.rosters.render import html_to_pdf, roster_html
from campaigns.reports.rosters.roster import cluster_roster

MAX_DAYS = 14


class Command(BaseCommand):
    help = "In lịch phát thanh của một cụm loa (HTML hoặc PDF)."

    def add_arguments(self, parser):
        parser.add_argument("--cluster", required=True, help="mã định danh (slug) của cụm loa")
        parser.add_argument("--ward", default="", help="slug phường/xã, khi nhiều phường có cụm loa cùng slug")
        parser.add_argument("--date", required=True, help="ngày đầu, YYYY-MM-DD")
        parser.add_argument("--days", default="1", help=f"số ngày (1–{MAX_DAYS}), mặc định 1")
        parser.add_argument("--format", choices=("html", "pdf"), default="pdf")
        parser.add_argument("--output", required=True, help="tệp kết quả")

    def fail(self, message: str):
        self.stderr.write(f"Lỗi: {message}")
        sys.exit(2)

    def handle(self, *args, **options):
        try:
            first_day = dt.date.fromisoformat(options["date"])
        except ValueError:
            self.fail(f"ngày “{options['date']}” không hợp lệ; viết theo dạng YYYY-MM-DD, ví dụ 2026-11-30.")
        days = options["days"]
        if not days.isdigit() or not 1 <= int(days) <= MAX_DAYS:
            self.fail(f"số ngày phải là số từ 1 đến {MAX_DAYS}.")
        clusters = LoudspeakerCluster.objects.filter(slug=options["cluster"]).select_related("ward")
        if options["ward"]:
            clusters = clusters.filter(ward__slug=options["ward"])
        clusters = list(clusters[:2])
        if not clusters:
            self.fail(f"không có cụm loa “{options['cluster']}”.")
        if len(clusters) > 1:
            self.fail(f"nhiều phường/xã có cụm loa “{options['cluster']}”; thêm --ward SLUG.")
        roster = cluster_roster(clusters[0], first_day=first_day, days=int(days))
        html = roster_html([roster])
        output = Path(options["output"])
        try:
            if options["format"] == "pdf":
                output.write_bytes(html_to_pdf(html))
            else:
                output.write_text(html, encoding="utf-8")
        except OSError as error:
            self.fail(f"không ghi được tệp “{output}” ({error.strerror or error}); kiểm tra thư mục và quyền ghi.")
        if roster.is_empty:
            self.stdout.write(f"{roster.cluster.name} ({roster.ward_name}) không có bài nào để phát "
                              f"{roster.period_label.lower()}; đã ghi lịch trống vào {output}.")
        else:
            count = sum(len(day.items) for day in roster.days)
            self.stdout.write(f"Đã ghi lịch phát thanh {roster.cluster.name} ({roster.ward_name}), "
                              f"{count} bài, vào {output}.")
