"""Engagements and their parties (engagements.yaml)."""

from decimal import Decimal, InvalidOperation

from ..models import Engagement, EngagementKind, EngagementParty, EngagementRole
from .context import LoadContext, Where, check_keys
from .sync import sync_children, sync_m2m, upsert

FILE = "engagements.yaml"
REQUIRED = ("name", "slug", "kind", "start", "sources")
OPTIONAL = ("end", "value_usd", "organization", "description", "parties")
NAMES = {
    "start_date": "start",
    "start_precision": "start",
    "end_date": "end",
    "end_precision": "end",
}


def _value(where: Where, record):
    value = record.get("value_usd")
    if value is None:
        return None
    try:
        return Decimal(str(value)).quantize(Decimal(1))
    except InvalidOperation:
        raise where.error("value_usd", f"{value!r} is not an amount") from None


def _parties(ctx: LoadContext, where: Where, items):
    if not isinstance(items, list):
        raise where.error("parties", "expected a list")
    desired, seen = [], set()
    for index, item in enumerate(items):
        here = where.at(f"parties[{index}].")
        if isinstance(item, str):
            item = {"nation": item}
        check_keys(here, item, required=("nation",), optional=("role",))
        nation = ctx.nation(here, "nation", item["nation"])
        if nation.pk in seen:
            raise here.error("nation", f"{nation.slug!r} is listed twice")
        seen.add(nation.pk)
        role = item.get("role") or EngagementRole.PARTNER
        if role not in EngagementRole.values:
            raise here.error("role", f"{role!r} is not one of {EngagementRole.values}")
        desired.append({"nation_id": nation.pk, "role": role})
    return desired


def load(ctx: LoadContext):
    file_where, records = ctx.records(FILE)
    ctx.unique_slugs(file_where, records)
    existing = {e.slug: e for e in Engagement.objects.prefetch_related("sources", "parties")}
    for record in records:
        where = Where(file_where.file, record["slug"])
        check_keys(where, record, required=REQUIRED, optional=OPTIONAL)
        if record["kind"] not in EngagementKind.values:
            raise where.error("kind", f"{record['kind']!r} is not one of {EngagementKind.values}")
        start, start_precision = where.date(record, "start")
        end, end_precision = where.date(record, "end")
        where.in_order(start, end, end_precision=end_precision)
        organization = ctx.organization(where, "organization", record.get("organization"))
        values = {
            "name": record["name"],
            "kind": record["kind"],
            "start_date": start,
            "start_precision": start_precision,
            "end_date": end,
            "end_precision": end_precision,
            "value_usd": _value(where, record),
            "organization_id": organization.pk if organization else None,
            "description": (record.get("description") or "").strip(),
        }
        source_ids = ctx.source_ids(where, record.get("sources"))
        desired = _parties(ctx, where, record.get("parties") or [])
        is_new = record["slug"] not in existing
        engagement = upsert(
            ctx, where, "engagements", Engagement, existing, record["slug"], values, names=NAMES
        )
        sync_m2m(
            engagement.sources,
            [] if is_new else [s.pk for s in engagement.sources.all()],
            source_ids,
        )
        sync_children(
            ctx,
            where,
            "engagement parties",
            EngagementParty,
            {"engagement": engagement},
            [] if is_new else engagement.parties.all(),
            desired,
            group="nation_id",
        )
