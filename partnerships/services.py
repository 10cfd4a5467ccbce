"""Writes that touch several models. Admin, API and importers all call these,
so a rule such as "a bilateral partnership has exactly two members" lives once."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Nation, Partnership, PartnershipKind, PartnershipMember


@dataclass(frozen=True)
class MemberSpan:
    """A nation's span in a partnership, as written by a form, serializer or importer."""

    nation: Nation
    joined: object = None  # datetime.date; defaults to the partnership's start
    joined_precision: str = "day"
    left: object = None
    left_precision: str = "day"
    role: str = ""


def validate_partnership_members(kind: str, members: Iterable) -> None:
    """Refuse a member list the partnership's kind does not allow.

    `members` holds anything with a `nation_id` or `nation` (spans, member rows).
    """
    nation_ids = []
    for member in members:
        nation_id = getattr(member, "nation_id", None)
        if nation_id is None and getattr(member, "nation", None) is not None:
            nation_id = member.nation.pk
        if nation_id is not None:
            nation_ids.append(nation_id)
    if kind == PartnershipKind.BILATERAL and len(set(nation_ids)) != 2:
        raise ValidationError(
            {
                "members": (
                    "A bilateral partnership has exactly two distinct member nations; "
                    f"{len(set(nation_ids))} given."
                )
            }
        )


def _spans(members: Iterable, default_start) -> list[MemberSpan]:
    spans = []
    for member in members:
        span = member if isinstance(member, MemberSpan) else MemberSpan(nation=member)
        if span.joined is None:
            span = MemberSpan(**{**span.__dict__, "joined": default_start})
        spans.append(span)
    return spans


@transaction.atomic
def partnership_set_members(*, partnership: Partnership, members: Iterable) -> None:
    """Replace the partnership's member spans with `members` (Nations or MemberSpans)."""
    spans = _spans(members, partnership.start_date)
    validate_partnership_members(partnership.kind, spans)
    partnership.memberships.all().delete()
    rows = []
    for span in spans:
        row = PartnershipMember(
            partnership=partnership,
            nation=span.nation,
            joined=span.joined,
            joined_precision=span.joined_precision,
            left=span.left,
            left_precision=span.left_precision,
            role=span.role,
        )
        row.full_clean(exclude=["partnership"], validate_unique=False)
        rows.append(row)
    for row in rows:
        row.save()


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
