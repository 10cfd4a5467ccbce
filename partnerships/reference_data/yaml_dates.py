"""Dates in the reference data: "1949", "1949-04" or "1949-04-04", stored with a precision."""

import datetime
import re

from ..models import DatePrecision

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class BadDate(ValueError):
    pass


def parse_date(value) -> tuple[datetime.date | None, str]:
    """Return (first day of the period, precision); (None, "day") for an empty value.

    YAML turns an unquoted 1949-04-04 into a date and 1949 into an int; both are accepted.
    """
    if value is None or value == "":
        return None, DatePrecision.DAY
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value, DatePrecision.DAY
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    match = _PATTERN.match(value) if isinstance(value, str) else None
    if not match:
        raise BadDate(f"{value!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    try:
        parsed = datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError as error:
        raise BadDate(f"{value!r} is not a date: {error}") from None
    if day:
        return parsed, DatePrecision.DAY
    return parsed, DatePrecision.MONTH if month else DatePrecision.YEAR
