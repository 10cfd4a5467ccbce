"""A nation's span in a parent (an organization or a partnership): one base for both.

Both kinds of membership need the same dates and the same guards, above all "one current
(open) span per nation per parent", which only one of them used to have. The parent FK has a
different name in each, and the constraints name it, so the abstract base is made per parent.
"""

from django.db import models
from django.db.models import Q

from ..validation import validate_no_overlap
from .common import (
    DateBounds,
    Timestamped,
    bound_follows_date,
    dates_in_order,
    format_span,
    latest_field,
    precision_field,
)
from .nations import Nation

# Abstract constraint names: Django fills these in per concrete model.
_NAME = "%(app_label)s_%(class)s"


def nation_span(parent_field: str, parent_model, *, nation_related_name: str):
    """An abstract model: `nation` in `parent_field` (an FK to `parent_model`), joined to left."""

    class NationSpan(DateBounds, Timestamped):
        date_fields = ("joined", "left")
        span_parent = parent_field

        nation = models.ForeignKey(
            Nation, on_delete=models.PROTECT, related_name=nation_related_name
        )
        joined = models.DateField(db_index=True)
        joined_precision = precision_field()
        joined_latest = latest_field("joining date")
        left = models.DateField(null=True, blank=True, help_text="Empty while current.")
        left_precision = precision_field()
        left_latest = latest_field("leaving date")

        class Meta:
            abstract = True
            constraints = [
                dates_in_order(f"{_NAME}_dates_in_order", "joined", "left"),
                bound_follows_date(f"{_NAME}_joined_bound", "joined"),
                bound_follows_date(f"{_NAME}_left_bound", "left"),
                models.UniqueConstraint(
                    fields=[parent_field, "nation", "joined"],
                    name=f"{_NAME}_unique_span",
                    violation_error_message="This nation already has a span starting that day.",
                ),
                models.UniqueConstraint(
                    fields=[parent_field, "nation"],
                    condition=Q(left__isnull=True),
                    name=f"{_NAME}_one_current",
                    violation_error_message="This nation already has a current span here.",
                ),
            ]

        @property
        def period(self):
            return format_span(
                self.joined, self.joined_precision, self.left, self.left_precision,
                open_end="present",
            )  # fmt: skip

        def clean(self):
            super().clean()
            validate_no_overlap(self, parent_field, start="joined", end="left")

    # The parent FK: CASCADE, since a span means nothing without its parent.
    NationSpan.add_to_class(
        parent_field,
        models.ForeignKey(parent_model, on_delete=models.CASCADE, related_name="memberships"),
    )
    return NationSpan
