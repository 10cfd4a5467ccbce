"""Checks that a single row cannot express as a database constraint."""

import datetime

from django.core.exceptions import ValidationError

_FAR_FUTURE = datetime.date(9999, 12, 31)


def validate_no_overlap(instance, parent_field, *, start, end):
    """Refuse a period for a nation that overlaps another of its periods in the same parent."""
    parent_id = getattr(instance, f"{parent_field}_id", None)
    nation_id = getattr(instance, "nation_id", None)
    begin = getattr(instance, start)
    if not (parent_id and nation_id and begin):
        return
    finish = getattr(instance, end) or _FAR_FUTURE
    if finish < begin:
        return  # the dates-in-order constraint reports this one
    others = (
        type(instance)
        ._default_manager.filter(**{f"{parent_field}_id": parent_id, "nation_id": nation_id})
        .exclude(pk=instance.pk)
        .values_list(start, end)
    )
    for other_start, other_end in others:
        if other_start <= finish and begin <= (other_end or _FAR_FUTURE):
            raise ValidationError(
                {
                    start: f"{instance.nation} already has a period here that overlaps this one "
                    f"(from {other_start:%Y-%m-%d})."
                }
            )
