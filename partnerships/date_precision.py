"""Dates known to a precision, as plain values: the first and latest day a date can be, the
names of its bound fields, their order, their display. No model here: models, querysets,
timespans and writers all read dates through this module.
"""

import calendar
import datetime

from django.db import models

# The years any filter, question or chart accepts (`?year=`, `/alliances/`, the network):
# wide enough for the oldest treaty in the catalogue, narrow enough to refuse a typo.
MIN_YEAR, MAX_YEAR = 1000, 2100


class DatePrecision(models.TextChoices):
    """How much of a date is known.

    An imprecise date is stored as the first day of the period it names:
    "1953" is 1953-01-01 with precision YEAR, "March 1953" is 1953-03-01 with
    precision MONTH. Display code uses the precision so no day is invented.
    """

    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


def latest_day(value, precision):
    """The last day an imprecise date can be: "1995" is 1995-12-31, "March 1995" 1995-03-31.

    The stored date is the earliest (the first day of the period); together they bound it.
    """
    if not isinstance(value, datetime.date):
        return None
    if precision == DatePrecision.YEAR:
        return value.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        return value.replace(day=calendar.monthrange(value.year, value.month)[1])
    return value


def latest_days(dated: list[tuple]) -> list:
    """The latest day of each (date, precision). The first two are a span's start and end:
    the start's latest day is also no later than the end's (a start "1995" with an end of
    10 March 1995 started by then)."""
    days = [latest_day(value, precision) for value, precision in dated]
    if len(days) >= 2 and None not in days[:2]:
        days[0] = min(days[:2])
    return days


def bound_names(date_field: str) -> tuple[str, str]:
    """(precision field, latest-day field) of a date: end_date -> end_precision, end_latest."""
    stem = date_field.removesuffix("_date")
    return f"{stem}_precision", f"{stem}_latest"


def ends_in_order(start, end, end_precision) -> bool:
    """Whether an end can follow the start: its latest possible day is not before the start.

    A start of 1995-06-15 with an end "1995" is in order; an end "1994" is not.
    """
    latest = latest_day(end, end_precision)
    if latest is None or not isinstance(start, datetime.date):
        return True  # nothing to compare (a missing or malformed date is reported elsewhere)
    return latest >= start


def format_date(value, precision):
    """Render a date at its known precision: "1953", "March 1953", "1 October 1953"."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return value.strftime("%B %Y")
    return f"{value.day} {value.strftime('%B %Y')}"


def format_span(start, start_precision, end, end_precision, *, open_end):
    """A span that may still run, each date at its precision: "23 June 1960 – present"."""
    last = format_date(end, end_precision) if end else open_end
    return f"{format_date(start, start_precision)} – {last}"


def format_range(start, start_precision, end, end_precision):
    """A start and an end at their precisions, sharing what they share: "10–21 August 2023",
    "28 July – 2 August 2023", "April 2023 (ended 21 April)"; one date when both read the same.
    """
    first = format_date(start, start_precision)
    if end is None:
        return first
    last = format_date(end, end_precision)
    if first == last or start is None:
        return first or last
    if start.year != end.year or DatePrecision.YEAR in (start_precision, end_precision):
        return f"{first} – {last}"
    if start_precision == DatePrecision.MONTH and start.month == end.month:
        # Known to the month and ending within it: the end tells the reader more.
        if end_precision != DatePrecision.DAY:
            return first
        return f"{first} (ended {end.day} {end.strftime('%B')})"
    if start_precision == DatePrecision.MONTH:
        return f"{start.strftime('%B')} – {last}"
    if start.month == end.month and end_precision == DatePrecision.DAY:
        return f"{start.day}–{last}"
    return f"{start.day} {start.strftime('%B')} – {last}"
