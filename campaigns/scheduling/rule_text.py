"""A publication's time rule read back: in words (Vietnamese) and as the form's simple choices.

``build_rrule`` writes the rules; this module reads the same subset back
(FREQ, INTERVAL, BYDAY, BYMONTHDAY, BYHOUR, BYMINUTE, BYSETPOS, COUNT, UNTIL).
"""

import datetime as dt

from campaigns.scheduling.recurrence import LOCAL_TZ, WEEKDAY_CODES, RuleSpec, time_grid

WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
DATE = "%d/%m/%Y"


def rule_parts(rule: str) -> dict[str, str]:
    text = (rule or "").strip().removeprefix("RRULE:")
    parts = {}
    for part in filter(None, text.split(";")):
        key, _sep, value = part.partition("=")
        parts[key.upper()] = value
    return parts


def _ints(value: str | None) -> list[int]:
    return [int(v) for v in (value or "").split(",") if v.strip().lstrip("-").isdigit()]


def rule_spec(rule: str, starts_at: dt.datetime) -> RuleSpec:
    """The ``RuleSpec`` a stored rule was built from (for editing it in the form)."""
    local = starts_at.astimezone(LOCAL_TZ)
    if not rule:
        return RuleSpec("once", times=(local.time().replace(second=0, microsecond=0),))
    parts = rule_parts(rule)
    hours = _ints(parts.get("BYHOUR")) or [local.hour]
    minutes = _ints(parts.get("BYMINUTE")) or [local.minute]
    month_days = _ints(parts.get("BYMONTHDAY"))
    until = None
    if parts.get("UNTIL"):
        until = dt.datetime.strptime(parts["UNTIL"][:8], "%Y%m%d").date()
    grid = time_grid([dt.time(h, m) for h in hours for m in minutes])
    positions = _ints(parts.get("BYSETPOS"))
    # BYSETPOS picks times out of each period's days × grid (see ``build_rrule``): position p is the
    # grid's entry (p - 1) mod its size, counted from the end when negative.
    times = sorted({grid[(p - 1) % len(grid) if p > 0 else p % len(grid)] for p in positions}) if positions else grid
    count = _ints(parts.get("COUNT"))
    return RuleSpec(
        freq=parts.get("FREQ", "daily").lower(),
        interval=(_ints(parts.get("INTERVAL")) or [1])[0],
        weekdays=tuple(WEEKDAY_CODES.index(code[-2:]) for code in parts.get("BYDAY", "").split(",")
                       if code[-2:] in WEEKDAY_CODES),
        month_day=max(month_days) if month_days else None,
        times=tuple(times),
        count=count[0] if count else None,
        until=until,
    )


def _times(times) -> str:
    labels = [f"{t:%H:%M}" for t in times]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " và " + labels[-1]


def _exdate_label(value: str) -> str:
    try:
        if "T" in value:
            return f"{dt.datetime.fromisoformat(value[:16]):%d/%m/%Y %H:%M}"
        return f"{dt.date.fromisoformat(value):%d/%m/%Y}"
    except ValueError:
        return value


def exdate_labels(exdates) -> list[str]:
    return [_exdate_label(value) for value in exdates or []]


def describe_rule(*, rule: str, starts_at: dt.datetime, exdates=(), next_free_slot: bool = False) -> str:
    """ "Hằng ngày lúc 06:00, từ 24/11/2026 đến 07/12/2026" and the like."""
    local = starts_at.astimezone(LOCAL_TZ)
    spec = rule_spec(rule, starts_at)
    when = "vào khung giờ phát còn trống đầu tiên trong ngày" if next_free_slot else f"lúc {_times(spec.times)}"
    if spec.freq == "once":
        text = f"Một lần {when} ngày {local:%d/%m/%Y}" if next_free_slot else \
            f"Một lần lúc {local:%H:%M} ngày {local:%d/%m/%Y}"
    else:
        if spec.freq == "daily":
            head = "Hằng ngày" if spec.interval == 1 else f"Cứ {spec.interval} ngày một lần"
        elif spec.freq == "weekly":
            head = "Hằng tuần" if spec.interval == 1 else f"Cứ {spec.interval} tuần một lần"
            if spec.weekdays:
                head += " vào " + ", ".join(WEEKDAY_NAMES[day] for day in sorted(spec.weekdays))
        elif spec.freq == "monthly":
            head = "Hằng tháng" if spec.interval == 1 else f"Cứ {spec.interval} tháng một lần"
            if spec.month_day:
                head += f" vào ngày {spec.month_day}"
                if spec.month_day > 28:
                    head += " (hoặc ngày cuối tháng nếu tháng ngắn hơn)"
        else:
            head = f"Theo quy tắc {rule}"
        text = f"{head} {when}, từ {local:%d/%m/%Y}"
        if spec.count:
            text += f", {spec.count} lần"
        elif spec.until:
            text += f" đến {spec.until:%d/%m/%Y}"
        else:
            text += " (không hạn định, tối đa đến hết kế hoạch)"
    labels = exdate_labels(exdates)
    if labels:
        text += "; trừ " + ", ".join(labels)
    return text


def publication_describe(publication) -> str:
    """The publication's rule in Vietnamese words."""
    text = describe_rule(rule=publication.rrule, starts_at=publication.starts_at, exdates=publication.exdates,
                         next_free_slot=publication.channel == "loudspeaker" and publication.slot_mode == "next_free")
    if publication.cancelled_at is not None:
        return f"Đã hủy lúc {publication.cancelled_at.astimezone(LOCAL_TZ):%H:%M %d/%m/%Y}. {text}"
    return text
