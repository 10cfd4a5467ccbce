"""What the catalogue says about nations together: pure data, no HTML.

`relations(a, b)` is everything two nations share; `network(year, kind)` is the
partnership network. When spans meet is the one rule of `timespans.py`; a nation counts
with the states it continues (`Nation.objects.lineages`). Both return plain JSON-ready data
(dates as ISO strings), are
computed in a fixed number of queries whatever the data size, and are cached until
the next write to the catalogue (see `cache.py`). The HTML pages and the API
(`/api/v1/relations/<a>/<b>/`, `/api/v1/network/`) render the same dictionaries.
"""

from collections import defaultdict
from itertools import combinations

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse

from .cache import cached
from .date_precision import MAX_YEAR, MIN_YEAR
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
from .timespans import Level, Span, meet, year_window


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


def _raw_span(row, start="joined", end="left", through=None) -> dict:
    """A member row's span as shown, with its bounds (`_span`) and state (`_nation`) kept
    for the overlap and left out of the result (`_public`)."""
    span = Span.of(row, start, end)
    return {
        **_span(span.start, span.start_precision, span.end, span.end_precision),
        "through": through,
        "_span": span,
        "_nation": row.nation_id,
    }


def _overlaps(spans_a, spans_b) -> list[dict]:
    """When a span of a and a span of b (of two different states) may both have run; each
    overlap says whether they certainly did (`certain`), by the rule of timespans.py."""
    found = []
    for a in spans_a:
        for b in spans_b:
            if a["_nation"] == b["_nation"]:
                continue
            both = (a["_span"], b["_span"])
            level = meet(*both)
            if level == Level.NO:
                continue
            # Shown from the later start to the earlier end, each at its own precision.
            first = max(both, key=lambda span: (span.earliest_start, span.latest_start))
            ended = [span for span in both if span.end is not None]
            last = min(ended, key=lambda span: (span.latest_end, span.end)) if ended else None
            found.append(
                {
                    **_span(
                        first.start,
                        first.start_precision,
                        last.end if last else None,
                        last.end_precision if last else "day",
                    ),
                    "certain": level == Level.YES,
                }
            )
    return sorted(found, key=lambda span: span["start"])


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

    A member's span is `{"start": "1960-06-23", "end": null, "period": "23 June 1960 –
    present", "through": null}` (`end` null while running; `through` names the state that
    was the member when it is one the nation continues, `{"slug": "west-germany", "name":
    "West Germany"}` for Germany). Each nation counts with the states it continues.
    Partnerships and organizations are those both nations were members of at some time
    (organizations: full members only); `overlap` lists when both were at once (a span with
    `certain`: false when only dates known to the month or year let them meet) and is
    empty if they never were. Exercises count the lead host as a host. The timeline has
    one entry per shared record, from when both were in it (the first overlap; records
    they never shared at once are left out), sorted by date. Raises `AnalysisError` when
    a and b are the same nation.
    """
    if a.pk == b.pk:
        raise AnalysisError("b", "Choose two different nations.")
    return cached("relations", lambda: _relations(a, b), a=a.pk, b=b.pk)


def _relations(a: Nation, b: Nation) -> dict:
    lineage = dict(zip(("a", "b"), Nation.objects.lineages([a.pk, b.pk]), strict=True))
    partnerships = _shared_partnerships(a, b, lineage)
    organizations = _shared_organizations(a, b, lineage)
    exercises = _shared_exercises(a, b, lineage)
    engagements = _shared_engagements(a, b, lineage)
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


def _split_spans(rows, lineage, asked) -> dict:
    """{"a": [...], "b": [...]} raw spans of each side (a nation and the states it
    continues), from member rows with their nation."""
    spans = {"a": [], "b": []}
    for row in rows:
        for side in ("a", "b"):
            if row.nation_id in lineage[side]:
                through = None
                if row.nation_id != asked[side].pk:
                    through = {"slug": row.nation.slug, "name": row.nation.name}
                spans[side].append(_raw_span(row, through=through))
    return spans


def _sides(rows, lineage, asked) -> dict:
    spans = _split_spans(rows, lineage, asked)
    return {
        "a": [_public(span) for span in spans["a"]],
        "b": [_public(span) for span in spans["b"]],
        "overlap": _overlaps(spans["a"], spans["b"]),
    }


def _both(lineage) -> list[int]:
    return [*lineage["a"], *lineage["b"]]


def _shared_partnerships(a, b, lineage) -> list[dict]:
    members = (
        PartnershipMember.objects.filter(nation__in=_both(lineage))
        .select_related("nation")
        .order_by("joined")
    )
    queryset = (
        Partnership.objects.involving(a, b)
        .prefetch_related(Prefetch("memberships", queryset=members, to_attr="pair_spans"))
        .order_by("start_date", "name")
    )
    shared = []
    for partnership in queryset:
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
                **_sides(partnership.pair_spans, lineage, {"a": a, "b": b}),
            }
        )
    return shared


def _shared_organizations(a, b, lineage) -> list[dict]:
    members = (
        Membership.objects.members()
        .filter(nation__in=_both(lineage))
        .select_related("nation")
        .order_by("joined")
    )
    queryset = (
        Organization.objects.involving(a, b)
        .prefetch_related(Prefetch("memberships", queryset=members, to_attr="pair_spans"))
        .order_by("name")
    )
    shared = []
    for organization in queryset:
        shared.append(
            {
                "slug": organization.slug,
                "name": organization.name,
                "acronym": organization.acronym,
                "url": organization.get_absolute_url(),
                **_sides(organization.pair_spans, lineage, {"a": a, "b": b}),
            }
        )
    return shared


def _takes_part(nation_ids):
    """Exercises one of these states took part in or led as host."""
    joined = Participation.objects.filter(exercise=OuterRef("pk"), nation__in=nation_ids)
    return Q(Exists(joined)) | Q(host__in=nation_ids)


def _roles(rows, lineage) -> dict:
    roles = {"a": None, "b": None}
    for row in rows:
        for side in ("a", "b"):
            if row.nation_id in lineage[side]:
                roles[side] = row.role
    return roles


def _shared_exercises(a, b, lineage) -> list[dict]:
    parties = Participation.objects.filter(nation__in=_both(lineage))
    queryset = (
        Exercise.objects.filter(_takes_part(lineage["a"]))
        .filter(_takes_part(lineage["b"]))
        .prefetch_related(Prefetch("participations", queryset=parties, to_attr="pair_roles"))
        .order_by("start_date", "name")
    )
    shared = []
    for exercise in queryset:
        roles = _roles(exercise.pair_roles, lineage)
        for side in ("a", "b"):
            if exercise.host_id in lineage[side]:
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


def _shared_engagements(a, b, lineage) -> list[dict]:
    parties = EngagementParty.objects.filter(nation__in=_both(lineage))
    queryset = (
        Engagement.objects.involving(a, b)
        .prefetch_related(Prefetch("parties", queryset=parties, to_attr="pair_roles"))
        .order_by("start_date", "name")
    )
    shared = []
    for engagement in queryset:
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
                "roles": _roles(engagement.pair_roles, lineage),
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
            maybe = "" if first["certain"] else " (perhaps: dates known only to the month or year)"
            events.append(
                {
                    "kind": kind,
                    "slug": record["slug"],
                    "name": record["name"],
                    "url": record["url"],
                    "start": first["start"],
                    "end": record["overlap"][-1]["end"],
                    "label": f"Both members: {first['period']}{maybe}",
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


def _members_at_once(by_nation: dict, year) -> list[tuple[str, str]]:
    """Pairs of a partnership's nations (slugs, in order) that were members at once in the
    year, certainly; any two members when there is no year."""
    pairs = combinations(sorted(by_nation), 2)
    if year is None:
        return list(pairs)
    window = year_window(year)
    return [
        (a, b)
        for a, b in pairs
        if any(
            meet(span_a, span_b, window=window) == Level.YES
            for span_a in by_nation[a]
            for span_b in by_nation[b]
        )
    ]


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
    when given) on a common day of `year` (certainly, by the rule of timespans.py, as in
    `Partnership.objects.involving(a, b, year=year)`), or at any time without a year.
    Nodes are the states that were the members (West Germany in 1970, not Germany).
    Returns::

        {
          "year": 1995 | null, "kind": "bilateral" | null, "partnerships": 12,
          "nodes": [{"slug", "name", "region", "cow", "iso3", "url", "degree", "weight"}],
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
        "partnership__slug",
        "nation__slug",
        "nation__name",
        "nation__region",
        "nation__cow_code",
        "nation__iso3",
        "joined",
        "joined_precision",
        "left",
        "left_precision",
    )

    spans_of = defaultdict(lambda: defaultdict(list))  # partnership -> nation -> spans
    nations = {}
    for partnership, slug, name, region, cow, iso3, *dates in rows.iterator(chunk_size=5000):
        spans_of[partnership][slug].append(Span(*dates))
        nations[slug] = (name, region, cow, iso3)
    members = {p: _members_at_once(by_nation, year) for p, by_nation in spans_of.items()}

    shared = defaultdict(list)
    for partnership in sorted(members):
        for pair in members[partnership]:
            shared[pair].append(partnership)

    degree = defaultdict(int)
    weight = defaultdict(int)
    edges = []
    for (source, target), slugs in shared.items():
        edges.append(
            {
                "source": source,
                "target": target,
                "weight": len(slugs),
                "partnerships": slugs,
            }
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
            "cow": nations[slug][2],
            "iso3": nations[slug][3],
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
        "partnerships": sum(1 for pairs in members.values() if pairs),
        "nodes": nodes,
        "edges": edges,
    }
