"""Tests for kling_posture.schedules: rate/cron rotation intervals and GCP durations."""

from __future__ import annotations

import time
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kling_posture import schedules
from kling_posture.schedules import ScheduleError, gcp_duration_days, rotation_interval_days

WINDOW_START = date(2023, 1, 1)
WINDOW_END = date(2029, 1, 1)
HORIZON_END = date(2037, 1, 1)
ALL_DAYS = [WINDOW_START + timedelta(days=i) for i in range((HORIZON_END - WINDOW_START).days)]


def firing_days(expression_body: str, year: int, month: int) -> list[int]:
    """Days of a month on which a cron body (without `cron(...)`) fires."""
    return schedules._parse_cron(expression_body).day_rule(year, month)


def aws_weekday(day: date) -> int:
    """AWS day-of-week number, 1=SUN .. 7=SAT."""
    return day.isoweekday() % 7 + 1


# --- rate(...) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("rate(1 day)", 1.0),
        ("rate(30 days)", 30.0),
        ("rate(90 days)", 90.0),
        ("rate(91 days)", 91.0),
        ("rate(1 hour)", 1 / 24),
        ("rate(12 hours)", 0.5),
        ("rate(1 minute)", 1 / 1440),
        ("rate(720 minutes)", 0.5),
        ("rate(1 days)", 1.0),
        ("rate(2 day)", 2.0),
        ("  rate( 7  days )  ", 7.0),
    ],
)
def test_rate_units_singular_and_plural(expression: str, expected: float) -> None:
    assert rotation_interval_days(expression) == pytest.approx(expected)


@pytest.mark.parametrize(
    "expression",
    [
        "rate(0 days)",
        "rate(0 minutes)",
        "rate(-1 days)",
        "rate(-30 days)",
        "rate(1.5 days)",
        "rate(5 weeks)",
        "rate(5 seconds)",
        "rate(5)",
        "rate(days)",
        "rate()",
        "rate(days 5)",
        "rate(5 days",
        "rate(1234567890 days)",
        "rate(5 Days)",
    ],
)
def test_bad_rates_raise(expression: str) -> None:
    with pytest.raises(ScheduleError):
        rotation_interval_days(expression)


@given(st.integers(min_value=1, max_value=999_999_999))
def test_rate_days_equals_n(n: int) -> None:
    assert rotation_interval_days(f"rate({n} days)") == n


@given(st.integers(min_value=1, max_value=100_000))
def test_rate_hours_and_minutes_scale(n: int) -> None:
    assert rotation_interval_days(f"rate({n} hours)") == pytest.approx(n / 24)
    assert rotation_interval_days(f"rate({n} minutes)") == pytest.approx(n / 1440)


# --- cron(...): common schedules -------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("cron(0 0 * * ? *)", 1),
        ("cron(0 0 ? * * *)", 1),
        ("cron(30 4 ? * MON *)", 7),
        ("cron(0 12 ? * 2 *)", 7),
        ("cron(0 0 ? * MON-FRI *)", 3),
        ("cron(0 0 ? * 2-6 *)", 3),
        ("cron(0 0 ? * SAT,SUN *)", 6),
        ("cron(0 0 ? * FRI-MON *)", 4),
        ("cron(0 0 1 * ? *)", 31),
        ("cron(0 16 1,15 * ? *)", 17),
        ("cron(0 0 15 * ? *)", 31),
        ("cron(0 0 31 * ? *)", 61),
        ("cron(0 0 1 */3 ? *)", 92),
        ("cron(0 0 1 1/3 ? *)", 92),
        ("cron(0 0 1 JAN,JUL ? *)", 184),
        ("cron(0 0 1 JAN ? *)", 366),
        ("cron(0 0 1-31/2 * ? *)", 2),
        ("cron(0 0 */10 * ? *)", 10),
        ("cron(0 0 1 2 ? *)", 366),
        ("cron(0 0 * 2 ? *)", 338),
        ("cron(0 0 * FEB ? *)", 338),
        ("cron(0 0 29 2 ? *)", 1461),
    ],
)
def test_cron_day_level_gaps(expression: str, expected: float) -> None:
    assert rotation_interval_days(expression) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("expression", "expected_minutes"),
    [
        ("cron(0/15 * * * ? *)", 15),
        ("cron(* * * * ? *)", 1),
        ("cron(0 * * * ? *)", 60),
        ("cron(0 */4 * * ? *)", 240),
        ("cron(0 0/6 * * ? *)", 360),
        ("cron(0 8-17 ? * MON-FRI *)", 15 * 60 + 2 * 1440),
        ("cron(0 22-2 * * ? *)", 20 * 60),
        ("cron(0,30 0 1 * ? *)", 31 * 1440 - 30),
        ("cron(5,10 3 * * ? *)", 1440 - 5),
    ],
)
def test_cron_within_day_gaps(expression: str, expected_minutes: int) -> None:
    assert rotation_interval_days(expression) == pytest.approx(expected_minutes / 1440)


def test_cron_gap_is_float() -> None:
    assert isinstance(rotation_interval_days("cron(0 0 1 * ? *)"), float)


# --- cron(...): special characters ------------------------------------------------------


def test_last_day_of_month() -> None:
    assert firing_days("0 0 L * ? *", 2024, 2) == [29]
    assert firing_days("0 0 L * ? *", 2025, 2) == [28]
    assert firing_days("0 0 L * ? *", 2025, 4) == [30]
    assert firing_days("0 0 L-2 * ? *", 2025, 2) == [26]
    assert rotation_interval_days("cron(0 0 L * ? *)") == 31


def test_last_weekday_of_month() -> None:
    assert firing_days("0 0 LW * ? *", 2025, 8) == [29]  # Aug 31 2025 is a Sunday
    assert firing_days("0 0 LW * ? *", 2025, 5) == [30]  # May 31 2025 is a Saturday
    assert firing_days("0 0 LW * ? *", 2025, 7) == [31]  # Jul 31 2025 is a Thursday


def test_nearest_weekday() -> None:
    assert firing_days("0 0 15W * ? *", 2025, 1) == [15]  # Wednesday
    assert firing_days("0 0 15W * ? *", 2025, 2) == [14]  # Saturday -> Friday
    assert firing_days("0 0 15W * ? *", 2025, 6) == [16]  # Sunday -> Monday
    assert firing_days("0 0 1W * ? *", 2025, 2) == [3]  # Saturday 1st -> Monday 3rd
    assert firing_days("0 0 1W * ? *", 2025, 6) == [2]  # Sunday 1st -> Monday 2nd
    assert firing_days("0 0 31W * ? *", 2025, 8) == [29]  # Sunday 31st -> Friday 29th
    assert firing_days("0 0 30W * ? *", 2025, 11) == [28]  # Sunday, last day -> Friday
    assert firing_days("0 0 31W * ? *", 2025, 4) == []  # April has no 31st
    assert rotation_interval_days("cron(0 0 15W * ? *)") == 32


def test_last_weekday_of_kind() -> None:
    assert firing_days("0 0 ? * 5L *", 2025, 1) == [30]  # last Thursday
    assert firing_days("0 0 ? * THUL *", 2025, 1) == [30]
    assert firing_days("0 0 ? * 1L *", 2025, 8) == [31]  # last Sunday is the last day
    assert rotation_interval_days("cron(0 0 ? * 5L *)") == 35


def test_nth_weekday() -> None:
    assert firing_days("0 0 ? * 3#2 *", 2025, 1) == [14]  # second Tuesday
    assert firing_days("0 0 ? * TUE#2 *", 2025, 1) == [14]
    assert firing_days("0 0 ? * 2#5 *", 2025, 3) == [31]  # fifth Monday
    assert firing_days("0 0 ? * 2#5 *", 2025, 2) == []
    assert rotation_interval_days("cron(0 0 ? * 3#2 *)") == 35
    assert rotation_interval_days("cron(0 0 ? * 2#5 *)") == 119  # 17 weeks


def test_day_of_week_l_is_saturday() -> None:
    assert firing_days("0 0 ? * L *", 2025, 1) == [4, 11, 18, 25]
    assert rotation_interval_days("cron(0 0 ? * L *)") == 7


def test_names_and_numbers_agree() -> None:
    assert firing_days("0 0 ? * MON-FRI *", 2025, 1) == firing_days("0 0 ? * 2-6 *", 2025, 1)
    assert len(firing_days("0 0 ? * MON-FRI *", 2025, 1)) == 23
    assert firing_days("0 0 ? * SUN *", 2025, 1) == [5, 12, 19, 26]
    lower = rotation_interval_days("cron(0 0 1 jan ? *)")
    assert lower == rotation_interval_days("cron(0 0 1 JAN ? *)") == 366


def test_ranges_with_steps() -> None:
    assert firing_days("0 0 1-31/2 * ? *", 2025, 2) == list(range(1, 29, 2))
    assert firing_days("0 0 10-20/5 * ? *", 2025, 3) == [10, 15, 20]
    assert firing_days("0 0 28-3 * ? *", 2025, 1) == [1, 2, 3, 28, 29, 30, 31]


@pytest.mark.parametrize("weekday", range(1, 8))
def test_weekday_special_forms_match_brute_force(weekday: int) -> None:
    for year in range(2023, 2031):
        for month in range(1, 13):
            days = [date(year, month, d) for d in range(1, 32) if _exists(year, month, d)]
            kind = [d for d in days if aws_weekday(d) == weekday]
            assert firing_days(f"0 0 ? * {weekday} *", year, month) == [d.day for d in kind]
            assert firing_days(f"0 0 ? * {weekday}L *", year, month) == [kind[-1].day]
            for nth in range(1, 6):
                expected = [kind[nth - 1].day] if len(kind) >= nth else []
                assert firing_days(f"0 0 ? * {weekday}#{nth} *", year, month) == expected


@pytest.mark.parametrize("target", range(1, 32))
def test_nearest_weekday_matches_brute_force(target: int) -> None:
    for year in range(2023, 2031):
        for month in range(1, 13):
            if not _exists(year, month, target):
                assert firing_days(f"0 0 {target}W * ? *", year, month) == []
                continue
            expected = _nearest_weekday(date(year, month, target))
            assert firing_days(f"0 0 {target}W * ? *", year, month) == [expected.day]


def _exists(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _nearest_weekday(day: date) -> date:
    """Nearest Monday-Friday to day within its month; ties never occur."""
    for offset in (0, -1, 1, -2, 2):
        candidate = day + timedelta(days=offset)
        if candidate.month == day.month and candidate.weekday() < 5:
            return candidate
    raise AssertionError("no weekday within two days")


# --- cron(...): Year field and schedules that cannot be judged -------------------------


@pytest.mark.parametrize(
    "expression",
    [
        "cron(0 0 1 1 ? 2025)",  # fires once
        "cron(0 0 1 * ? 2040)",  # never fires in the window
        "cron(0 0 1 * ? 2024-2026)",  # stops firing after 2026
        "cron(0 0 * * ? 1970-2022)",  # only fires in the past
        "cron(0 0 30 2 ? *)",  # never fires
        "cron(0 0 31 4,6,9,11 ? *)",  # never fires
        "cron(0 0 ? 2 5#5 *)",  # fifth Thursday of February: only Feb 2024 in the window
    ],
)
def test_schedules_that_stop_or_never_fire_raise(expression: str) -> None:
    with pytest.raises(ScheduleError):
        rotation_interval_days(expression)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("cron(0 0 1 * ? 2024-2199)", 31),
        ("cron(0 0 1 * ? 2025/1)", 31),
        ("cron(0 0 1 1 ? 2023,2026-2199)", 1096),
        ("cron(0 0 1 1 ? */2)", 731),
        ("cron(0 0 1 * ? 2020-2030)", 31),
    ],
)
def test_year_field_restrictions(expression: str, expected: float) -> None:
    assert rotation_interval_days(expression) == expected


# --- cron(...): malformed expressions -------------------------------------------------


@pytest.mark.parametrize(
    "expression",
    [
        "",
        "   ",
        "garbage",
        "cron(garbage)",
        "cron()",
        "cron(0 0 * * ?)",
        "cron(0 0 * * ? * *)",
        "cron(0 0 * * * *)",
        "cron(0 0 1 * 2 *)",
        "cron(0 0 ? * ? *)",
        "cron(0 0 * * ? *",
        "cron 0 0 * * ? *",
        "CRON(0 0 * * ? *)",
        "at(2025-01-01T00:00:00)",
        "cron(60 0 * * ? *)",
        "cron(0 24 * * ? *)",
        "cron(0 0 0 * ? *)",
        "cron(0 0 32 * ? *)",
        "cron(0 0 * 0 ? *)",
        "cron(0 0 * 13 ? *)",
        "cron(0 0 * FOO ? *)",
        "cron(0 0 ? * 0 *)",
        "cron(0 0 ? * 8 *)",
        "cron(0 0 ? * MON/2 *)",
        "cron(0 0 ? * 3#0 *)",
        "cron(0 0 ? * 3#6 *)",
        "cron(0 0 ? * 8L *)",
        "cron(0 0 ? * 2L,3 *)",
        "cron(0 0 1,L * ? *)",
        "cron(0 0 32W * ? *)",
        "cron(0 0 0W * ? *)",
        "cron(0 0 1-5W * ? *)",
        "cron(0 0 L-31 * ? *)",
        "cron(0 0 15X * ? *)",
        "cron(0 0 * * ? 1969)",
        "cron(0 0 * * ? 2200)",
        "cron(0 0 * * ? 2025-2024)",
        "cron(0/0 0 * * ? *)",
        "cron(0/61 0 * * ? *)",
        "cron(0/x 0 * * ? *)",
        "cron(,0 0 * * ? *)",
        "cron(0, 0 * * ? *)",
        "cron(1-2-3 0 * * ? *)",
        "cron(-1 0 * * ? *)",
        "cron(0 0 ? * MON- *)",
        "cron(\u0661 0 * * ? *)",
    ],
)
def test_malformed_cron_raises(expression: str) -> None:
    with pytest.raises(ScheduleError):
        rotation_interval_days(expression)


def test_error_message_names_only_the_expression() -> None:
    expression = "cron(0 0 * * * *)"
    with pytest.raises(ScheduleError) as caught:
        rotation_interval_days(expression)
    message = str(caught.value)
    assert message.endswith(repr(expression))
    assert "\n" not in message


def test_error_message_cuts_long_expressions() -> None:
    expression = "cron(" + "1," * 500 + "0 0 * * ? *)"
    with pytest.raises(ScheduleError) as caught:
        rotation_interval_days(expression + "x")
    assert len(str(caught.value)) < 250


def test_schedule_error_is_value_error() -> None:
    assert issubclass(ScheduleError, ValueError)


def test_non_string_raises() -> None:
    not_a_string: Any = 7776000
    with pytest.raises(ScheduleError):
        rotation_interval_days(not_a_string)
    with pytest.raises(ScheduleError):
        gcp_duration_days(not_a_string)


# --- cron(...): brute-force agreement ---------------------------------------------------


def _brute_force_gap(days_of_month: set[int], months: set[int]) -> float | None:
    """Longest day gap by walking every calendar day; None when it cannot be judged."""
    window = [
        d for d in ALL_DAYS if d < WINDOW_END and d.day in days_of_month and d.month in months
    ]
    closing = next(
        (d for d in ALL_DAYS if d >= WINDOW_END and d.day in days_of_month and d.month in months),
        None,
    )
    if len(window) < 2 or closing is None:
        return None
    firings = [*window, closing]
    return float(max((b - a).days for a, b in pairwise(firings)))


@settings(max_examples=150, deadline=None)
@given(
    minute=st.integers(0, 59),
    hour=st.integers(0, 23),
    days_of_month=st.sets(st.integers(1, 31), min_size=1, max_size=6),
    months=st.sets(st.integers(1, 12), min_size=1, max_size=12),
)
def test_fixed_time_cron_matches_brute_force(
    minute: int, hour: int, days_of_month: set[int], months: set[int]
) -> None:
    dom = ",".join(str(d) for d in sorted(days_of_month))
    month = ",".join(str(m) for m in sorted(months))
    expression = f"cron({minute} {hour} {dom} {month} ? *)"
    expected = _brute_force_gap(days_of_month, months)
    if expected is None:
        with pytest.raises(ScheduleError):
            rotation_interval_days(expression)
    else:
        assert rotation_interval_days(expression) == expected


@settings(max_examples=60, deadline=None)
@given(weekdays=st.sets(st.integers(1, 7), min_size=1, max_size=7))
def test_weekday_list_cron_matches_brute_force(weekdays: set[int]) -> None:
    dow = ",".join(str(w) for w in sorted(weekdays))
    firings = [d for d in ALL_DAYS if aws_weekday(d) in weekdays][:400]
    expected = max((b - a).days for a, b in pairwise(firings))
    assert rotation_interval_days(f"cron(0 0 ? * {dow} *)") == expected


# --- speed ------------------------------------------------------------------------------


def test_evaluation_is_fast() -> None:
    expressions = ["cron(0/15 * ? * MON-FRI *)", "cron(0 0 15W * ? *)", "cron(* * * * ? *)"]
    for expression in expressions:
        start = time.perf_counter()
        rotation_interval_days(expression)
        assert time.perf_counter() - start < 0.05


# --- GCP durations ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7776000s", 90.0),
        ("86400s", 1.0),
        ("86400.5s", 1 + 0.5 / 86400),
        ("3600s", 1 / 24),
        ("0.5s", 0.5 / 86400),
        ("2592000.000000001s", 30.0),
    ],
)
def test_gcp_duration_days(value: str, expected: float) -> None:
    assert gcp_duration_days(value) == pytest.approx(expected)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "s",
        "7776000",
        "-86400s",
        "0s",
        "0.0s",
        "1.s",
        ".5s",
        "86400 s",
        "1e5s",
        "90d",
        "PT1H",
        "1234567890123s",
        "1.0000000001s",
        "86400ss",
    ],
)
def test_bad_gcp_durations_raise(value: str) -> None:
    with pytest.raises(ScheduleError):
        gcp_duration_days(value)


@given(st.integers(min_value=1, max_value=10**11))
def test_gcp_whole_seconds(seconds: int) -> None:
    assert gcp_duration_days(f"{seconds}s") == pytest.approx(seconds / 86400)
