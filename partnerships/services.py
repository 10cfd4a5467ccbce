"""Writes that touch several models. Admin, API and importers all call these,
so a rule such as "a bilateral partnership has exactly two members" lives once."""

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from .date_precision import ends_in_order
from .models import (
    Article,
    Engagement,
    Exercise,
    Nation,
    Organization,
    ParticipationRole,
    Partnership,
    PartnershipMember,
    validate_partnership_members,
)


@dataclass(frozen=True)
class MemberSpan:
    """A nation's span in a partnership, as written by a form, serializer or importer."""

    nation: Nation
    joined: object = None  # datetime.date; defaults to the partnership's start
    joined_precision: str = "day"
    left: object = None
    left_precision: str = "day"
    role: str = ""
    signed: object = None  # datetime.date, where it signed before it joined
    signed_precision: str = "day"
    joined_by: str = ""  # JoinedBy


def _spans(members: Iterable, default_start) -> list[MemberSpan]:
    spans = []
    for member in members:
        span = member if isinstance(member, MemberSpan) else MemberSpan(nation=member)
        if span.joined is None:
            span = MemberSpan(**{**span.__dict__, "joined": default_start})
        spans.append(span)
    return spans


def match_rows(existing: Iterable, desired: list[dict], *, fields: list[str], group: str):
    """Pair existing child rows with the rows wanted, so a sync touches only what changed.

    `desired` holds dicts of attribute values; rows are paired first where every field is
    equal, then within the same `group` value (a nation) in order, so an edited date updates
    its row in place. Returns (updates: [(row, values)], creates: [values], deletes: [row]).
    """
    unmatched = list(existing)
    pending = []
    for values in desired:
        same = next(
            (row for row in unmatched if all(getattr(row, f) == values[f] for f in fields)),
            None,
        )
        if same is not None:
            unmatched.remove(same)
        else:
            pending.append(values)
    updates, creates = [], []
    for values in pending:
        row = next((row for row in unmatched if getattr(row, group) == values[group]), None)
        if row is None:
            creates.append(values)
        else:
            unmatched.remove(row)
            updates.append((row, values))
    return updates, creates, unmatched


def validate_spans(spans: list[MemberSpan]) -> None:
    """Each span ends after it starts, and a nation's spans do not overlap."""
    by_nation = {}
    for span in spans:
        if not ends_in_order(span.joined, span.left, span.left_precision):
            raise ValidationError({"left": f"{span.nation} leaves before it joins."})
        if span.signed is not None and span.signed > span.joined:
            raise ValidationError({"signed": f"{span.nation} signs after it joins."})
        by_nation.setdefault(span.nation.pk, []).append(span)
    for nation_spans in by_nation.values():
        nation_spans.sort(key=lambda s: s.joined)
        for before, after in itertools.pairwise(nation_spans):
            if before.left is None or before.left >= after.joined:
                raise ValidationError(
                    {"joined": f"{after.nation} has two spans that overlap ({after.joined})."}
                )


@dataclass(frozen=True)
class MemberChanges:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0


_SPAN_FIELDS = [
    "nation_id",
    "joined",
    "joined_precision",
    "left",
    "left_precision",
    "role",
    "signed",
    "signed_precision",
    "joined_by",
]


@transaction.atomic
def partnership_set_members(*, partnership: Partnership, members: Iterable) -> MemberChanges:
    """Make the partnership's member spans exactly `members` (Nations or MemberSpans).

    Rows that already match are left alone (no new history, no timestamp change); an
    edited span is updated in place.
    """
    spans = _spans(members, partnership.start_date)
    validate_partnership_members(partnership.kind, spans)
    validate_spans(spans)
    desired = [
        {
            "nation_id": span.nation.pk,
            "joined": span.joined,
            "joined_precision": span.joined_precision,
            "left": span.left,
            "left_precision": span.left_precision,
            "role": span.role,
            "signed": span.signed,
            "signed_precision": span.signed_precision,
            "joined_by": span.joined_by,
        }
        for span in spans
    ]
    existing = list(partnership.memberships.all())
    updates, creates, deletes = match_rows(
        existing, desired, fields=_SPAN_FIELDS, group="nation_id"
    )
    rows = []
    for row, values in updates:
        for name, value in values.items():
            setattr(row, name, value)
        rows.append(row)
    rows += [PartnershipMember(partnership=partnership, **values) for values in creates]
    for row in rows:
        row.clean_fields(exclude=["partnership", "nation"])
    for row in deletes:
        row.delete()
    for row in rows:
        row.save()
    return MemberChanges(
        created=len(creates),
        updated=len(updates),
        deleted=len(deletes),
        unchanged=len(existing) - len(updates) - len(deletes),
    )


@transaction.atomic
def partnership_create(*, members: Iterable, sources: Iterable = (), **fields) -> Partnership:
    """Create a partnership with its members, refusing an invalid member list."""
    partnership = Partnership(**fields)
    partnership.full_clean()
    members = list(members)
    validate_partnership_members(partnership.kind, _spans(members, partnership.start_date))
    partnership.save()
    partnership_set_members(partnership=partnership, members=members)
    if sources:
        partnership.sources.set(sources)
    return partnership


@transaction.atomic
def partnership_update(
    *, partnership: Partnership, members: Iterable | None = None, sources=None, **fields
) -> Partnership:
    """Change a partnership's fields and, when given, its members and sources."""
    for name, value in fields.items():
        setattr(partnership, name, value)
    partnership.full_clean()
    if members is None:
        validate_partnership_members(partnership.kind, partnership.memberships.all())
    partnership.save()
    if members is not None:
        partnership_set_members(partnership=partnership, members=members)
    if sources is not None:
        partnership.sources.set(sources)
    return partnership


# --- records written with their rows (API) -------------------------------------------------


def _row_errors(row, error: ValidationError, error_key: str) -> ValidationError:
    """A child row's errors under the parent's field, naming the nation and the row's field."""
    messages = []
    by_field = getattr(error, "message_dict", None) or {"__all__": error.messages}
    for field, field_messages in by_field.items():
        prefix = "" if field in ("__all__", "nation") else f"{field}: "
        messages += [f"{row.nation}: {prefix}{message}" for message in field_messages]
    return ValidationError({error_key: messages})


def _replace_rows(*, parent, related_name: str, parent_field: str, rows, error_key: str) -> None:
    """Make the parent's through-table rows exactly `rows` (dicts of field values).

    Each row is saved after full_clean(), so the admin's checks apply, against the rows
    saved before it too: a nation listed twice or two overlapping spans are refused.
    """
    manager = getattr(parent, related_name)
    manager.all().delete()
    for values in rows:
        row = manager.model(**{parent_field: parent}, **values)
        try:
            row.full_clean()
        except ValidationError as error:
            raise _row_errors(row, error, error_key) from None
        row.save()


def _save_record(instance, *, fields: dict, rows: dict | None = None, many: dict | None = None):
    """Validate and save `instance` with `fields`; then its rows and many-to-many relations.

    `rows` maps a related name to (parent field, rows or None, error key); `many` maps a
    many-to-many field to records or None. None leaves that relation as it is.
    """
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    for related_name, (parent_field, values, error_key) in (rows or {}).items():
        if values is not None:
            _replace_rows(
                parent=instance,
                related_name=related_name,
                parent_field=parent_field,
                rows=values,
                error_key=error_key,
            )
    for name, values in (many or {}).items():
        if values is not None:
            getattr(instance, name).set(values)
    return instance


@transaction.atomic
def organization_save(
    *,
    organization: Organization | None = None,
    members: Iterable[dict] | None = None,
    sources: Iterable | None = None,
    **fields,
) -> Organization:
    """Create (no `organization`) or change an organization with its memberships.

    `members` rows: {"nation", "status", "joined" (default: founded), "left", ...}.
    """
    organization = organization or Organization()
    founded = fields.get("founded", organization.founded)
    if members is not None:
        members = [{"joined": founded, **row} for row in members]
    return _save_record(
        organization,
        fields=fields,
        rows={"memberships": ("organization", members, "members")},
        many={"sources": sources},
    )


@transaction.atomic
def exercise_save(
    *,
    exercise: Exercise | None = None,
    participants: Iterable[dict] | None = None,
    organizations: Iterable | None = None,
    sources: Iterable | None = None,
    **fields,
) -> Exercise:
    """Create or change an exercise with its participants ({"nation", "role", ...})."""
    exercise = _save_record(
        exercise or Exercise(),
        fields=fields,
        rows={"participations": ("exercise", participants, "participants")},
        many={"organizations": organizations, "sources": sources},
    )
    host_takes_part(exercise)
    return exercise


def host_takes_part(exercise: Exercise) -> None:
    """List the exercise's lead host among its participants (as a host) if it is not.

    Who took part in an exercise, and what two nations share, is read from the
    participants: a host missing from them would be missing from every such answer.
    """
    if exercise.host_id and not exercise.participations.filter(nation=exercise.host_id).exists():
        exercise.participations.create(nation_id=exercise.host_id, role=ParticipationRole.HOST)


@transaction.atomic
def engagement_save(
    *,
    engagement: Engagement | None = None,
    parties: Iterable[dict] | None = None,
    sources: Iterable | None = None,
    **fields,
) -> Engagement:
    """Create or change an engagement with its parties ({"nation", "role"})."""
    return _save_record(
        engagement or Engagement(),
        fields=fields,
        rows={"parties": ("engagement", parties, "parties")},
        many={"sources": sources},
    )


ARTICLE_RELATIONS = (
    "topics",
    "nations",
    "organizations",
    "partnerships",
    "exercises",
    "engagements",
    "related_articles",
    "sources",
)


@transaction.atomic
def article_save(*, article: Article | None = None, relations: dict | None = None, **fields):
    """Create or change an article and the records it discusses (`relations`: name → records)."""
    relations = relations or {}
    return _save_record(
        article or Article(),
        fields=fields,
        many={name: relations.get(name) for name in ARTICLE_RELATIONS},
    )
