"""Pieces shared by every model: timestamps, date precision, slugs."""

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


def precision_field(verbose_name="precision"):
    return models.CharField(
        verbose_name,
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="How much of the date is known; an unknown day or month is stored as the 1st.",
    )


def dates_in_order(name, start="start_date", end="end_date"):
    """A named check constraint: the end, when known, is not before the start."""
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": F(start)}),
        name=name,
        violation_error_message=f"The {end.replace('_', ' ')} cannot be before the "
        f"{start.replace('_', ' ')}.",
    )


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
