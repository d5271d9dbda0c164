"""manage.py export_calendar --ward SLUG [--campaign SLUG] --output FILE.ics

Writes the ward's (or one campaign's) calendar as iCalendar: the same feed the secret iCal
addresses serve (``campaigns.reports.calendar.feeds.calendar_ical``). Bad input exits with code 2.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from campaigns.models import Campaign, Locality
from campaigns.models.places import WARD_KINDS
from campaigns.reports.calendar.feeds import calendar_ical

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Xuất lịch tuyên truyền của một phường/xã (hoặc một kế hoạch) ra tệp iCalendar (.ics)."

    def add_arguments(self, parser):
        parser.add_argument("--ward", required=True, help="Mã (slug) phường/xã, ví dụ hai-an")
        parser.add_argument("--campaign", help="Mã (slug) kế hoạch của phường/xã đó")
        parser.add_argument("--output", required=True, help="Tệp .ics cần ghi")

    def handle(self, *args, ward, campaign, output, **options):
        locality = Locality.objects.filter(slug=ward, kind__in=WARD_KINDS).first()
        if locality is None:
            raise CommandError(f"Không có phường/xã mã “{ward}”.", returncode=BAD_INPUT)
        chosen = None
        if campaign:
            chosen = Campaign.objects.filter(ward=locality, slug=campaign).first()
            if chosen is None:
                raise CommandError(f"{locality.name} không có kế hoạch mã “{campaign}”.", returncode=BAD_INPUT)
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"Không có thư mục {path.parent} để ghi tệp.", returncode=BAD_INPUT)
        body = calendar_ical(ward=locality, campaign=chosen)
        path.write_bytes(body)
        self.stdout.write(f"Đã ghi {body.count(b'BEGIN:VEVENT')} sự kiện vào {path}.")
