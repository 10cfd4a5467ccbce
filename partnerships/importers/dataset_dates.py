"""Partial dates as research datasets write them: a 0, -9 or "xx" day or month is unknown."""

from __future__ import annotations

import calendar
import datetime

from ..models import DatePrecision

UNKNOWN = {"", "0", "00", "-9", "-8", "-99", "xx", "x", "na", "."}


def part(value) -> int | None:
    """An integer date part, or None when unknown."""
    text = str(value if value is not None else "").strip().lower()
    if text in UNKNOWN:
        return None
    number = int(float(text))
    return number if number > 0 else None


def partial_date(year, month=None, day=None) -> tuple[datetime.date, str]:
    """(first day of the known period, precision); ValueError when it is no date."""
    year, month, day = part(year), part(month), part(day)
    if year is None:
        raise ValueError("no year")
    if month is None:
        return datetime.date(year, 1, 1), DatePrecision.YEAR
    if day is None:
        return datetime.date(year, month, 1), DatePrecision.MONTH
    return datetime.date(year, month, day), DatePrecision.DAY


def period_end(value: datetime.date, precision: str) -> datetime.date:
    """The last day of the period an imprecise date names."""
    if precision == DatePrecision.YEAR:
        return value.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        return value.replace(day=calendar.monthrange(value.year, value.month)[1])
    return value
