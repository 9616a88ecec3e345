"""Rotation intervals of secret rotation schedules, in days.

`rotation_interval_days` reads an AWS Secrets Manager `schedule_expression` (`rate(...)` or
AWS's six-field `cron(...)`) and returns the longest gap between two consecutive firings;
`gcp_duration_days` reads a GCP duration such as ``"7776000s"``. Anything malformed,
unsupported or impossible to judge raises `ScheduleError`.

Library decision: no library is used; this module has a small evaluator of its own.
- croniter 7.0 and cron-converter 2.0 handle Unix cron. croniter reads a sixth field as
  seconds, numbers weekdays 0-6 from Sunday and rejects day-of-week `5L`; cron-converter
  accepts only five fields.
- aws-croniter 2.1.1 (MIT, maintained) targets AWS's form, but in a trial it crashed on `LW`,
  treated day-of-week `L` as never firing, and returned no firing for a schedule needing
  more than ten month or year skips. It also took about 100 ms to list six years of a
  MON-FRI schedule. Its API yields one firing at a time, which is far too slow for
  minute-level schedules over years.
The evaluator below expands each field to a set. It lists firing days month by month over
a fixed window and measures the gaps. The time-of-day set is the same on every firing day,
so a gap is a day gap less the spread of that set, or a gap inside one day.

Semantics (AWS / Quartz):
- Fields are Minutes Hours Day-of-month Month Day-of-week Year. Day-of-week numbers run
  1-7 for SUN-SAT. Names (JAN-DEC, SUN-SAT) and the letters L and W may be any case.
- Exactly one of day-of-month and day-of-week is `?`.
- `,`, `-` and `/` work in every field except day-of-week, which takes no `/`, as in AWS's
  documentation. A range whose end is below its start wraps around (FRI-MON, 22-2), except
  in the Year field.
- Day-of-month also takes `L`, `L-n`, `LW` and `nW`. `nW` is the weekday nearest day n
  within the same month; in a month without day n it does not fire.
- Day-of-week also takes `L` (Saturday), `nL` (last weekday n of the month) and `n#k` (the
  k-th weekday n, k 1-5). These special forms stand alone, never in a list.
- `rate(N unit)` takes minute(s), hour(s) or day(s), singular or plural, with N from 1 to
  999999999.

Evaluation window: firings from 2023-01-01 up to 2029-01-01, which includes the leap year
2024 and its neighbours, plus the first firing after the window, searched up to 2037. So
Feb-29-only gives 1461 days. The longest gap is the largest one among those firings; the
gap before the first firing in the window is not counted. A schedule with fewer than two
firings in the window (for example, a Year field of one year), or with none in the years
after it, raises `ScheduleError`: it stops firing or is too rare to judge. A Year field
that ends after 2028 is judged on the firings up to then, so `2020-2030` monthly gives 31
days. The window ignores that 2100 is not a leap year.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

__all__ = ["ScheduleError", "gcp_duration_days", "rotation_interval_days"]

MINUTES_PER_DAY = 1440
SECONDS_PER_DAY = 86400
WINDOW_FIRST_YEAR = 2023
WINDOW_END_YEAR = 2029  # exclusive: the window is 2023-01-01 .. 2029-01-01
HORIZON_END_YEAR = 2037  # exclusive: how far to look for the firing that closes the last gap

_SHOWN_CHARS = 120
_RATE_RE = re.compile(r"rate\(\s*([0-9]{1,9})\s+(minutes?|hours?|days?)\s*\)")
_RATE_UNIT_DAYS = {"minute": 1 / MINUTES_PER_DAY, "hour": 1 / 24, "day": 1.0}
_CRON_RE = re.compile(r"cron\((.*)\)", re.DOTALL)
_GCP_RE = re.compile(r"([0-9]{1,12})(\.[0-9]{1,9})?s")
_NUMBER_RE = re.compile(r"[0-9]{1,4}")
_DOM_LAST_OFFSET_RE = re.compile(r"L-([0-9]{1,2})")
_DOM_NEAREST_RE = re.compile(r"([0-9]{1,2})W")
_DOW_LAST_RE = re.compile(r"([0-9]|[A-Z]{3})L")
_DOW_NTH_RE = re.compile(r"([0-9]|[A-Z]{3})#([0-9])")

_MONTH_NAMES = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_WEEKDAY_NAMES = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
_SATURDAY = 7
_SUNDAY = 1

DayRule = Callable[[int, int], list[int]]
"""Given a year and a month, the sorted days of that month on which a cron schedule fires."""


class ScheduleError(ValueError):
    """A schedule expression is malformed, unsupported, or cannot be judged."""


class _Invalid(Exception):
    """Internal: why an expression was rejected, without the expression."""


@dataclass(frozen=True)
class _Field:
    """Bounds and spelling of one cron field."""

    low: int
    high: int
    names: Mapping[str, int]
    wraps: bool = True
    steps: bool = True


_MINUTE = _Field(0, 59, {})
_HOUR = _Field(0, 23, {})
_DAY_OF_MONTH = _Field(1, 31, {})
_MONTH = _Field(1, 12, {name: i for i, name in enumerate(_MONTH_NAMES, start=1)})
_DAY_OF_WEEK = _Field(
    1, 7, {name: i for i, name in enumerate(_WEEKDAY_NAMES, start=1)}, steps=False
)
_YEAR = _Field(1970, 2199, {}, wraps=False)


@dataclass(frozen=True)
class _Cron:
    """A parsed cron expression."""

    times: tuple[int, ...]  # minutes after midnight, sorted
    day_rule: DayRule
    months: frozenset[int]
    years: frozenset[int]


def rotation_interval_days(expression: str) -> float:
    """Longest gap in days between consecutive firings of a `rate(...)` or `cron(...)`."""
    if not isinstance(expression, str):
        raise ScheduleError("schedule expression is not a string")
    text = expression.strip()
    try:
        if text.startswith("rate("):
            return _rate_days(text)
        if text.startswith("cron("):
            return _cron_days(text)
        raise _Invalid("schedule is neither rate(...) nor cron(...)")
    except _Invalid as err:
        raise ScheduleError(f"{err}: {_shown(expression)}") from None


def gcp_duration_days(value: str) -> float:
    """Days in a GCP duration string of seconds such as ``"7776000s"`` or ``"86400.5s"``."""
    if not isinstance(value, str):
        raise ScheduleError("duration is not a string")
    match = _GCP_RE.fullmatch(value.strip())
    if match is None:
        raise ScheduleError(f"duration is not seconds like '7776000s': {_shown(value)}")
    seconds = int(match.group(1)) + float(match.group(2) or 0)
    if seconds <= 0:
        raise ScheduleError(f"duration is not positive: {_shown(value)}")
    return seconds / SECONDS_PER_DAY


def _shown(expression: str) -> str:
    """The expression as quoted in messages, cut when very long."""
    if len(expression) <= _SHOWN_CHARS:
        return repr(expression)
    return repr(expression[:_SHOWN_CHARS]) + "..."


def _rate_days(text: str) -> float:
    """Days of `rate(N unit)`."""
    match = _RATE_RE.fullmatch(text)
    if match is None:
        raise _Invalid("rate must be rate(N minutes|hours|days) with a whole N")
    count = int(match.group(1))
    if count == 0:
        raise _Invalid("rate must be at least 1")
    return count * _RATE_UNIT_DAYS[match.group(2).rstrip("s")]


def _cron_days(text: str) -> float:
    """Longest gap in days of `cron(...)` over the evaluation window."""
    match = _CRON_RE.fullmatch(text)
    if match is None:
        raise _Invalid("cron must be written cron(...)")
    cron = _parse_cron(match.group(1))
    days = _firing_days(cron, WINDOW_FIRST_YEAR, WINDOW_END_YEAR)
    if len(days) * len(cron.times) < 2:
        raise _Invalid("schedule fires fewer than twice in 2023-2028, so it cannot be judged")
    closing = next(_iter_firing_days(cron, WINDOW_END_YEAR, HORIZON_END_YEAR), None)
    if closing is None:
        raise _Invalid("schedule stops firing or fires too rarely to judge")
    days.append(closing)
    return _max_gap_minutes(days, cron.times) / MINUTES_PER_DAY


def _max_gap_minutes(days: list[int], times: tuple[int, ...]) -> int:
    """Longest gap in minutes, given sorted firing day ordinals and times of day."""
    spread = times[-1] - times[0]
    within_day = max((b - a for a, b in pairwise(times)), default=0)
    across_days = max((b - a for a, b in pairwise(days)), default=0)
    return max(within_day, across_days * MINUTES_PER_DAY - spread)


def _firing_days(cron: _Cron, first_year: int, end_year: int) -> list[int]:
    """Ordinals of the days the schedule fires on, from first_year to before end_year."""
    return list(_iter_firing_days(cron, first_year, end_year))


def _iter_firing_days(cron: _Cron, first_year: int, end_year: int) -> Iterator[int]:
    """Ordinals of firing days in order, from first_year to before end_year."""
    for year in range(first_year, end_year):
        if year not in cron.years:
            continue
        for month in sorted(cron.months):
            start = date(year, month, 1).toordinal() - 1
            for day in cron.day_rule(year, month):
                yield start + day


def _parse_cron(body: str) -> _Cron:
    """Parse the six fields between `cron(` and `)`."""
    fields = body.upper().split()
    if len(fields) != 6:
        raise _Invalid("cron needs six fields: minutes hours day-of-month month day-of-week year")
    minutes, hours, day_of_month, month, day_of_week, year = fields
    if (day_of_month == "?") == (day_of_week == "?"):
        raise _Invalid("cron needs '?' in exactly one of day-of-month and day-of-week")
    if day_of_week == "?":
        day_rule = _day_of_month_rule(day_of_month)
    else:
        day_rule = _day_of_week_rule(day_of_week)
    times = sorted(
        h * 60 + m for h in _parse_list(hours, _HOUR) for m in _parse_list(minutes, _MINUTE)
    )
    return _Cron(tuple(times), day_rule, _parse_list(month, _MONTH), _parse_list(year, _YEAR))


def _parse_list(text: str, field: _Field) -> frozenset[int]:
    """Values of a field made of `*`, values, ranges and steps joined by commas."""
    values: set[int] = set()
    for item in text.split(","):
        values.update(_parse_item(item, field))
    return frozenset(values)


def _parse_item(item: str, field: _Field) -> set[int]:
    """Values of one comma-separated item: `*`, `a`, `a-b`, each optionally `/step`."""
    base, slash, step_text = item.partition("/")
    step = _parse_step(step_text, field) if slash else 1
    if base == "*":
        start, end = field.low, field.high
    elif "-" in base:
        first, _, last = base.partition("-")
        start, end = _parse_value(first, field), _parse_value(last, field)
        if start > end and not field.wraps:
            raise _Invalid("cron range runs backwards")
    else:
        start = _parse_value(base, field)
        end = field.high if slash else start
    return _stepped(start, end, step, field)


def _parse_step(text: str, field: _Field) -> int:
    """The increment after `/`."""
    if not field.steps:
        raise _Invalid("cron day-of-week does not take '/'")
    if _NUMBER_RE.fullmatch(text) is None:
        raise _Invalid("cron step must be a whole number")
    step = int(text)
    if not 1 <= step <= field.high - field.low + 1:
        raise _Invalid("cron step is out of range")
    return step


def _parse_value(text: str, field: _Field) -> int:
    """One number or name of a field, checked against its bounds."""
    if text in field.names:
        return field.names[text]
    if _NUMBER_RE.fullmatch(text) is None:
        raise _Invalid("cron field has an unknown value")
    value = int(text)
    if not field.low <= value <= field.high:
        raise _Invalid("cron value is out of range")
    return value


def _stepped(start: int, end: int, step: int, field: _Field) -> set[int]:
    """Values from start to end by step, wrapping past the field's top when end < start."""
    span = field.high - field.low + 1
    distance = (end - start) % span
    return {
        field.low + (start - field.low + offset) % span for offset in range(0, distance + 1, step)
    }


def _day_of_month_rule(text: str) -> DayRule:
    """Day rule of a day-of-month field (day-of-week is `?`)."""
    if text == "L":
        return _last_day_rule(0)
    if text == "LW":
        return _last_weekday_rule()
    match = _DOM_LAST_OFFSET_RE.fullmatch(text)
    if match is not None:
        before = int(match.group(1))
        if before > 30:
            raise _Invalid("cron 'L-n' needs n from 0 to 30")
        return _last_day_rule(before)
    match = _DOM_NEAREST_RE.fullmatch(text)
    if match is not None:
        return _nearest_weekday_rule(_parse_value(match.group(1), _DAY_OF_MONTH))
    return _days_rule(_parse_list(text, _DAY_OF_MONTH))


def _day_of_week_rule(text: str) -> DayRule:
    """Day rule of a day-of-week field (day-of-month is `?`)."""
    if text == "L":
        return _weekdays_rule(frozenset({_SATURDAY}))
    match = _DOW_LAST_RE.fullmatch(text)
    if match is not None:
        return _last_of_weekday_rule(_parse_value(match.group(1), _DAY_OF_WEEK))
    match = _DOW_NTH_RE.fullmatch(text)
    if match is not None:
        nth = int(match.group(2))
        if not 1 <= nth <= 5:
            raise _Invalid("cron '#' needs a week from 1 to 5")
        return _nth_weekday_rule(_parse_value(match.group(1), _DAY_OF_WEEK), nth)
    return _weekdays_rule(_parse_list(text, _DAY_OF_WEEK))


def _month_shape(year: int, month: int) -> tuple[int, int]:
    """AWS weekday (1=SUN..7=SAT) of the month's first day, and its number of days."""
    first_weekday, length = calendar.monthrange(year, month)
    return (first_weekday + 1) % 7 + 1, length


def _weekday(first: int, day: int) -> int:
    """AWS weekday of a day, given the AWS weekday of the month's first day."""
    return (first - 1 + day - 1) % 7 + 1


def _days_rule(days: frozenset[int]) -> DayRule:
    """Fire on listed days of month that exist in the month."""
    ordered = sorted(days)

    def rule(year: int, month: int) -> list[int]:
        length = calendar.monthrange(year, month)[1]
        return [day for day in ordered if day <= length]

    return rule


def _last_day_rule(before: int) -> DayRule:
    """Fire `before` days before the month's last day (`L`, `L-n`)."""

    def rule(year: int, month: int) -> list[int]:
        day = calendar.monthrange(year, month)[1] - before
        return [day] if day >= 1 else []

    return rule


def _last_weekday_rule() -> DayRule:
    """Fire on the month's last Monday-to-Friday day (`LW`)."""

    def rule(year: int, month: int) -> list[int]:
        first, length = _month_shape(year, month)
        weekday = _weekday(first, length)
        back = {_SATURDAY: 1, _SUNDAY: 2}.get(weekday, 0)
        return [length - back]

    return rule


def _nearest_weekday_rule(target: int) -> DayRule:
    """Fire on the Monday-to-Friday day nearest `target`, within the month (`nW`)."""

    def rule(year: int, month: int) -> list[int]:
        first, length = _month_shape(year, month)
        if target > length:
            return []
        weekday = _weekday(first, target)
        if weekday == _SATURDAY:
            return [target + 2 if target == 1 else target - 1]
        if weekday == _SUNDAY:
            return [target - 2 if target == length else target + 1]
        return [target]

    return rule


def _weekdays_rule(weekdays: frozenset[int]) -> DayRule:
    """Fire on every day whose weekday is listed."""

    def rule(year: int, month: int) -> list[int]:
        first, length = _month_shape(year, month)
        return [day for day in range(1, length + 1) if _weekday(first, day) in weekdays]

    return rule


def _last_of_weekday_rule(weekday: int) -> DayRule:
    """Fire on the month's last day with the given weekday (`nL`)."""

    def rule(year: int, month: int) -> list[int]:
        first, length = _month_shape(year, month)
        return [length - (_weekday(first, length) - weekday) % 7]

    return rule


def _nth_weekday_rule(weekday: int, nth: int) -> DayRule:
    """Fire on the nth day with the given weekday, if the month has one (`n#k`)."""

    def rule(year: int, month: int) -> list[int]:
        first, length = _month_shape(year, month)
        day = 1 + (weekday - first) % 7 + 7 * (nth - 1)
        return [day] if day <= length else []

    return rule
