"""Pieces shared by every model: timestamps, date precision and date bounds, slugs."""

from django.db import models
from django.db.models import F, Q

from ..date_precision import (  # noqa: F401 (names the migrations and the models import from here)
    DatePrecision,
    bound_names,
    ends_in_order,
    format_date,
    format_range,
    format_span,
    latest_day,
    latest_days,
)


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
