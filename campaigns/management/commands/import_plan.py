"""manage.py import_plan FILE [--ward SLUG] [--dry-run] [--json] [--force]

Reads a plan document (.txt, .md, .docx, .pdf, or a scan/photo read by OCR:
image-only .pdf, .jpg, .png, .heic) and creates a draft
campaign in a ward. ``--dry-run`` only parses and touches no database;
with ``--json`` it prints exactly one JSON object with the parser's keys.
Importing the same document into the same ward again is refused (exit 2)
unless ``--force`` is given. Every refusal exits with code 2 and creates nothing.
"""

import json
from pathlib import Path

from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.management.base import BaseCommand, CommandError, CommandParser

from campaigns.models import Campaign, Locality
from campaigns.plans.import_service import PlanAlreadyImported, ResolutionMatch, plan_import
from campaigns.plans.importer import PlanImportError, parse_plan, read_document
from campaigns.plans.importer.ocr import unreadable_page_message

BAD_INPUT = 2


def refuse(message: str) -> CommandError:
    return CommandError(message, returncode=BAD_INPUT)


class Command(BaseCommand):
    help = (
        "Nhập một văn bản kế hoạch (.txt, .md, .docx, .pdf, hoặc bản quét/ảnh chụp .pdf, .jpg, .png, .heic "
        "đọc bằng OCR) thành kế hoạch tuyên truyền "
        "dự thảo của một phường/xã. --dry-run chỉ đọc và in kết quả, không ghi cơ sở dữ liệu."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Tệp văn bản kế hoạch")
        parser.add_argument("--ward", help="Mã (slug) của phường/xã nhận kế hoạch, ví dụ hai-an")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ đọc văn bản, không tạo gì")
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON")
        parser.add_argument(
            "--force", action="store_true",
            help="Vẫn tạo kế hoạch mới khi văn bản này đã được nhập vào phường/xã đó",
        )

    def handle(self, *args, **options) -> None:
        if not options["dry_run"] and not options["ward"]:
            raise refuse(
                "Thiếu --ward: hãy cho biết phường/xã nhận kế hoạch, ví dụ --ward hai-an "
                "(hoặc dùng --dry-run để chỉ xem kết quả đọc văn bản)."
            )
        path = Path(options["file"])
        text, plan = self.read(path)
        if options["dry_run"]:
            self.print_plan(plan, as_json=options["json"])
            return
        ward = self.find_ward(options["ward"])
        try:
            result = plan_import(
                plan=plan, ward=ward, source_text=text, source_name=path.name, allow_duplicate=options["force"]
            )
        except PlanAlreadyImported as already:
            existing = already.existing
            raise refuse(
                f"Văn bản {path.name} đã được nhập vào {ward}: kế hoạch #{existing.pk} “{existing}” "
                f"(mã {existing.slug}). Không tạo thêm; dùng --force nếu thật sự muốn tạo bản mới."
            ) from already
        self.print_created(result.campaign, result.matches, as_json=options["json"])

    def show_progress(self, done: int, total: int) -> None:
        """ "Đang nhận dạng trang 3/5 [##########--------------]" on stderr, one line redrawn per page
        (two pages are read at once: the bar moves as each one is done)."""
        width = 24
        filled = round(width * done / total) if total else width
        bar = f"[{'#' * filled}{'-' * (width - filled)}]"
        if done < total:
            line = f"Đang nhận dạng trang {done + 1}/{total} {bar}"
        else:
            line = f"Đã nhận dạng {total}/{total} trang {bar}"
        self.stderr.write(f"\r{line}", ending="\n" if done == total else "")
        self.stderr.flush()

    def show_unreadable(self, number: int) -> None:
        self.stderr.write(self.style.WARNING(unreadable_page_message(number)))

    def read(self, path: Path) -> tuple[str, dict]:
        try:
            text = read_document(path, ocr=True, on_page=self.show_progress, on_unreadable=self.show_unreadable)
            return text, parse_plan(text)
        except PlanImportError as error:
            raise refuse(f"Không nhập được {path.name}: {error}.") from error

    def find_ward(self, slug: str) -> Locality:
        ward = Locality.objects.filter(slug=slug).first()
        if ward is None:
            known = ", ".join(Locality.objects.order_by("slug").values_list("slug", flat=True)[:20])
            raise refuse(f"Không có phường/xã nào mang mã “{slug}”. Các mã hiện có: {known or '(chưa có)'}.")
        return ward

    # --- output -------------------------------------------------------------------

    def print_plan(self, plan: dict, *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(plan, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Tên: {plan['title'] or '(không rõ)'}")
        self.stdout.write(f"Cơ quan ban hành: {plan['issuer'] or '(không rõ)'}")
        self.stdout.write(f"Ngày ban hành: {plan['issued_on'] or '(để trống trong văn bản)'}")
        self.stdout.write(f"Văn bản dẫn chiếu: {', '.join(ref['code'] for ref in plan['references']) or '-'}")
        for target in plan["targets"]:
            self.stdout.write(f"  Chỉ tiêu: {target['text']}")
        self.stdout.write(f"Hình thức: {', '.join(plan['channels']) or '-'}")
        self.stdout.write(f"Đơn vị thực hiện: {len(plan['units'])}; nơi nhận: {len(plan['recipients'])}")
        self.stdout.write(f"Người ký: {plan['signer'] or '(không rõ)'}")
        self.stdout.write("Chạy thử (--dry-run): chưa tạo gì.")

    def print_created(self, campaign: Campaign, matches: list[ResolutionMatch], *, as_json: bool) -> None:
        found = [match.existing for match in matches if match.existing is not None]
        created = [resolution for resolution in campaign.resolutions.all() if resolution not in found]
        targets = list(campaign.targets.all())
        if as_json:
            summary = {
                "campaign": {"id": campaign.pk, "slug": campaign.slug, "title": campaign.title,
                             "ward": campaign.ward.slug, "status": campaign.status},
                "targets": len(targets),
                "units": campaign.units.count(),
                "resolutions": {"found": [r.code for r in found], "created": [r.code for r in created]},
            }
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
            return
        self.stdout.write(self.style.SUCCESS(
            f"Đã tạo kế hoạch dự thảo #{campaign.pk} “{campaign}” cho {campaign.ward} (mã {campaign.slug})."
        ))
        self.stdout.write(f"  Chỉ tiêu: {len(targets)}")
        for target in targets:
            period = f"{target.start_year}–{target.end_year}"
            self.stdout.write(f"    - {intcomma(target.quantity)} {target.unit} ({period})")
        self.stdout.write(f"  Đơn vị thực hiện: {campaign.units.count()}; nơi nhận: {len(campaign.recipients)}")
        self.stdout.write(f"  Văn bản chỉ đạo: đã có {len(found)}, tạo mới {len(created)}")
        for label, resolutions in (("đã có", found), ("tạo mới", created)):
            for resolution in resolutions:
                self.stdout.write(f"    - {label}: {resolution} ({resolution.issuer})")
        self.stdout.write(
            "Hãy mở kế hoạch trong Tuyên truyền › Kế hoạch tuyên truyền để kiểm tra trước khi triển khai."
        )
