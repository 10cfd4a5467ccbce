"""Pieces shared by every model: timestamps, date precision and date bounds, slugs."""

import calendar
import datetime

from django.db import models
from django.db.models import F, Q


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


def precision_field(verbose_name="precision"):
    return models.CharField(
        verbose_name,
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="How much of the date is known; an unknown day or month is stored as the 1st.",
    )


def latest_field(of: str):
    return models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text=f"The last day the {of} can be, given its precision (set on save).",
    )


def dates_in_order(name, start="start_date", end="end_date", *, bounded=True):
    """A named check constraint: the end, when known, is not before the start.

    With date bounds, the end's latest possible day is compared with the start's earliest,
    so an end known only to the year may fall in the start's year.
    """
    compared = bound_names(end)[1] if bounded else end
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True}) | Q(**{f"{compared}__gte": F(start)}),
        name=name,
        violation_error_message=f"The {end.replace('_', ' ')} cannot be before the "
        f"{start.replace('_', ' ')}.",
    )


def bound_follows_date(name, date_field):
    """A named check constraint: a date's latest-day bound is set with it, not before it."""
    latest = bound_names(date_field)[1]
    return models.CheckConstraint(
        condition=Q(**{f"{date_field}__isnull": True, f"{latest}__isnull": True})
        | Q(**{f"{latest}__gte": F(date_field)}),
        name=name,
        violation_error_message=f"The {date_field.replace('_', ' ')}'s latest day is out of step.",
    )


class DateBounds:
    """Models whose dates have a precision keep each date's latest possible day beside it.

    `date_fields` names the dates, a span's start and end first (e.g. ("start_date",
    "end_date")); each has a `<stem>_precision` and a stored `<stem>_latest`, filled here on
    save() and full_clean(), and by the model QuerySet's bulk_create/bulk_update
    (`BoundedQuerySet`), so no writer has to know.
    """

    date_fields: tuple[str, ...] = ()

    def fill_date_bounds(self) -> list[str]:
        """Set every latest-day field from its date and precision; return their names."""
        names = [bound_names(date_field)[1] for date_field in self.date_fields]
        dated = [
            (getattr(self, date_field), getattr(self, bound_names(date_field)[0]))
            for date_field in self.date_fields
        ]
        for name, day in zip(names, latest_days(dated), strict=True):
            setattr(self, name, day)
        return names

    def save(self, *args, **kwargs):
        latest = self.fill_date_bounds()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *latest}
        super().save(*args, **kwargs)

    def full_clean(self, *args, **kwargs):
        # Constraints compare the bounds, so they must be current before they are checked.
        self.fill_date_bounds()
        super().full_clean(*args, **kwargs)


class SlugNaturalKey:
    """The unique slug as natural key (the model's QuerySet has get_by_natural_key): backups
    made with dumpdata --natural-foreign name related records by slug."""

    def natural_key(self):
        return (self.slug,)


class Timestamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True


def format_date(value, precision):
    """Render a date at its known precision: "1953", "March 1953", "1 October 1953"."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return value.strftime("%B %Y")
    return f"{value.day} {value.strftime('%B %Y')}"


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
