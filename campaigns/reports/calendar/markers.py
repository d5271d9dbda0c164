"""What marks a day in the calendar besides deliveries: a campaign's start and end, its reporting
days, Vietnam's public holidays, the anniversaries propaganda is built around, and the lunar date.

Holidays come from the ``holidays`` library's Vietnam calendar (Tết and Giỗ Tổ Hùng Vương follow the
lunar calendar there). The lunar date comes from ``lunar_vn`` computed for UTC+7, Vietnam's time
zone: in some years a new moon falls on different days in Hà Nội and Beijing, so Vietnamese and
Chinese calendars differ (Tết 1985 was 21/01 in Vietnam, 20/02 in China).
"""

import calendar
import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import holidays
import lunar_vn
from django.db.models import Q

from campaigns.models import Anniversary, Campaign

VIETNAM_UTC_OFFSET_HOURS = 7.0
NATIONAL_ANNIVERSARIES = Path(__file__).with_name("anniversaries.json")

# Marker kinds, with the Vietnamese word shown before them in lists and exports.
KINDS = {
    "holiday": "Ngày lễ",
    "anniversary": "Ngày kỷ niệm",
    "campaign_start": "Bắt đầu kế hoạch",
    "campaign_end": "Kết thúc kế hoạch",
    "reporting": "Hạn báo cáo",
}


@dataclass(frozen=True)
class Marker:
    day: dt.date
    kind: str
    text: str

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]


@dataclass(frozen=True)
class LunarDay:
    day: int
    month: int
    year: int
    leap: bool

    def __str__(self) -> str:
        month = f"{self.month}{' nhuận' if self.leap else ''}"
        return f"{self.day}/{month}"


def lunar_date(day: dt.date) -> LunarDay:
    """The Vietnamese lunar (âm lịch) date of ``day``."""
    found = lunar_vn.convert_solar_to_lunar(day.day, day.month, day.year, time_zone=VIETNAM_UTC_OFFSET_HOURS)
    return LunarDay(found.day, found.month, found.year, bool(found.leap))


def lunar_dates(days: list[dt.date]) -> dict[dt.date, LunarDay]:
    return {day: lunar_date(day) for day in days}


@lru_cache(maxsize=32)
def _holidays_of(year: int) -> tuple[tuple[dt.date, str], ...]:
    return tuple(sorted(holidays.Vietnam(years=year, language="vi").items()))


@lru_cache(maxsize=1)
def national_anniversaries() -> tuple[dict, ...]:
    return tuple(json.loads(NATIONAL_ANNIVERSARIES.read_text(encoding="utf-8")))


def _anniversary_text(name: str, since_year: int | None, year: int) -> str:
    if since_year and year > since_year:
        return f"{name} ({year - since_year} năm)"
    return name


def markers_for(*, first: dt.date, last: dt.date, ward_ids: list[int], campaign_id: int | None = None) -> list[Marker]:
    """Every marker of the days ``first``..``last`` for these wards (two queries)."""
    years = range(first.year, last.year + 1)
    found: list[Marker] = []
    for year in years:
        found += [Marker(day, "holiday", str(name)) for day, name in _holidays_of(year) if first <= day <= last]
    local = list(Anniversary.objects.filter(ward_id__in=ward_ids).values("day", "month", "name", "since_year"))
    for item in [*national_anniversaries(), *local]:
        for year in years:
            try:
                day = dt.date(year, item["month"], item["day"])
            except ValueError:
                continue  # 29/02 in a common year
            if first <= day <= last:
                found.append(Marker(day, "anniversary", _anniversary_text(item["name"], item.get("since_year"), year)))
    campaigns = Campaign.objects.filter(ward_id__in=ward_ids).filter(
        Q(period_start__isnull=True) | Q(period_start__lte=last), Q(period_end__isnull=True) | Q(period_end__gte=first))
    if campaign_id:
        campaigns = campaigns.filter(pk=campaign_id)
    for campaign in campaigns.only("title", "period_start", "period_end", "reporting_days"):
        name = str(campaign)
        if campaign.period_start and first <= campaign.period_start <= last:
            found.append(Marker(campaign.period_start, "campaign_start", name))
        if campaign.period_end and first <= campaign.period_end <= last:
            found.append(Marker(campaign.period_end, "campaign_end", name))
        found += [Marker(day, "reporting", name) for day in _reporting_days(campaign, first, last)]
    return sorted(found, key=lambda marker: (marker.day, list(KINDS).index(marker.kind), marker.text))


def _reporting_days(campaign: Campaign, first: dt.date, last: dt.date) -> list[dt.date]:
    """The campaign's reporting days between ``first`` and ``last`` within its period; day 31 of a
    shorter month is its last day."""
    days = []
    month = first.replace(day=1)
    while month <= last:
        length = calendar.monthrange(month.year, month.month)[1]
        for number in sorted({min(int(n), length) for n in campaign.reporting_days or []}):
            day = month.replace(day=number)
            within_period = ((campaign.period_start is None or day >= campaign.period_start)
                             and (campaign.period_end is None or day <= campaign.period_end))
            if first <= day <= last and within_period:
                days.append(day)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return days


def markers_by_day(markers: list[Marker]) -> dict[dt.date, list[Marker]]:
    days: dict[dt.date, list[Marker]] = {}
    for marker in markers:
        days.setdefault(marker.day, []).append(marker)
    return days
