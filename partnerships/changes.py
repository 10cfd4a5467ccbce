"""What changed in the catalogue since a time, from the revision history
(django-simple-history): records created, changed and deleted, so a copy can be kept up
to date without downloading everything again.

One entry per revision: `kind` (nation, organization, partnership, exercise, exercise
series, engagement, article, source, topic), `slug`, `action` (`created`, `changed`,
`deleted`) and `time`. A revision of a record's part (a membership, a member of a
partnership, a participant, a party) is a change to the record it belongs to. Only
published articles' revisions are listed (a draft is not public). One query (a UNION of
the history tables) selects them, newest last.
"""

from __future__ import annotations

from django.db.models import CharField, F, Value
from django.db.models.functions import Cast

from .models import (
    Article,
    ArticleStatus,
    Engagement,
    EngagementParty,
    Exercise,
    ExerciseSeries,
    Membership,
    Nation,
    Organization,
    Participation,
    Partnership,
    PartnershipMember,
    Source,
    Topic,
)

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
KINDS = [
    "nation", "organization", "partnership", "exercise", "exercise-series", "engagement",
    "article", "source", "topic",
]  # fmt: skip

# (model, kind, the slug's path from its history row, whether it is a part of that record)
TRACKED = [
    (Nation, "nation", "slug", False),
    (Organization, "organization", "slug", False),
    (Partnership, "partnership", "slug", False),
    (Exercise, "exercise", "slug", False),
    (ExerciseSeries, "exercise-series", "slug", False),
    (Engagement, "engagement", "slug", False),
    (Article, "article", "slug", False),
    (Source, "source", "slug", False),
    (Topic, "topic", "slug", False),
    (Membership, "organization", "organization__slug", True),
    (PartnershipMember, "partnership", "partnership__slug", True),
    (Participation, "exercise", "exercise__slug", True),
    (EngagementParty, "engagement", "engagement__slug", True),
]


def changes_since(since, kind: str | None = None):
    """A queryset of dicts {kind, slug, action, time} of revisions at or after `since`,
    oldest first (ties by kind and slug)."""
    parts = []
    for model, name, slug_path, is_part in TRACKED:
        if kind and name != kind:
            continue
        rows = model.history.filter(history_date__gte=since).order_by()
        if model is Article:
            rows = rows.filter(status=ArticleStatus.PUBLISHED)
        if is_part:  # its record may have gone since; that deletion is its own entry
            rows = rows.filter(**{f"{slug_path}__isnull": False})
        action = Value("changed") if is_part else F("history_type")
        parts.append(
            rows.annotate(
                record_kind=Value(name, output_field=CharField()),
                record=Cast(F(slug_path), CharField()),
                change=Cast(action, CharField()),
                change_time=F("history_date"),
            ).values("record_kind", "record", "change", "change_time")
        )
    if not parts:
        return Nation.history.none().values("history_date")
    first, *rest = parts
    return first.union(*rest, all=True).order_by("change_time", "record_kind", "record")


def as_entry(row: dict) -> dict:
    return {
        "kind": row["record_kind"],
        "slug": row["record"],
        "action": ACTIONS.get(row["change"], row["change"]),
        "time": row["change_time"],
    }
