"""Nation-years: per nation and year, the alliances in force (by what the nation itself
undertook), its organizations, and the exercises it joined and hosted.

Alliances are the dyad-years' ties (`dyadyears.year_answers`: a partnership counts in a
year when the nation and another member certainly shared a day of it with an obligation
in force); organizations are full memberships that certainly cover a day of the year;
an exercise counts in every year it ran. A nation has a row in each year of its statehood
(COW) and in any other year with one of these. Rows name the state that was the member,
as the dyad-years do.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..models import (
    OBLIGATION_FIELDS,
    Exercise,
    Membership,
    MembershipStatus,
    Organization,
    Participation,
    ParticipationRole,
    Statehood,
)
from ..timespans import Level, Span, meet, year_window
from .dyadyears import continued_pairs, instruments, year_answers
from .participations import exercise_years

COLUMNS = [
    "year", "nation", "cow", "iso3", "region", "alliances", "allies", *OBLIGATION_FIELDS,
    "organizations", "exercises", "hosted", "sources",
]  # fmt: skip


class _Year:
    __slots__ = (
        "alliances",
        "allies",
        "exercises",
        "hosted",
        "organizations",
        "pledges",
        "sources",
    )

    def __init__(self):
        self.alliances, self.allies = set(), set()
        self.pledges = {name: set() for name in OBLIGATION_FIELDS}
        self.organizations, self.exercises, self.hosted = set(), set(), set()
        self.sources = set()


def _statehood_years(ids, first, last) -> dict[int, set[int]]:
    years = defaultdict(set)
    for pk, start, end in Statehood.objects.filter(nation_id__in=ids).values_list(
        "nation_id", "start_date", "end_date"
    ):
        years[pk].update(range(max(start.year, first), min(end.year if end else last, last) + 1))
    return years


def _organization_years(ids, first, last) -> dict[tuple[int, int], _Year]:
    found = defaultdict(_Year)
    cited = defaultdict(set)
    for pk, slug in Organization.sources.through.objects.values_list(
        "organization_id", "source__slug"
    ):
        cited[pk].add(slug)
    memberships = Membership.objects.filter(nation_id__in=ids, status=MembershipStatus.MEMBER)
    for membership in memberships.only(
        "nation_id", "organization_id", "joined", "joined_precision", "joined_latest",
        "left", "left_precision", "left_latest",
    ):  # fmt: skip
        span = Span.of(membership)
        end = (span.latest_end or span.start).year if span.end else last
        for year in range(max(span.start.year, first), min(end, last) + 1):
            if meet(span, window=year_window(year)) == Level.YES:
                entry = found[(membership.nation_id, year)]
                entry.organizations.add(membership.organization_id)
                entry.sources.update(cited[membership.organization_id])
    return found


def _exercise_years(ids, first, last, found) -> None:
    cited = defaultdict(set)
    for pk, slug in Exercise.sources.through.objects.values_list("exercise_id", "source__slug"):
        cited[pk].add(slug)
    rows = Participation.objects.filter(nation_id__in=ids).values_list(
        "nation_id", "exercise_id", "role", "exercise__start_date", "exercise__end_date"
    )
    hosts = Exercise.objects.filter(host_id__in=ids).values_list(
        "host_id", "pk", "start_date", "end_date"
    )
    every = [*rows, *((n, e, ParticipationRole.HOST.value, s, t) for n, e, s, t in hosts)]
    for nation_id, exercise_id, role, start, end in every:
        for year in exercise_years(start, end, first, last):
            entry = found[(nation_id, year)]
            entry.exercises.add(exercise_id)
            if role == ParticipationRole.HOST:
                entry.hosted.add(exercise_id)
            entry.sources.update(cited[exercise_id])


def nation_years(nations, first: int, last: int) -> Iterator[dict]:
    """Row dicts (COLUMNS) for the nations of this queryset, by year then nation slug."""
    states = {
        pk: (slug, cow, iso3, region)
        for pk, slug, cow, iso3, region in nations.values_list(
            "pk", "slug", "cow_code", "iso3", "region"
        )
    }
    ids = list(states)
    statehood = _statehood_years(ids, first, last)
    found = _organization_years(ids, first, last)
    _exercise_years(ids, first, last, found)
    loaded = instruments()
    skip = continued_pairs(sorted({pk for each in loaded for pk in each.spans}))
    for year in range(first, last + 1):
        for a, b, instrument, answer in year_answers(year, loaded, skip):
            for side, (pk, partner) in enumerate(((a, b), (b, a))):
                if pk not in states:
                    continue
                entry = found[(pk, year)]
                entry.alliances.add(instrument.slug)
                entry.allies.add(partner)
                entry.sources.update(instrument.sources)
                for name in answer.obligations[side]:
                    entry.pledges[name].add(instrument.slug)
        present = [pk for pk in ids if (pk, year) in found or year in statehood.get(pk, ())]
        for pk in sorted(present, key=lambda pk: states[pk][0]):
            entry = found.pop((pk, year), None) or _Year()
            slug, cow, iso3, region = states[pk]
            yield {
                "year": year,
                "nation": slug,
                "cow": cow,
                "iso3": iso3,
                "region": region,
                "alliances": len(entry.alliances),
                "allies": len(entry.allies),
                **{name: len(entry.pledges[name]) for name in OBLIGATION_FIELDS},
                "organizations": len(entry.organizations),
                "exercises": len(entry.exercises),
                "hosted": len(entry.hosted),
                "sources": sorted(entry.sources),
            }
