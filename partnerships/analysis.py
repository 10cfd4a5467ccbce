"""What the catalogue says about nations together: pure data, no HTML.

`relations(a, b)` is everything two nations share; `network(year, kind)` is the
partnership network. Both return plain JSON-ready data (dates as ISO strings), are
computed in a fixed number of queries whatever the data size, and are cached until
the next write to the catalogue (see `cache.py`). The HTML pages and the API
(`/api/v1/relations/<a>/<b>/`, `/api/v1/network/`) render the same dictionaries.
"""

from collections import defaultdict
from itertools import combinations

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse

from .cache import cached
from .models import (
    Engagement,
    EngagementParty,
    Exercise,
    Membership,
    Nation,
    Organization,
    Participation,
    Partnership,
    PartnershipKind,
    PartnershipMember,
    format_date,
)

MIN_YEAR, MAX_YEAR = 1000, 2100


class AnalysisError(ValueError):
    """Bad arguments; `field` names the one at fault, `message` says why."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


# --- spans -------------------------------------------------------------------------------


def _iso(value):
    return value.isoformat() if value else None


def _span(start, start_precision, end, end_precision) -> dict:
    """{"start", "end" (null: still running), "period" (shown at its precision)}."""
    shown_end = format_date(end, end_precision) if end else "present"
    return {
        "start": _iso(start),
        "end": _iso(end),
        "period": f"{format_date(start, start_precision)} – {shown_end}",
    }


def _overlaps(spans_a, spans_b) -> list[dict]:
    """The periods in which a span of a and a span of b both ran."""
    found = []
    for a in spans_a:
        for b in spans_b:
            start = max(a["_start"], b["_start"])
            ends = [end for end in (a["_end"], b["_end"]) if end is not None]
            end = min(ends) if ends else None
            if end is None or end >= start:
                later_start = a if a["_start"] >= b["_start"] else b
                precision_start = later_start["_start_precision"]
                earlier_end = min(
                    (s for s in (a, b) if s["_end"] is not None),
                    key=lambda s: s["_end"],
                    default=None,
                )
                precision_end = earlier_end["_end_precision"] if earlier_end else "day"
                found.append(_span(start, precision_start, end, precision_end))
    return sorted(found, key=lambda span: span["start"])


def _raw_span(start, start_precision, end, end_precision) -> dict:
    return {
        **_span(start, start_precision, end, end_precision),
        "_start": start,
        "_start_precision": start_precision,
        "_end": end,
        "_end_precision": end_precision,
    }


def _public(span: dict) -> dict:
    return {key: value for key, value in span.items() if not key.startswith("_")}


def _nation(nation: Nation) -> dict:
    return {
        "slug": nation.slug,
        "name": nation.name,
        "region": nation.region,
        "url": nation.get_absolute_url(),
    }


# --- relations ---------------------------------------------------------------------------


def relations(a: Nation, b: Nation) -> dict:
    """Everything nations `a` and `b` share, over time.

    Returns::

        {
          "a": {"slug", "name", "region", "url"}, "b": {...},
          "partnerships": [{"slug", "name", "kind", "kind_label", "url", "start", "end", "period",
                            "a": [span, ...], "b": [span, ...], "overlap": [span, ...]}],
          "organizations": [{"slug", "name", "acronym", "url",
                             "a": [span, ...], "b": [span, ...], "overlap": [span, ...]}],
          "exercises": [{"slug", "name", "url", "year", "start", "end", "period",
                         "domain", "domain_label",
                         "roles": {"a": role, "b": role}}],
          "engagements": [{"slug", "name", "url", "kind", "kind_label", "start", "end", "period",
                           "roles": {"a": role, "b": role}}],
          "timeline": [{"kind", "slug", "name", "url", "start", "end", "label"}],
          "counts": {"partnerships", "organizations", "exercises", "engagements"},
        }

    A span is `{"start": "1960-06-23", "end": null, "period": "23 June 1960 – present"}`
    (`end` null while running). Partnerships and organizations are those both nations
    were members of at some time (organizations: full members only); `overlap` lists
    when both were at once and is empty if they never were. Exercises count the lead
    host as a host. The timeline has one entry per shared record, from when both were
    in it (the first overlap; records they never shared at once are left out), sorted
    by date. Raises `AnalysisError` when a and b are the same nation.
    """
    if a.pk == b.pk:
        raise AnalysisError("b", "Choose two different nations.")
    return cached("relations", lambda: _relations(a, b), a=a.pk, b=b.pk)


def _relations(a: Nation, b: Nation) -> dict:
    partnerships = _shared_partnerships(a, b)
    organizations = _shared_organizations(a, b)
    exercises = _shared_exercises(a, b)
    engagements = _shared_engagements(a, b)
    timeline = _timeline(partnerships, organizations, exercises, engagements)
    return {
        "a": _nation(a),
        "b": _nation(b),
        "partnerships": partnerships,
        "organizations": organizations,
        "exercises": exercises,
        "engagements": engagements,
        "timeline": timeline,
        "counts": {
            "partnerships": len(partnerships),
            "organizations": len(organizations),
            "exercises": len(exercises),
            "engagements": len(engagements),
        },
    }


def _split_spans(rows, a, b, start="joined", end="left"):
    """{"a": [...], "b": [...]} raw spans of each nation, from member rows."""
    spans = {"a": [], "b": []}
    for row in rows:
        side = "a" if row.nation_id == a.pk else "b"
        spans[side].append(
            _raw_span(
                getattr(row, start),
                getattr(row, f"{start}_precision"),
                getattr(row, end),
                getattr(row, f"{end}_precision"),
            )
        )
    return spans


def _shared_partnerships(a, b) -> list[dict]:
    members = PartnershipMember.objects.filter(nation__in=[a.pk, b.pk]).order_by("joined")
    queryset = (
        Partnership.objects.involving(a, b)
        .prefetch_related(Prefetch("memberships", queryset=members, to_attr="pair_spans"))
        .order_by("start_date", "name")
    )
    shared = []
    for partnership in queryset:
        spans = _split_spans(partnership.pair_spans, a, b)
        shared.append(
            {
                "slug": partnership.slug,
                "name": partnership.name,
                "kind": partnership.kind,
                "kind_label": partnership.get_kind_display(),
                "url": partnership.get_absolute_url(),
                **_span(
                    partnership.start_date,
                    partnership.start_precision,
                    partnership.end_date,
                    partnership.end_precision,
                ),
                # start/end/period are the span in force; the signature is told apart.
                "signed": _iso(partnership.signed_date),
                "signed_shown": format_date(partnership.signed_date, partnership.signed_precision),
                "a": [_public(span) for span in spans["a"]],
                "b": [_public(span) for span in spans["b"]],
                "overlap": _overlaps(spans["a"], spans["b"]),
            }
        )
    return shared


def _shared_organizations(a, b) -> list[dict]:
    members = Membership.objects.members().filter(nation__in=[a.pk, b.pk]).order_by("joined")
    queryset = (
        Organization.objects.involving(a, b)
        .prefetch_related(Prefetch("memberships", queryset=members, to_attr="pair_spans"))
        .order_by("name")
    )
    shared = []
    for organization in queryset:
        spans = _split_spans(organization.pair_spans, a, b)
        shared.append(
            {
                "slug": organization.slug,
                "name": organization.name,
                "acronym": organization.acronym,
                "url": organization.get_absolute_url(),
                "a": [_public(span) for span in spans["a"]],
                "b": [_public(span) for span in spans["b"]],
                "overlap": _overlaps(spans["a"], spans["b"]),
            }
        )
    return shared


def _takes_part(nation):
    """Exercises the nation took part in or led as host."""
    joined = Participation.objects.filter(exercise=OuterRef("pk"), nation=nation)
    return Q(Exists(joined)) | Q(host=nation)


def _shared_exercises(a, b) -> list[dict]:
    parties = Participation.objects.filter(nation__in=[a.pk, b.pk])
    queryset = (
        Exercise.objects.filter(_takes_part(a))
        .filter(_takes_part(b))
        .prefetch_related(Prefetch("participations", queryset=parties, to_attr="pair_roles"))
        .order_by("start_date", "name")
    )
    shared = []
    for exercise in queryset:
        roles = {"a": None, "b": None}
        for participation in exercise.pair_roles:
            roles["a" if participation.nation_id == a.pk else "b"] = participation.role
        for side, nation in (("a", a), ("b", b)):
            if exercise.host_id == nation.pk:
                roles[side] = "host"
        shared.append(
            {
                "slug": exercise.slug,
                "name": exercise.name,
                "url": exercise.get_absolute_url(),
                "year": exercise.start_date.year,
                "start": _iso(exercise.start_date),
                "end": _iso(exercise.end_date),
                "period": exercise.period,
                "domain": exercise.domain,
                "domain_label": exercise.get_domain_display(),
                "roles": roles,
            }
        )
    return shared


def _shared_engagements(a, b) -> list[dict]:
    parties = EngagementParty.objects.filter(nation__in=[a.pk, b.pk])
    queryset = (
        Engagement.objects.involving(a, b)
        .prefetch_related(Prefetch("parties", queryset=parties, to_attr="pair_roles"))
        .order_by("start_date", "name")
    )
    shared = []
    for engagement in queryset:
        roles = {"a": None, "b": None}
        for party in engagement.pair_roles:
            roles["a" if party.nation_id == a.pk else "b"] = party.role
        shared.append(
            {
                "slug": engagement.slug,
                "name": engagement.name,
                "url": engagement.get_absolute_url(),
                "kind": engagement.kind,
                "kind_label": engagement.get_kind_display(),
                "start": _iso(engagement.start_date),
                "end": _iso(engagement.end_date),
                "period": engagement.period,
                "roles": roles,
            }
        )
    return shared


def _timeline(partnerships, organizations, exercises, engagements) -> list[dict]:
    events = []
    for kind, records in (("partnership", partnerships), ("organization", organizations)):
        for record in records:
            if not record["overlap"]:
                continue
            first = record["overlap"][0]
            events.append(
                {
                    "kind": kind,
                    "slug": record["slug"],
                    "name": record["name"],
                    "url": record["url"],
                    "start": first["start"],
                    "end": record["overlap"][-1]["end"],
                    "label": f"Both members: {first['period']}",
                }
            )
    for kind, records in (("exercise", exercises), ("engagement", engagements)):
        for record in records:
            events.append(
                {
                    "kind": kind,
                    "slug": record["slug"],
                    "name": record["name"],
                    "url": record["url"],
                    "start": record["start"],
                    "end": record["end"],
                    "label": record["period"],
                }
            )
    return sorted(events, key=lambda event: (event["start"], event["kind"], event["name"]))


# --- network -----------------------------------------------------------------------------


def clean_network_arguments(year=None, kind=None) -> tuple[int | None, str | None]:
    """Validate `year` and `kind` as given in a query string; raises `AnalysisError`."""
    if year in (None, ""):
        year = None
    else:
        try:
            year = int(str(year).strip())
        except ValueError:
            raise AnalysisError("year", "Enter a whole year, such as 1995.") from None
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise AnalysisError("year", f"Enter a year between {MIN_YEAR} and {MAX_YEAR}.")
    if kind in (None, ""):
        kind = None
    elif kind not in PartnershipKind.values:
        choices = ", ".join(PartnershipKind.values)
        raise AnalysisError("kind", f"Choose a kind of partnership: {choices}.")
    return year, kind


def network(year: int | None = None, kind: str | None = None) -> dict:
    """The partnership network: who is bound to whom, and by how many partnerships.

    Two nations are linked when both were members of the same partnership (of `kind`,
    when given) in `year` (each one's own membership span covers a day of that year,
    as in `Partnership.objects.involving(a, b, year=year)`), or at any time without a
    year. Returns::

        {
          "year": 1995 | null, "kind": "bilateral" | null, "partnerships": 12,
          "nodes": [{"slug", "name", "region", "url", "degree", "weight"}],
          "edges": [{"source": slug, "target": slug, "weight": 3,
                     "partnerships": [slug, ...]}],
        }

    `degree` is the number of partners, a node's `weight` the sum of its edges' weights
    (shared partnerships, counted once per partner). Nodes are nations with at least one
    edge, by weight then name; edges by weight then slugs (`source` < `target`). One
    query fetches every membership span; pairs are counted in Python (a 59-member
    alliance is 1,711 pairs). Raises `AnalysisError` for a bad year or kind.
    """
    year, kind = clean_network_arguments(year, kind)
    return cached("network", lambda: _network(year, kind), year=year, kind=kind)


def _network(year, kind) -> dict:
    spans = PartnershipMember.objects.all()
    partnerships = Partnership.objects.all()
    if kind:
        partnerships = partnerships.of_kind(kind)
    if year is not None:
        spans = spans.active_in(year)
        partnerships = partnerships.active_in(year)
    rows = spans.filter(partnership__in=partnerships).values_list(
        "partnership__slug", "nation__slug", "nation__name", "nation__region"
    )

    members = defaultdict(set)
    nations = {}
    for partnership, slug, name, region in rows.iterator(chunk_size=5000):
        members[partnership].add(slug)
        nations[slug] = (name, region)

    shared = defaultdict(list)
    for partnership in sorted(members):
        for pair in combinations(sorted(members[partnership]), 2):
            shared[pair].append(partnership)

    degree = defaultdict(int)
    weight = defaultdict(int)
    edges = []
    for (source, target), slugs in shared.items():
        edges.append(
            {"source": source, "target": target, "weight": len(slugs), "partnerships": slugs}
        )
        for slug in (source, target):
            degree[slug] += 1
            weight[slug] += len(slugs)
    edges.sort(key=lambda edge: (-edge["weight"], edge["source"], edge["target"]))

    nodes = [
        {
            "slug": slug,
            "name": nations[slug][0],
            "region": nations[slug][1],
            "url": reverse("partnerships:nation-detail", kwargs={"slug": slug}),
            "degree": degree[slug],
            "weight": weight[slug],
        }
        for slug in degree
    ]
    nodes.sort(key=lambda node: (-node["weight"], node["name"]))
    return {
        "year": year,
        "kind": kind,
        "partnerships": sum(1 for slugs in members.values() if len(slugs) > 1),
        "nodes": nodes,
        "edges": edges,
    }
