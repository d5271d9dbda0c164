"""Which days a calendar view shows: a month (whole weeks, Monday first), a week, or an agenda."""

import calendar
import datetime as dt
from dataclasses import dataclass

from campaigns.admin.dates import DateTextError, date_text_parse
from campaigns.scheduling.recurrence import LOCAL_TZ

VIEWS = ("month", "week", "agenda")
AGENDA_DAYS = 31
MIN_YEAR, MAX_YEAR = 1900, 2100  # the lunar calendar's supported range


class CalendarInputError(ValueError):
    """Input the calendar cannot use; the message is Vietnamese and tells what to fix."""


@dataclass(frozen=True)
class Period:
    view: str
    anchor: dt.date  # the day the person asked for
    first: dt.date  # first day shown
    last: dt.date  # last day shown (inclusive)
    previous: dt.date
    next: dt.date

    @property
    def days(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    @property
    def weeks(self) -> list[list[dt.date]]:
        days = self.days
        return [days[i:i + 7] for i in range(0, len(days), 7)]

    @property
    def window(self) -> tuple[dt.datetime, dt.datetime]:
        """Aware [start, end) of the days shown, in Asia/Ho_Chi_Minh."""
        start = dt.datetime.combine(self.first, dt.time(), tzinfo=LOCAL_TZ)
        return start, dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time(), tzinfo=LOCAL_TZ)

    @property
    def title(self) -> str:
        if self.view == "month":
            return f"Tháng {self.anchor.month}/{self.anchor.year}"
        return f"{self.first:%d/%m/%Y} – {self.last:%d/%m/%Y}"

    def in_month(self, day: dt.date) -> bool:
        return self.view != "month" or day.month == self.anchor.month


def parse_anchor(*, day: str | None, month: str | None, today: dt.date) -> dt.date:
    """The day a view is about: ``ngay=dd/mm/yyyy`` or ``yyyy-mm-dd``, or ``thang=yyyy-mm``/``mm/yyyy``."""
    if day:
        try:
            return _in_range(date_text_parse(day))
        except DateTextError as error:
            raise CalendarInputError(str(error)) from None
    if month:
        text = month.strip()
        try:
            if "/" in text:
                month_number, year = (int(part) for part in text.split("/"))
            else:
                year, month_number = (int(part) for part in text.split("-"))
        except ValueError:
            raise CalendarInputError(f"Tháng “{month[:40]}” không hợp lệ: hãy ghi theo dạng mm/yyyy.") from None
        if not 1 <= month_number <= 12:
            raise CalendarInputError(f"Tháng {month_number} không tồn tại: tháng phải từ 1 đến 12.")
        return _in_range(dt.date(year, 1, 1) if MIN_YEAR <= year <= MAX_YEAR else None, year=year,
                         month=month_number)
    return today


def _in_range(day: dt.date | None, *, year: int | None = None, month: int = 1) -> dt.date:
    if day is None or not MIN_YEAR <= day.year <= MAX_YEAR:
        raise CalendarInputError(f"Lịch chỉ hiển thị từ năm {MIN_YEAR} đến năm {MAX_YEAR}.")
    return day.replace(month=month) if year is not None else day


def period_for(view: str, anchor: dt.date) -> Period:
    if view not in VIEWS:
        raise CalendarInputError("Kiểu xem không hợp lệ: chọn tháng, tuần hoặc danh sách.")
    if view == "month":
        first_of_month = anchor.replace(day=1)
        last_of_month = anchor.replace(day=calendar.monthrange(anchor.year, anchor.month)[1])
        first = first_of_month - dt.timedelta(days=first_of_month.weekday())
        last = last_of_month + dt.timedelta(days=6 - last_of_month.weekday())
        previous = (first_of_month - dt.timedelta(days=1)).replace(day=1)
        following = last_of_month + dt.timedelta(days=1)
        return Period(view, first_of_month, first, last, previous, following)
    if view == "week":
        first = anchor - dt.timedelta(days=anchor.weekday())
        return Period(view, anchor, first, first + dt.timedelta(days=6), first - dt.timedelta(days=7),
                      first + dt.timedelta(days=7))
    return Period(view, anchor, anchor, anchor + dt.timedelta(days=AGENDA_DAYS - 1),
                  anchor - dt.timedelta(days=AGENDA_DAYS), anchor + dt.timedelta(days=AGENDA_DAYS))
