"""When spans meet: the one rule for "at the same time", in Python and in SQL alike.

A dated span (a membership, a member's span in a partnership, an obligation phase) is
stored with the earliest possible day of its start and end (`joined`, `left`) and the
latest (`joined_latest`, `left_latest`, see `models.common.DateBounds`); an empty end is
open. As the end is never before the start, each bounds the other: a start of 20 October
1995 with an end "1995" ended on or after 20 October (its earliest end is the later of
`left` and `joined`), and a start "1995" with an end of 10 March 1995 started by then
(`joined_latest` is stored as the earlier of the two latest days).

Spans meet within a window (a year, a day, or all time) when they share a day in it:

- **certainly** when they do taking each span at its narrowest (its latest possible start,
  its earliest possible end): a March leaver and a June joiner never meet;
- **possibly** (uncertain) when they do only at its widest (earliest start, latest end):
  one who left "1995" and one who joined 1995-06-15 may have met;
- otherwise not.

Intervals on a line share a common day as soon as each pair of them does, so the rule
holds for any number of spans: the latest start is no later than the earliest end.

`meet(*spans, window=...)` answers it for Python rows; `span_in_window()` and
`meets_outer()` build the same comparisons as SQL for the querysets (`querysets.py`).
Both read the bounds named in `READINGS`; tests/test_timespans.py checks they agree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import IntEnum

from django.db.models import DateField, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce

from .date_precision import bound_names, latest_day

OPEN_END = datetime.date.max  # an open end, where a comparison needs a date


class Level(IntEnum):
    """How surely spans meet; compare with < and >, show with `.answer`."""

    NO = 0
    UNCERTAIN = 1
    YES = 2

    @property
    def answer(self) -> str:
        return self.name.lower()


# Which bounds of a span each reading takes: (its start, its end). An end named by several
# bounds is the latest of them (open when the first is).
READINGS = {
    Level.YES: ("latest_start", ("earliest_end", "earliest_start")),
    Level.UNCERTAIN: ("earliest_start", ("latest_end",)),
}


@dataclass(frozen=True)
class Span:
    """A span's bounds; `start`/`end` and their precisions are kept for display."""

    start: datetime.date
    start_precision: str
    end: datetime.date | None
    end_precision: str

    @classmethod
    def of(cls, record, start="joined", end="left") -> Span:
        """The span of a model row (or any object) with these date fields and precisions."""
        return cls(
            getattr(record, start),
            getattr(record, bound_names(start)[0]),
            getattr(record, end),
            getattr(record, bound_names(end)[0]),
        )

    @property
    def earliest_start(self):
        return self.start

    @property
    def latest_start(self):
        latest = latest_day(self.start, self.start_precision)
        return latest if self.end is None else min(latest, self.latest_end)

    @property
    def earliest_end(self):
        return None if self.end is None else max(self.end, self.start)

    @property
    def latest_end(self):
        return latest_day(self.end, self.end_precision)

    def capped(self, last_day: datetime.date) -> Span:
        """The span as a source that ends on `last_day` knows it: an open end stops there."""
        if self.end is not None:
            return self
        return Span(self.start, self.start_precision, last_day, "day")


Window = tuple[datetime.date | None, datetime.date | None]
ALL_TIME: Window = (None, None)


def year_window(year: int) -> Window:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def day_window(day: datetime.date) -> Window:
    return day, day


def window_of(year=None, on=None) -> Window:
    if on is not None:
        return day_window(on)
    if year is not None:
        return year_window(year)
    return ALL_TIME


def common_days(*spans: Span, window: Window = ALL_TIME, level: Level = Level.YES):
    """(first, last) day the spans share within the window, read at `level`; None if none.

    `last` is None when the shared days run on without end.
    """
    start_bound, (end_bound, *_) = READINGS[level]  # Span's properties combine the bounds
    starts = [getattr(span, start_bound) for span in spans]
    ends = [getattr(span, end_bound) for span in spans]
    first = max([day for day in (*starts, window[0]) if day is not None])
    last_days = [day for day in (*ends, window[1]) if day is not None]
    last = min(last_days) if last_days else None
    if last is not None and last < first:
        return None
    return first, last


def meet(*spans: Span, window: Window = ALL_TIME) -> Level:
    """Whether the spans share a day within the window: YES, UNCERTAIN or NO."""
    for level in (Level.YES, Level.UNCERTAIN):
        if common_days(*spans, window=window, level=level) is not None:
            return level
    return Level.NO


# --- the same rule as SQL ------------------------------------------------------------------


def bound_fields(start: str, end: str) -> dict[str, str]:
    """The columns holding each bound of a model's span (its start and end date fields)."""
    return {
        "earliest_start": start,
        "latest_start": bound_names(start)[1],
        "earliest_end": end,
        "latest_end": bound_names(end)[1],
    }


def _columns(start: str, end: str, level: Level) -> tuple[str, list[str]]:
    """The columns of the start bound and of the end bounds read at `level`."""
    fields = bound_fields(start, end)
    start_bound, end_bounds = READINGS[level]
    return fields[start_bound], [fields[name] for name in end_bounds]


def _ends_on_or_after(end_columns: list[str], day) -> Q:
    """Q: the row's end (the latest of these columns; open when the first is) >= day."""
    query = Q(**{f"{end_columns[0]}__isnull": True})
    for column in end_columns:
        query |= Q(**{f"{column}__gte": day})
    return query


def span_in_window(start: str, end: str, window: Window, level: Level) -> Q:
    """Q: the row's span shares a day with the window, read at `level`."""
    start_column, end_columns = _columns(start, end, level)
    # Read narrowly, a span may cover no day for sure (a start "1996", an end in November
    # 1996: any day of it may be the only one).
    query = _ends_on_or_after(end_columns, F(start_column))
    if window[1] is not None:
        query &= Q(**{f"{start_column}__lte": window[1]})
    if window[0] is not None:
        query &= _ends_on_or_after(end_columns, window[0])
    return query


def _outer(name: str, depth: int):
    reference = name
    for _ in range(depth):
        reference = OuterRef(reference)
    return reference


def meets_outer(start: str, end: str, level: Level, depth: int = 1) -> Q:
    """Q: the row's span shares a day with the span of the row `depth` queries out (an
    enclosing Exists), both read at `level`."""
    start_column, end_columns = _columns(start, end, level)
    open_end = Value(OPEN_END, output_field=DateField())
    outer_open = Coalesce(_outer(end_columns[0], depth), open_end, output_field=DateField())
    starts_by_outer_end = Q(**{f"{start_column}__lte": outer_open})
    for column in end_columns[1:]:
        starts_by_outer_end |= Q(**{f"{start_column}__lte": _outer(column, depth)})
    return starts_by_outer_end & _ends_on_or_after(end_columns, _outer(start_column, depth))
