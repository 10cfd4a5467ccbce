"""Partnerships and their members (partnerships.yaml), written through the services so
the rules on members (a bilateral partnership has exactly two) live in one place.

A member may list its own `obligations` (an asymmetric treaty: a guarantor pledges
defence, the guaranteed state nothing); they must be among the partnership's and are
stored as one `ObligationPeriod` over its span. Members without the key undertook the
partnership's obligations, and their periods (an ATOP import's phases) are left alone."""

from django.core.exceptions import ValidationError

from ..models import (
    OBLIGATION_FIELDS,
    JoinedBy,
    ObligationPeriod,
    Partnership,
    PartnershipKind,
    PartnershipMember,
    latest_day,
)
from ..services import (
    MemberSpan,
    partnership_create,
    partnership_set_members,
    partnership_update,
)
from .context import LoadContext, Where, check_keys
from .sync import differing, sync_m2m

FILE = "partnerships.yaml"
REQUIRED = ("name", "slug", "kind", "start", "sources")
OPTIONAL = (
    "signed",
    "end",
    "obligations",
    "provisions",
    "organization",
    "description",
    "members",
    "atop_id",
)
PROVISIONS = ("military_aid", "bases", "integrated_command", "formal_organization")
MEMBER_KEYS = ("signed", "joined", "joined_by", "left", "role", "obligations")
NAMES = {
    "organization": "organization",
    "signed_date": "signed",
    "signed_precision": "signed",
    "start_date": "start",
    "start_precision": "start",
    "end_date": "end",
    "end_precision": "end",
    **dict.fromkeys(OBLIGATION_FIELDS, "obligations"),
    **dict.fromkeys(PROVISIONS, "provisions"),
}


def _flags(where: Where, record, key, allowed):
    given = record.get(key) or []
    if not isinstance(given, list):
        raise where.error(key, "expected a list")
    for name in given:
        if name not in allowed:
            raise where.error(key, f"{name!r} is not one of {list(allowed)}")
    return {name: name in given for name in allowed}


def _values(ctx: LoadContext, where: Where, record):
    if record["kind"] not in PartnershipKind.values:
        raise where.error("kind", f"{record['kind']!r} is not one of {PartnershipKind.values}")
    signed, signed_precision = where.date(record, "signed")
    start, start_precision = where.date(record, "start")
    end, end_precision = where.date(record, "end")
    # At their precision: an entry into force "1971" may follow a signature of 9 August 1971.
    if signed and latest_day(start, start_precision) < signed:
        raise where.error("start", f"the entry into force {start} is before the signature {signed}")
    where.in_order(start, end, end_precision=end_precision)
    return {
        "name": record["name"],
        "kind": record["kind"],
        "signed_date": signed,
        "signed_precision": signed_precision,
        "start_date": start,
        "start_precision": start_precision,
        "end_date": end,
        "end_precision": end_precision,
        "organization_id": _pk(ctx.organization(where, "organization", record.get("organization"))),
        "description": (record.get("description") or "").strip(),
        "atop_id": record.get("atop_id"),
        **_flags(where, record, "obligations", OBLIGATION_FIELDS),
        **_flags(where, record, "provisions", PROVISIONS),
    }


def _pk(instance):
    return instance.pk if instance is not None else None


def _spans(ctx: LoadContext, where: Where, record, values):
    """(member spans, {(nation id, joined): obligations} of members that list their own)."""
    items = record.get("members") or []
    if not isinstance(items, list):
        raise where.error("members", "expected a list")
    spans, pledges = [], {}
    for index, item in enumerate(items):
        here = where.at(f"members[{index}].")
        if isinstance(item, str):
            item = {"nation": item}
        check_keys(here, item, required=("nation",), optional=MEMBER_KEYS)
        # joined defaults to the start; a member cannot outlast the partnership itself.
        start = (values["start_date"], values["start_precision"])
        joined, joined_precision = here.date(item, "joined", start)
        end = (values["end_date"], values["end_precision"])
        left, left_precision = here.date(item, "left", end if end[0] else None)
        signed, signed_precision = here.date(item, "signed")
        if signed and latest_day(joined, joined_precision) < signed:
            raise here.error("joined", f"{joined} is before this member signed ({signed})")
        joined_by = item.get("joined_by") or ""
        if joined_by and joined_by not in JoinedBy.values:
            raise here.error("joined_by", f"{joined_by!r} is not one of {JoinedBy.values}")
        nation = ctx.nation(here, "nation", item["nation"])
        spans.append(
            MemberSpan(
                nation=nation,
                joined=joined,
                joined_precision=joined_precision,
                left=left,
                left_precision=left_precision,
                role=item.get("role") or "",
                signed=signed,
                signed_precision=signed_precision,
                joined_by=joined_by,
            )
        )
        if "obligations" in item:
            flags = _flags(here, item, "obligations", OBLIGATION_FIELDS)
            beyond = [name for name, on in flags.items() if on and not values[name]]
            if beyond:
                raise here.error(
                    "obligations", f"{beyond[0]!r} is not among the partnership's obligations"
                )
            pledges[(nation.pk, joined)] = flags
    return spans, pledges


def _members_differ(partnership, spans):
    def key(nation_id, row):
        return (nation_id, *(str(getattr(row, name)) for name in _MEMBER_FIELDS))

    current = sorted(key(m.nation_id, m) for m in partnership.memberships.all())
    wanted = sorted(key(s.nation.pk, s) for s in spans)
    return current != wanted


_MEMBER_FIELDS = (
    "joined",
    "joined_precision",
    "left",
    "left_precision",
    "role",
    "signed",
    "signed_precision",
    "joined_by",
)


def load(ctx: LoadContext):
    file_where, records = ctx.records(FILE)
    ctx.unique_slugs(file_where, records)
    existing = {p.slug: p for p in Partnership.objects.prefetch_related("memberships", "sources")}
    for record in records:
        where = Where(file_where.file, record["slug"])
        check_keys(where, record, required=REQUIRED, optional=OPTIONAL)
        values = _values(ctx, where, record)
        spans, pledges = _spans(ctx, where, record, values)
        source_ids = ctx.source_ids(where, record.get("sources"))
        try:
            partnership = _write(
                ctx, existing.get(record["slug"]), record["slug"], values, spans, source_ids
            )
        except ValidationError as error:
            raise where.invalid(error, NAMES) from None
        if pledges:
            _sync_pledges(ctx, partnership, pledges)


def _sync_pledges(ctx: LoadContext, partnership, pledges):
    """One ObligationPeriod per member that lists its own obligations, over its span."""
    members = PartnershipMember.objects.filter(partnership=partnership).prefetch_related(
        "obligation_periods"
    )
    for member in members:
        flags = pledges.get((member.nation_id, member.joined))
        if flags is None:
            continue
        span = (member.joined, member.joined_precision, member.left, member.left_precision)
        wanted = [(0, *span, *(flags[name] for name in OBLIGATION_FIELDS))]
        current = [
            (
                period.phase,
                period.start_date,
                period.start_precision,
                period.end_date,
                period.end_precision,
                *(getattr(period, name) for name in OBLIGATION_FIELDS),
            )
            for period in member.obligation_periods.all()
        ]
        if current == wanted:
            ctx.report.add("member obligations", "unchanged")
            continue
        member.obligation_periods.all().delete()
        ObligationPeriod.objects.create(
            member=member,
            phase=0,
            start_date=member.joined,
            start_precision=member.joined_precision,
            end_date=member.left,
            end_precision=member.left_precision,
            **flags,
        )
        ctx.report.add("member obligations", "updated" if current else "created")


def _write(ctx: LoadContext, partnership, slug, values, spans, source_ids):
    report = ctx.report
    if partnership is None:
        partnership = partnership_create(slug=slug, members=spans, sources=source_ids, **values)
        report.add("partnerships", "created")
        report.add("partnership members", "created", len(spans))
        ctx.log(f"  + partnerships {slug}")
        return partnership
    changed = {name: values[name] for name in differing(partnership, values)}
    members_changed = _members_differ(partnership, spans)
    if changed:
        # A new kind is checked against the new members, not the old ones.
        members = spans if members_changed or "kind" in changed else None
        partnership_update(partnership=partnership, members=members, **changed)
        report.add("partnerships", "updated")
        ctx.log(f"  ~ partnerships {slug}: {', '.join(changed)}")
    else:
        report.add("partnerships", "unchanged")
        if members_changed:
            partnership_set_members(partnership=partnership, members=spans)
    if members_changed:
        report.add("partnership members", "updated")
    sources_changed = sync_m2m(
        partnership.sources, [s.pk for s in partnership.sources.all()], source_ids
    )
    if sources_changed and not changed:
        ctx.log(f"  ~ partnerships {slug}: sources")
    return partnership
