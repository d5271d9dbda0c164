"""Recurrence rules in Asia/Ho_Chi_Minh."""

import datetime as dt

import pytest

from campaigns.scheduling.recurrence import LOCAL_TZ, RecurrenceError, RuleSpec, build_rrule, occurrences

T = dt.time


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LOCAL_TZ)


def expand(spec: RuleSpec, start: dt.datetime, end: dt.datetime, **kwargs):
    return occurrences(starts_at=start, rule=build_rrule(spec), window_end=end, **kwargs)


def test_once_is_a_single_occurrence():
    assert expand(RuleSpec("once"), local(2026, 12, 1, 8), local(2027, 1, 1)) == [local(2026, 12, 1, 8)]


def test_daily_twice_a_day():
    found = expand(RuleSpec("daily", times=(T(6), T(17))), local(2026, 12, 1, 6), local(2026, 12, 3, 23))
    assert [f"{m:%d %H:%M}" for m in found] == ["01 06:00", "01 17:00", "02 06:00", "02 17:00", "03 06:00", "03 17:00"]


def test_chosen_weekdays():
    found = expand(RuleSpec("weekly", weekdays=(0, 2, 4), times=(T(6),)), local(2026, 11, 23, 6), local(2026, 11, 29))
    assert [m.strftime("%a %d") for m in found] == ["Mon 23", "Wed 25", "Fri 27"]


def test_every_two_weeks():
    found = expand(RuleSpec("weekly", interval=2, weekdays=(5,), times=(T(19, 30),)), local(2026, 11, 28, 19, 30),
                   local(2027, 1, 31))
    assert [f"{m:%d/%m}" for m in found] == ["28/11", "12/12", "26/12", "09/01", "23/01"]
    assert all((b - a).days == 14 for a, b in zip(found, found[1:], strict=False))


def test_monthly_on_day_31_falls_back_to_month_end():
    found = expand(RuleSpec("monthly", month_day=31, times=(T(8),)), local(2026, 1, 31, 8), local(2026, 12, 31, 23))
    assert [f"{m:%d/%m}" for m in found][:4] == ["31/01", "28/02", "31/03", "30/04"]
    assert len(found) == 12


def test_leap_year_february_month_end():
    found = expand(RuleSpec("monthly", month_day=30, times=(T(8),)), local(2028, 1, 30, 8), local(2028, 3, 31))
    assert [f"{m:%d/%m}" for m in found] == ["30/01", "29/02", "30/03"]


def test_count_and_until_bound_the_rule():
    start = local(2026, 12, 1, 6)
    assert len(expand(RuleSpec("daily", times=(T(6),), count=5), start, local(2027, 12, 1))) == 5
    until = expand(RuleSpec("daily", times=(T(6),), until=dt.date(2026, 12, 10)), start, local(2027, 12, 1))
    assert until[-1] == local(2026, 12, 10, 6)


def test_exceptions_by_day_and_by_time():
    found = expand(RuleSpec("daily", times=(T(6), T(17))), local(2026, 12, 24, 6), local(2026, 12, 26, 23),
                   exdates=["2026-12-25", "2026-12-26T17:00"])
    assert [f"{m:%d %H}" for m in found] == ["24 06", "24 17", "26 06"]


def test_no_daylight_saving_surprises_in_ho_chi_minh_city():
    """06:00 local is 23:00 UTC the evening before, every day of the year (no DST since 1975)."""
    found = expand(RuleSpec("daily", times=(T(6),)), local(2026, 1, 1, 6), local(2026, 12, 31, 23))
    assert len(found) == 365
    assert {m.astimezone(dt.UTC).strftime("%H:%M") for m in found} == {"23:00"}
    assert {m.utcoffset() for m in found} == {dt.timedelta(hours=7)}


def test_start_given_in_utc_is_read_as_local_wall_clock():
    start_utc = dt.datetime(2026, 11, 30, 23, 0, tzinfo=dt.UTC)  # 06:00 on 1/12 in Hà Nội
    found = expand(RuleSpec("daily", times=(T(6),), count=2), start_utc, local(2027, 1, 1))
    assert found == [local(2026, 12, 1, 6), local(2026, 12, 2, 6)]


def test_window_start_skips_the_past():
    found = occurrences(starts_at=local(2026, 12, 1, 6), rule="FREQ=DAILY", window_start=local(2026, 12, 5, 0),
                        window_end=local(2026, 12, 6, 23))
    assert found == [local(2026, 12, 5, 6), local(2026, 12, 6, 6)]


def test_until_in_utc_notation_is_accepted():
    found = occurrences(starts_at=local(2026, 12, 1, 6), rule="FREQ=DAILY;UNTIL=20261203T235959Z",
                        window_end=local(2027, 1, 1))
    assert len(found) == 3


def test_invalid_rule_gives_a_clear_error():
    with pytest.raises(RecurrenceError, match="Quy tắc lặp không hợp lệ"):
        occurrences(starts_at=local(2026, 12, 1, 6), rule="FREQ=SOMETIMES", window_end=local(2027, 1, 1))


# --- several times a day in one rule ---------------------------------------------------------------


def stamps(found) -> list[str]:
    return [f"{m:%a %d %H:%M}" for m in found]


def test_times_with_different_minutes_make_one_occurrence_per_time():
    found = expand(RuleSpec("daily", times=(T(6), T(17, 30))), local(2026, 12, 1, 6), local(2026, 12, 2, 23))
    assert stamps(found) == ["Tue 01 06:00", "Tue 01 17:30", "Wed 02 06:00", "Wed 02 17:30"]


def test_three_times_on_chosen_weekdays_every_other_week():
    spec = RuleSpec("weekly", interval=2, weekdays=(0, 3), times=(T(6, 15), T(11), T(17, 30)))
    found = expand(spec, local(2026, 11, 23, 6, 15), local(2026, 12, 10, 23))
    assert stamps(found) == ["Mon 23 06:15", "Mon 23 11:00", "Mon 23 17:30",
                             "Thu 26 06:15", "Thu 26 11:00", "Thu 26 17:30",
                             "Mon 07 06:15", "Mon 07 11:00", "Mon 07 17:30",
                             "Thu 10 06:15", "Thu 10 11:00", "Thu 10 17:30"]


def test_month_end_with_two_times_keeps_the_last_day():
    spec = RuleSpec("monthly", month_day=31, times=(T(6), T(17, 30)))
    found = expand(spec, local(2026, 1, 31, 6), local(2026, 3, 1))
    assert [f"{m:%d/%m %H:%M}" for m in found] == ["31/01 06:00", "31/01 17:30", "28/02 06:00", "28/02 17:30"]


def test_count_counts_each_time_of_the_day():
    found = expand(RuleSpec("daily", times=(T(6), T(17, 30)), count=3), local(2026, 12, 1, 6), local(2027, 1, 1))
    assert [f"{m:%d %H:%M}" for m in found] == ["01 06:00", "01 17:30", "02 06:00"]


def test_the_rule_reads_back_its_times_in_vietnamese():
    from campaigns.scheduling.rule_text import describe_rule, rule_spec

    start = local(2026, 12, 1, 6)
    for times, words in (((T(6), T(17)), "lúc 06:00 và 17:00"), ((T(6), T(11, 15), T(17, 30)),
                                                                 "lúc 06:00, 11:15 và 17:30")):
        rule = build_rrule(RuleSpec("daily", times=times, until=dt.date(2026, 12, 7)))
        assert rule_spec(rule, start).times == times
        assert describe_rule(rule=rule, starts_at=start) == f"Hằng ngày {words}, từ 01/12/2026 đến 07/12/2026"
    weekly = build_rrule(RuleSpec("weekly", weekdays=(0, 4), times=(T(6), T(17, 30))))
    assert rule_spec(weekly, start).times == (T(6), T(17, 30))
    monthly = build_rrule(RuleSpec("monthly", month_day=30, times=(T(6), T(17, 30))))
    assert rule_spec(monthly, start).times == (T(6), T(17, 30)) and rule_spec(monthly, start).month_day == 30


def test_too_many_different_times_in_a_week_are_refused_in_vietnamese():
    times = tuple(T(hour, minute) for hour, minute in zip(range(6, 18), range(0, 60, 5), strict=True))
    with pytest.raises(RecurrenceError, match="Quá nhiều giờ"):
        build_rrule(RuleSpec("weekly", weekdays=(0, 1, 2, 3, 4, 5, 6), times=times))
