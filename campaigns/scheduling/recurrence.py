"""Recurrence rules (RFC 5545 RRULE via python-dateutil), evaluated in Asia/Ho_Chi_Minh.

Vietnam has had no daylight saving time since 1975, so rules are expanded on
naive local wall-clock times and only then made aware: "06:00 every day" is
06:00 on every day, whatever the UTC offset arithmetic would say elsewhere.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MAX_OCCURRENCES = 50_000
MAX_SET_POSITION = 366  # RFC 5545's bound on BYSETPOS


class RecurrenceError(ValueError):
    """A rule that cannot be read; the message is for the person who wrote it."""


@dataclass(frozen=True)
class RuleSpec:
    """The choices of the publication form, turned into an RRULE by ``build_rrule``."""

    freq: str  # "once", "daily", "weekly", "monthly"
    interval: int = 1
    weekdays: tuple[int, ...] = ()  # Monday=0
    month_day: int | None = None
    times: tuple[dt.time, ...] = ()
    count: int | None = None
    until: dt.date | None = None


def time_grid(times) -> list[dt.time]:
    """Every BYHOUR with every BYMINUTE, in the order an RRULE makes them within a day."""
    hours, minutes = sorted({t.hour for t in times}), sorted({t.minute for t in times})
    return [dt.time(hour, minute) for hour in hours for minute in minutes]


def _set_positions(spec: RuleSpec, grid: list[dt.time], times: list[dt.time]) -> list[int]:
    """BYSETPOS picking ``times`` out of each period's set (its days × ``grid``).

    A rule repeats every BYHOUR with every BYMINUTE, so "06:00 and 17:30" alone would also give 06:30
    and 17:00; BYSETPOS keeps the wanted ones. A month's "day 31" (days 28-31, the last that exists)
    counts from the end of the set: the last day's times are its last ``len(grid)`` entries."""
    wanted = [grid.index(t) for t in times]
    if spec.month_day and spec.month_day > 28:
        return [index - len(grid) for index in wanted]
    days = len(spec.weekdays) if spec.freq == "weekly" and spec.weekdays else 1
    return [day * len(grid) + index + 1 for day in range(days) for index in wanted]


def build_rrule(spec: RuleSpec) -> str:
    """RFC 5545 text for ``spec`` ("" for a single occurrence)."""
    if spec.freq == "once":
        return ""
    parts = [f"FREQ={spec.freq.upper()}"]
    if spec.interval > 1:
        parts.append(f"INTERVAL={spec.interval}")
    if spec.weekdays:
        parts.append("BYDAY=" + ",".join(WEEKDAY_CODES[day] for day in sorted(spec.weekdays)))
    if spec.month_day:
        if spec.month_day > 28:
            # "Day 31" means the 31st, or the month's last day when it is shorter.
            parts.append("BYMONTHDAY=" + ",".join(str(day) for day in range(28, spec.month_day + 1)))
        else:
            parts.append(f"BYMONTHDAY={spec.month_day}")
    times = sorted(set(spec.times))
    grid = time_grid(times)
    if times:
        parts.append("BYHOUR=" + ",".join(str(hour) for hour in sorted({t.hour for t in times})))
        parts.append("BYMINUTE=" + ",".join(str(minute) for minute in sorted({t.minute for t in times})))
    if len(grid) != len(times) or (spec.month_day and spec.month_day > 28):
        positions = _set_positions(spec, grid or [None], times or [None])
        if max(abs(position) for position in positions) > MAX_SET_POSITION:
            raise RecurrenceError("Quá nhiều giờ khác nhau trong một lịch; hãy bớt giờ hoặc tách thành hai lịch.")
        parts.append("BYSETPOS=" + ",".join(map(str, positions)))
    if spec.count:
        parts.append(f"COUNT={spec.count}")
    elif spec.until:
        parts.append(f"UNTIL={spec.until:%Y%m%d}T235959")
    return ";".join(parts)


def to_local_naive(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        return moment.replace(microsecond=0)
    return moment.astimezone(LOCAL_TZ).replace(tzinfo=None, microsecond=0)


def _parse(rule: str, start: dt.datetime):
    text = rule.strip().removeprefix("RRULE:")
    # UNTIL written in UTC ("...Z") is read as local wall-clock time; mixing the two is an error in dateutil.
    text = ";".join(part[:-1] if part.startswith("UNTIL=") and part.endswith("Z") else part
                    for part in text.split(";"))
    try:
        return rrulestr("RRULE:" + text, dtstart=start)
    except (ValueError, TypeError) as error:
        raise RecurrenceError(f"Quy tắc lặp không hợp lệ: {rule} ({error})") from error


def _excluded(moment: dt.datetime, exdates: list[str]) -> bool:
    day = moment.date().isoformat()
    stamp = moment.isoformat(timespec="minutes")
    return any(ex == day or ex[:16] == stamp for ex in exdates)


def occurrences(*, starts_at: dt.datetime, rule: str, exdates: list[str] | None = None,
                window_start: dt.datetime | None = None, window_end: dt.datetime) -> list[dt.datetime]:
    """Aware occurrences of the rule in [window_start, window_end], minus ``exdates``.

    ``exdates`` are ISO dates ("2026-12-25": the whole day) or local datetimes ("2026-12-25T06:00").
    """
    start = to_local_naive(starts_at)
    low = to_local_naive(window_start) if window_start else start
    high = to_local_naive(window_end)
    if rule:
        found = []
        for moment in _parse(rule, start).xafter(low, inc=True):
            if moment > high:
                break
            found.append(moment)
            if len(found) > MAX_OCCURRENCES:
                raise RecurrenceError(f"Quy tắc lặp sinh quá {MAX_OCCURRENCES} lần; hãy thu hẹp thời gian.")
    else:
        found = [start] if low <= start <= high else []
    excluded = exdates or []
    return [moment.replace(tzinfo=LOCAL_TZ) for moment in found if not _excluded(moment, excluded)]


def is_finite(rule: str) -> bool:
    return not rule or "COUNT=" in rule.upper() or "UNTIL=" in rule.upper()
