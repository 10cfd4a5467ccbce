"""Organizations and their memberships (organizations.yaml)."""

import itertools

from ..models import Membership, MembershipStatus, Organization, OrganizationKind
from .context import LoadContext, Where, check_keys
from .sync import sync_children, sync_m2m, upsert

FILE = "organizations.yaml"
REQUIRED = ("name", "slug", "kind", "sources")
OPTIONAL = (
    "acronym",
    "founded",
    "dissolved",
    "parent",
    "headquarters",
    "website",
    "description",
    "members",
)
# `continues`: the nation whose seat this member holds on (Russia the Soviet Union's at
# the UN); nations.derive_un_member_since dates the seat from the predecessor's admission.
MEMBER_KEYS = ("joined", "left", "status", "notes", "sources", "continues")
NAMES = {"founded_precision": "founded", "dissolved_precision": "dissolved"}


def _parents_first(where: Where, records):
    """Order records so a parent organization is written before its children."""
    by_slug = {record["slug"]: record for record in records}
    ordered, placed = [], set()

    def place(record, trail=()):
        slug = record["slug"]
        if slug in placed:
            return
        parent = record.get("parent")
        if parent in trail:
            raise Where(where.file, slug).error("parent", "parents form a cycle")
        if parent in by_slug:
            place(by_slug[parent], (*trail, slug))
        placed.add(slug)
        ordered.append(record)

    for record in records:
        place(record)
    return ordered


def load(ctx: LoadContext):
    file_where, records = ctx.records(FILE)
    ctx.unique_slugs(file_where, records)
    existing = dict(ctx.organizations)
    current_sources = {
        org.pk: [s.pk for s in org.sources.all()]
        for org in Organization.objects.prefetch_related("sources")
    }
    for record in _parents_first(file_where, records):
        where = Where(file_where.file, record["slug"])
        check_keys(where, record, required=REQUIRED, optional=OPTIONAL)
        if record["kind"] not in OrganizationKind.values:
            raise where.error("kind", f"{record['kind']!r} is not one of {OrganizationKind.values}")
        founded, founded_precision = where.date(record, "founded")
        dissolved, dissolved_precision = where.date(record, "dissolved")
        where.in_order(founded, dissolved, "dissolved")
        values = {
            "name": record["name"],
            "acronym": record.get("acronym") or "",
            "kind": record["kind"],
            "founded": founded,
            "founded_precision": founded_precision,
            "dissolved": dissolved,
            "dissolved_precision": dissolved_precision,
            "parent_id": getattr(
                ctx.organization(where, "parent", record.get("parent")), "pk", None
            ),
            "headquarters": record.get("headquarters") or "",
            "website": record.get("website") or "",
            "description": (record.get("description") or "").strip(),
        }
        source_ids = ctx.source_ids(where, record.get("sources"))
        organization = upsert(
            ctx, where, "organizations", Organization, existing, record["slug"], values, names=NAMES
        )
        ctx.organizations[organization.slug] = organization
        sync_m2m(organization.sources, current_sources.get(organization.pk, []), source_ids)
        _sync_members(ctx, where, organization, record.get("members") or [])


def _member_values(ctx: LoadContext, where: Where, organization, item):
    check_keys(where, item, required=("nation",), optional=MEMBER_KEYS)
    # A founding member's joining defaults to the founding; nobody outlives a dissolution.
    founded = (organization.founded, organization.founded_precision)
    joined, joined_precision = where.date(item, "joined", founded if founded[0] else None)
    if joined is None:
        raise where.error("joined", "is required (the organization has no founding date)")
    dissolved = (organization.dissolved, organization.dissolved_precision)
    left, left_precision = where.date(item, "left", dissolved if dissolved[0] else None)
    status = item.get("status") or MembershipStatus.MEMBER
    if status not in MembershipStatus.values:
        raise where.error("status", f"{status!r} is not one of {MembershipStatus.values}")
    if left is not None and left < joined:
        raise where.error("left", "is before joined")
    if "continues" in item:
        ctx.nation(where, "continues", item["continues"])
    return {
        "nation_id": ctx.nation(where, "nation", item["nation"]).pk,
        "status": status,
        "joined": joined,
        "joined_precision": joined_precision,
        "left": left,
        "left_precision": left_precision,
        "notes": (item.get("notes") or "").strip(),
    }


def _check_overlaps(where: Where, desired):
    spans = sorted(desired, key=lambda values: (values["nation_id"], values["joined"]))
    for before, after in itertools.pairwise(spans):
        if before["nation_id"] == after["nation_id"] and (
            before["left"] is None or before["left"] >= after["joined"]
        ):
            raise where.error("members", f"two spans of one nation overlap ({after['joined']})")


def _sync_members(ctx: LoadContext, where: Where, organization, items):
    if not isinstance(items, list):
        raise where.error("members", "expected a list")
    desired, sources = [], []
    for index, item in enumerate(items):
        here = where.at(f"members[{index}].")
        desired.append(_member_values(ctx, here, organization, item))
        sources.append(ctx.source_ids(here, item.get("sources"), required=False))
    _check_overlaps(where, desired)
    existing = list(organization.memberships.prefetch_related("sources"))
    had_sources = any(row.sources.all() for row in existing)
    sync_children(
        ctx,
        where,
        "memberships",
        Membership,
        {"organization": organization},
        existing,
        desired,
        group="nation_id",
    )
    if any(sources) or had_sources:
        rows = {
            (m.nation_id, m.joined): m for m in organization.memberships.prefetch_related("sources")
        }
        for values, source_ids in zip(desired, sources, strict=True):
            row = rows[(values["nation_id"], values["joined"])]
            sync_m2m(row.sources, [s.pk for s in row.sources.all()], source_ids)
