"""Exercise-participations: one row per exercise, participant nation and year it ran (the
shape troopdata gives MME), for the exercises a FilterSet selected.

An exercise ran in every year from its start to its end (an open or missing end: its start
year only). The lead host (`Exercise.host`) is a row with the role `host` when it is not
listed among the participants. Rows come in exercise order (start date, slug), a chunk of
exercises at a time: three queries per chunk, whatever its participants.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..models import Exercise, Participation, ParticipationRole

COLUMNS = [
    "exercise", "mme_id", "year", "nation", "cow", "iso3", "role", "series", "domain",
    "focus", "location", "latitude", "longitude", "sources",
]  # fmt: skip
CHUNK = 500

_EXERCISE = (
    "pk", "slug", "mme_id", "start_date", "end_date", "series__slug", "series_id", "domain",
    "focus", "location", "latitude", "longitude", "host__slug", "host__cow_code",
    "host__iso3", "host_id",
)  # fmt: skip


def exercise_years(start, end, first: int, last: int) -> range:
    """The years an exercise ran within first..last."""
    return range(max(start.year, first), min((end or start).year, last) + 1)


def _sources(exercise_ids, series_ids) -> tuple[dict, dict]:
    """Source slugs per exercise and per series (an exercise may rely on its series')."""
    own, series = defaultdict(set), defaultdict(set)
    through = Exercise.sources.through.objects.filter(exercise_id__in=exercise_ids)
    for pk, slug in through.values_list("exercise_id", "source__slug"):
        own[pk].add(slug)
    from ..models import ExerciseSeries

    through = ExerciseSeries.sources.through.objects.filter(exerciseseries_id__in=series_ids)
    for pk, slug in through.values_list("exerciseseries_id", "source__slug"):
        series[pk].add(slug)
    return own, series


def participations(exercises, first: int, last: int) -> Iterator[dict]:
    """Row dicts (COLUMNS) for the exercises of this queryset that ran in first..last."""
    exercises = exercises.order_by("start_date", "slug", "pk").values_list(*_EXERCISE)
    offset = 0
    while True:
        chunk = list(exercises[offset : offset + CHUNK])
        if not chunk:
            return
        offset += CHUNK
        ids = [row[0] for row in chunk]
        parties = defaultdict(list)
        rows = Participation.objects.filter(exercise_id__in=ids).order_by("nation__slug")
        for exercise_id, *party in rows.values_list(
            "exercise_id", "nation_id", "nation__slug", "nation__cow_code", "nation__iso3", "role"
        ):
            parties[exercise_id].append(party)
        own, of_series = _sources(ids, {row[6] for row in chunk if row[6]})
        for row in chunk:
            yield from _rows(row, parties[row[0]], own[row[0]] | of_series[row[6]], first, last)


def _rows(exercise, parties, sources, first, last):
    (_, slug, mme_id, start, end, series, _series_id, domain, focus, location, lat, lon,
     host, host_cow, host_iso3, host_id) = exercise  # fmt: skip
    if host_id is not None and all(party[0] != host_id for party in parties):
        parties = [*parties, (host_id, host, host_cow, host_iso3, ParticipationRole.HOST.value)]
        parties.sort(key=lambda party: party[1])
    cited = sorted(sources)
    for year in exercise_years(start, end, first, last):
        for _, nation, cow, iso3, role in parties:
            yield {
                "exercise": slug,
                "mme_id": mme_id,
                "year": year,
                "nation": nation,
                "cow": cow,
                "iso3": iso3,
                "role": role,
                "series": series,
                "domain": domain,
                "focus": focus,
                "location": location,
                "latitude": float(lat) if lat is not None else None,
                "longitude": float(lon) if lon is not None else None,
                "sources": cited,
            }
