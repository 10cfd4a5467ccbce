"""Nations (nations.yaml): ISO codes and official names from pycountry, names from the file.

Only the fields the file speaks for are written, so a later step (COW codes, the UN
admission dates derived from the UN's memberships) is never undone by a reload.
"""

import pycountry
from django.utils.text import slugify

from ..models import Nation, NationAlias, Region
from ..names import normalize_name
from .context import LoadContext, Where, check_keys
from .sync import upsert

FILE = "nations.yaml"
STATE_KEYS = ("iso3", "iso2", "name", "official_name", "region", "subregion", "aliases")
OPTIONAL = ("cow_code", "description")
HISTORICAL_KEYS = ("official_name", "cow_code", "region", "subregion", "aliases", "description")


def _state_values(where: Where, record):
    """Field values of a present-day state: ISO data from pycountry, the rest from the file."""
    iso3 = record["iso3"]
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None and not record.get("iso2"):
        raise where.error("iso3", f"{iso3!r} is not an ISO 3166-1 code; give iso2 and name")
    if country is None and not record.get("name"):
        raise where.error("name", "is required for a state pycountry does not know")
    name = record.get("name") or getattr(country, "common_name", None) or country.name
    official = record.get("official_name") or getattr(country, "official_name", None)
    values = {
        "name": name,
        "official_name": official or (country.name if country else name),
        "iso2": record.get("iso2") or country.alpha_2,
        "iso3": iso3,
        "iso_numeric": country.numeric if country else "",
        "is_historical": False,
    }
    iso_names = [country.name, getattr(country, "common_name", None)] if country else []
    aliases = [*iso_names, values["official_name"], *(record.get("aliases") or [])]
    return values, aliases


def _historical_values(record):
    values = {
        "name": record["name"],
        "official_name": record.get("official_name") or "",
        "iso2": None,
        "iso3": None,
        "iso_numeric": "",
        "is_historical": True,
    }
    return values, [values["official_name"], *(record.get("aliases") or [])]


def _common(where: Where, record, values):
    """Fields both kinds of record share; only those the file gives are written."""
    for key in ("cow_code", "description"):
        if key in record:
            values[key] = record[key] if key == "cow_code" else (record[key] or "")
    for key in ("region", "subregion"):
        values[key] = record.get(key) or ""
    if values["region"] and values["region"] not in Region.values:
        raise where.error("region", f"{values['region']!r} is not one of {Region.values}")
    if slugify(values["name"]) != record["slug"]:
        raise where.error("slug", f"must be slugify(name) = {slugify(values['name'])!r}")
    return values


def _records(ctx: LoadContext):
    path, data = ctx.read(FILE)
    where = Where(ctx.display(path))
    if data is None:
        return []
    if not isinstance(data, dict) or set(data) - {"states", "historical"}:
        raise where.error(None, "expected a mapping with the sections states: and historical:")
    states, historical = data.get("states") or [], data.get("historical") or []
    ctx.unique_slugs(where, [*states, *historical])
    out = []
    for record in states:
        here = Where(where.file, record["slug"])
        check_keys(here, record, required=("slug", "iso3"), optional=STATE_KEYS + OPTIONAL)
        values, aliases = _state_values(here, record)
        out.append((here, record["slug"], _common(here, record, values), aliases))
    for record in historical:
        here = Where(where.file, record["slug"])
        check_keys(here, record, required=("slug", "name"), optional=HISTORICAL_KEYS)
        values, aliases = _historical_values(record)
        out.append((here, record["slug"], _common(here, record, values), aliases))
    return out


def _check_unique(records):
    """Two records with one name or ISO code would hit a database constraint: say which."""
    for key in ("name", "iso2", "iso3"):
        seen = {}
        for where, slug, values, _ in records:
            value = values.get(key)
            if value and value in seen:
                raise where.error(key, f"{value!r} is also used by {seen[value]!r}")
            seen[value] = slug


def load(ctx: LoadContext):
    records = _records(ctx)
    _check_unique(records)
    existing = dict(ctx.nations)
    nations = {}
    for where, slug, values, _ in records:
        nations[slug] = upsert(
            ctx, where, "nations", Nation, existing, slug, values, exclude=["un_member_since"]
        )
    ctx.forget_nations()
    _add_aliases(ctx, records, nations)


def _add_aliases(ctx: LoadContext, records, nations):
    """Add the aliases the file implies; aliases from elsewhere (importers) are kept."""
    current = {
        alias.normalized: alias.nation_id
        for alias in NationAlias.objects.only("normalized", "nation")
    }
    wanted = {}
    for where, slug, _values, aliases in records:
        nation = nations[slug]
        own = normalize_name(nation.name)
        for name in aliases:
            key = normalize_name(name or "")
            if not key or key == own:
                continue
            owner = wanted.get(key, (None, current.get(key)))[1]
            if owner is not None and owner != nation.pk:
                raise where.error("aliases", f"{name!r} is already an alias of another nation")
            wanted[key] = (name, nation.pk)
    new = [
        NationAlias(nation_id=pk, name=name, normalized=key)
        for key, (name, pk) in wanted.items()
        if key not in current
    ]
    NationAlias.objects.bulk_create(new)
    ctx.report.add("nation aliases", "created", len(new))
    ctx.report.add("nation aliases", "unchanged", len(wanted) - len(new))


def derive_un_member_since(ctx: LoadContext):
    """Set each nation's `un_member_since` from its earliest UN membership, if the UN is loaded.

    The admission dates are kept once, in organizations.yaml; this copies them onto the
    nation so pages and filters need no join.
    """
    from ..models import Membership

    if "un" not in ctx.organizations:
        return
    first = {}
    for nation_id, joined in (
        Membership.objects.members()
        .filter(organization__slug="un")
        .order_by("joined")
        .values_list("nation_id", "joined")
    ):
        first.setdefault(nation_id, joined)
    # A state that holds on its predecessor's seat (Russia the Soviet Union's) is dated, as
    # the UN dates it, by the predecessor's admission.
    for slug, predecessor in _un_seat_predecessors(ctx).items():
        nation, before = ctx.nations.get(slug), ctx.nations.get(predecessor)
        if nation and before and before.pk in first and nation.pk in first:
            first[nation.pk] = min(first[nation.pk], first[before.pk])
    changed = [
        nation
        for nation in Nation.objects.filter(pk__in=first)
        if nation.un_member_since != first[nation.pk]
    ]
    for nation in changed:
        nation.un_member_since = first[nation.pk]
        nation.save(update_fields=["un_member_since", "updated_at"])
    ctx.report.add("UN admission dates", "updated", len(changed))
    ctx.report.add("UN admission dates", "unchanged", len(first) - len(changed))


def _un_seat_predecessors(ctx: LoadContext):
    """{nation slug: predecessor slug} from the UN's members marked `continues`."""
    _, records = ctx.records("organizations.yaml")
    un = next((r for r in records if isinstance(r, dict) and r.get("slug") == "un"), {})
    return {
        item["nation"]: item["continues"]
        for item in un.get("members") or []
        if isinstance(item, dict) and item.get("continues")
    }
