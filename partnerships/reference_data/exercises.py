"""Exercise series and their editions with participants (exercises.yaml)."""

from decimal import Decimal

from ..models import (
    Domain,
    Exercise,
    ExerciseSeries,
    Focus,
    Participation,
    ParticipationRole,
)
from .context import LoadContext, Where, check_keys
from .sync import sync_children, sync_m2m, upsert

FILE = "exercises.yaml"
SERIES_REQUIRED = ("name", "slug", "sources")
SERIES_OPTIONAL = (
    "description",
    "domain",
    "domains",
    "lead_nation",
    "organization",
    "first_held",
    "frequency",
)
EDITION_REQUIRED = ("name", "slug", "start")
EDITION_OPTIONAL = (
    "end",
    "host",
    "domain",
    "domains",
    "focus",
    "location",
    "lat",
    "lon",
    "organizations",
    "description",
    "sources",
    "participants",
    "unknown_participants",
    "mme_id",
)
PARTICIPANT_KEYS = ("role", "contribution")
NAMES = {
    "start_date": "start",
    "start_precision": "start",
    "end_date": "end",
    "end_precision": "end",
    "latitude": "lat",
    "longitude": "lon",
    "series": "series",
    "host": "host",
}


def _pk(instance):
    return instance.pk if instance is not None else None


def _choice(where: Where, record, key, choices, default=""):
    value = record.get(key) or default
    if value and value not in choices.values:
        raise where.error(key, f"{value!r} is not one of {choices.values}")
    return value


def _coordinate(where: Where, record, key):
    value = record.get(key)
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        raise where.error(key, f"{value!r} is not a number") from None


def _series_values(ctx: LoadContext, where: Where, record):
    first_held = record.get("first_held")
    if first_held is not None and not isinstance(first_held, int):
        raise where.error("first_held", "is a year, e.g. 1971")
    return {
        "name": record["name"],
        "description": (record.get("description") or "").strip(),
        "domain": _choice(where, record, "domain", Domain),
        "lead_nation_id": _pk(
            record.get("lead_nation") and ctx.nation(where, "lead_nation", record["lead_nation"])
        ),
        "organization_id": _pk(ctx.organization(where, "organization", record.get("organization"))),
        "first_held": first_held,
        "frequency": record.get("frequency") or "",
    }


def _edition_values(ctx: LoadContext, where: Where, record, series, series_domains=None):
    start, start_precision = where.date(record, "start")
    end, end_precision = where.date(record, "end")
    where.in_order(start, end, end_precision=end_precision)
    domain = _choice(where, record, "domain", Domain, default=series.domain if series else "")
    if not domain:
        raise where.error("domain", "is required (the series gives none)")
    return {
        "name": record["name"],
        "series_id": _pk(series),
        "start_date": start,
        "start_precision": start_precision,
        "end_date": end,
        "end_precision": end_precision,
        "host_id": _pk(record.get("host") and ctx.nation(where, "host", record["host"])),
        "domain": domain,
        "other_domains": _other_domains(where, record, series_domains, domain),
        "focus": _choice(where, record, "focus", Focus),
        "location": record.get("location") or "",
        "latitude": _coordinate(where, record, "lat"),
        "longitude": _coordinate(where, record, "lon"),
        "description": (record.get("description") or "").strip(),
        "mme_id": _mme_id(record.get("mme_id")),
        "unknown_participants": _unnamed(where, record),
    }


def _other_domains(where: Where, record, series_domains, domain):
    """`domains: [maritime, land]` beside the main `domain`, the series' when not given."""
    domains = record.get("domains")
    if domains is None:
        domains = series_domains
    domains = domains or []
    if not isinstance(domains, list) or any(d not in Domain.values for d in domains):
        raise where.error("domains", f"is a list of domains out of {Domain.values}")
    return ",".join(d for d in dict.fromkeys(domains) if d != domain)


def _unnamed(where: Where, record):
    """Participants the sources count but do not name: above zero, the list is partial."""
    value = record.get("unknown_participants") or 0
    if not isinstance(value, int) or value < 0:
        raise where.error("unknown_participants", "is a whole number of unnamed participants")
    return value


def _mme_id(value):
    """The MME id as MME publishes it ("mme87"); a bare number (87) is read as that id."""
    if value is None or value == "":
        return None
    return f"mme{value}" if isinstance(value, int) else str(value).strip()


def _participants(ctx: LoadContext, where: Where, items):
    if not isinstance(items, list):
        raise where.error("participants", "expected a list")
    desired, seen = [], set()
    for index, item in enumerate(items):
        here = where.at(f"participants[{index}].")
        if isinstance(item, str):
            item = {"nation": item}
        check_keys(here, item, required=("nation",), optional=PARTICIPANT_KEYS)
        nation = ctx.nation(here, "nation", item["nation"])
        if nation.pk in seen:
            raise here.error("nation", f"{nation.slug!r} is listed twice")
        seen.add(nation.pk)
        desired.append(
            {
                "nation_id": nation.pk,
                "role": _choice(here, item, "role", ParticipationRole, "participant"),
                "contribution": item.get("contribution") or "",
            }
        )
    return desired


def _organization_ids(ctx: LoadContext, where: Where, slugs):
    if not isinstance(slugs, list):
        raise where.error("organizations", "expected a list")
    return [ctx.organization(where, f"organizations[{i}]", s).pk for i, s in enumerate(slugs)]


def load(ctx: LoadContext):
    file_where, entries = ctx.records(FILE)
    for index, entry in enumerate(entries):
        check_keys(
            Where(file_where.file, None, f"[{index}]."),
            entry,
            required=("series",),
            optional=("editions",),
        )
    ctx.unique_slugs(file_where, [e["series"] for e in entries])
    ctx.unique_slugs(file_where, [ed for e in entries for ed in e.get("editions") or []])
    all_series = {s.slug: s for s in ExerciseSeries.objects.prefetch_related("sources")}
    exercises = {
        e.slug: e
        for e in Exercise.objects.prefetch_related("sources", "organizations", "participations")
    }
    series_sources = {s.pk: [x.pk for x in s.sources.all()] for s in all_series.values()}
    for entry in entries:
        record = entry["series"]
        where = Where(file_where.file, record["slug"])
        check_keys(where, record, required=SERIES_REQUIRED, optional=SERIES_OPTIONAL)
        values = _series_values(ctx, where, record)
        source_ids = ctx.source_ids(where, record.get("sources"))
        series = upsert(
            ctx, where, "exercise series", ExerciseSeries, all_series, record["slug"], values
        )
        sync_m2m(series.sources, series_sources.get(series.pk, []), source_ids)
        for edition in entry.get("editions") or []:
            _load_edition(ctx, file_where, edition, series, exercises, record.get("domains"))


def _load_edition(ctx: LoadContext, file_where: Where, record, series, exercises, domains):
    where = Where(file_where.file, record["slug"])
    check_keys(where, record, required=EDITION_REQUIRED, optional=EDITION_OPTIONAL)
    values = _edition_values(ctx, where, record, series, domains)
    # An edition may rely on its series' sources; the series always cites one.
    source_ids = ctx.source_ids(where, record.get("sources"), required=False)
    organization_ids = _organization_ids(ctx, where, record.get("organizations") or [])
    desired = _participants(ctx, where, record.get("participants") or [])
    is_new = record["slug"] not in exercises
    exercise = upsert(
        ctx, where, "exercises", Exercise, exercises, record["slug"], values, names=NAMES
    )
    if is_new:
        current_sources, current_orgs, current_rows = [], [], []
    else:
        current_sources = [s.pk for s in exercise.sources.all()]
        current_orgs = [o.pk for o in exercise.organizations.all()]
        current_rows = exercise.participations.all()
    sync_m2m(exercise.sources, current_sources, source_ids)
    sync_m2m(exercise.organizations, current_orgs, organization_ids)
    sync_children(
        ctx,
        where,
        "participants",
        Participation,
        {"exercise": exercise},
        current_rows,
        desired,
        group="nation_id",
    )
