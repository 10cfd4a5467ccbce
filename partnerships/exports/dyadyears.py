"""Dyad-years: every pair of states allied in a year, with what they had undertaken.

A pair appears in year Y when `alliances.instrument_answer` calls a partnership "yes" for
the two member states and Y (and, asked for, "uncertain" too, with `certain` 0), so the
rows of a year are exactly the pairs `/api/v1/allied/` answers yes for, named by the
states that were the members (West Germany in 1962, not Germany): succession answers
questions about a continuing state, it does not copy rows.

Everything is read in a fixed number of queries (partnerships with an obligation, their
member spans and phases, their sources, the nations); rows are then made one year at a
time, so memory holds one year's pairs whatever the range.
"""

from __future__ import annotations

import datetime
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import combinations

from django.db.models import Prefetch

from ..alliances import UNCERTAIN, YES, Instrument, instrument_answer, member_span
from ..alliances import covered_until as coverage_of
from ..models import OBLIGATION_FIELDS, Nation, Partnership, PartnershipMember

COLUMNS = [
    "year", "a", "b", "a_cow", "b_cow", "a_iso3", "b_iso3",
    *OBLIGATION_FIELDS, "instruments", "sources",
]  # fmt: skip
LIST_COLUMNS = ("instruments", "sources")  # lists in JSON, ";"-joined in CSV


@dataclass(frozen=True)
class DyadQuery:
    first: int
    last: int
    nations: tuple = ()  # Nation rows: pairs involving any of them (with states they continue)
    dataset: str = ""
    obligation: str = ""
    directed: bool = False
    uncertain: bool = False

    @property
    def columns(self) -> list[str]:
        return [*COLUMNS, "certain"] if self.uncertain else list(COLUMNS)


@dataclass
class Loaded:
    instrument: Instrument
    slug: str
    sources: list[str]
    spans: dict[int, list]  # nation id -> MemberSpans
    first_year: int
    last_year: int | None  # None: open
    breakpoints: tuple[int, ...] = ()  # years holding a bound of any span, phase or coverage
    _run: object = None
    _found: list = field(default_factory=list)
    _pairs: list | None = None

    def run_of(self, year: int):
        """Years between two breakpoints compare alike with every bound (each bound lies
        before or after all of them), so the rule answers each pair alike in all of them:
        the pairs are asked once per run of years, not once per year."""
        index = bisect_left(self.breakpoints, year)
        if index < len(self.breakpoints) and self.breakpoints[index] == year:
            return ("at", year)
        return ("between", index)

    def found_in(self, year: int, wanted: tuple, skip) -> list:
        """(a, b, self, answer) of the member pairs whose answer in the year is wanted."""
        key = (self.run_of(year), wanted)
        if key != self._run:
            if self._pairs is None:
                ids = sorted(self.spans)
                self._pairs = [
                    (a, b) for a, b in combinations(ids, 2) if frozenset((a, b)) not in skip
                ]
            self._run, self._found = key, []
            for a, b in self._pairs:
                answer = instrument_answer(self.instrument, self.spans[a], self.spans[b], year)
                if answer.answer in wanted:
                    self._found.append((a, b, self, answer))
        return self._found


def _breakpoints(spans, covered) -> tuple[int, ...]:
    years = {covered.year} if covered else set()
    for member in spans:
        for span in (member.span, *(phase.span for phase in member.phases)):
            years.update((span.start.year, span.latest_start.year))
            if span.end is not None:
                years.update((span.end.year, span.latest_end.year))
    return tuple(sorted(years))


def _year_range(spans) -> tuple[int, int | None]:
    first = min(span.span.start.year for span in spans)
    if any(span.span.end is None for span in spans):
        return first, None
    return first, max(span.span.latest_end.year for span in spans)


def instruments(dataset: str = "", obligation: str = "") -> list[Loaded]:
    """Every partnership with some obligation, with its member spans and sources: four
    queries (partnerships, members, their phases, sources)."""
    partnerships = Partnership.objects.with_any_obligation()
    if dataset:
        partnerships = partnerships.from_dataset(dataset)
    if obligation:  # no member can have pledged what the partnership never records
        partnerships = partnerships.with_obligation(obligation)
    members = PartnershipMember.objects.only(
        "partnership_id", "nation_id", "joined", "joined_precision", "joined_latest",
        "left", "left_precision", "left_latest",
    ).prefetch_related("obligation_periods")  # fmt: skip
    partnerships = partnerships.order_by("pk").prefetch_related(
        Prefetch("memberships", queryset=members, to_attr="spans"),
        Prefetch("sources", to_attr="cited"),
    )
    loaded = []
    for partnership in partnerships:
        if not partnership.spans:
            continue
        spans = defaultdict(list)
        for member in partnership.spans:
            spans[member.nation_id].append(member_span(member))
        every = [span for group in spans.values() for span in group]
        first, last = _year_range(every)
        covered = coverage_of(partnership)
        loaded.append(
            Loaded(
                Instrument(partnership.pk, frozenset(partnership.obligation_names), covered),
                partnership.slug,
                sorted(source.slug for source in partnership.cited),
                dict(spans),
                first,
                last,
                _breakpoints(every, covered),
            )
        )
    return loaded


def _nations() -> dict[int, tuple[str, int | None, str | None]]:
    return {
        pk: (slug, cow, iso3)
        for pk, slug, cow, iso3 in Nation.objects.values_list("pk", "slug", "cow_code", "iso3")
    }


def continued_pairs(ids) -> set[frozenset]:
    """Pairs of a state and one it continues: never a dyad."""
    return {
        frozenset((pk, predecessor))
        for pk, lineage in zip(ids, Nation.objects.lineages(list(ids)), strict=True)
        for predecessor in lineage
        if predecessor != pk
    }


class _Pair:
    """What a pair had in a year, over its instruments: per side, in the pair's order. The
    first instrument's lists are kept as they are; a second one makes them sets."""

    __slots__ = ("certain", "instruments", "merged", "obligations", "sources")

    def __init__(self, certain, answer, loaded):
        self.certain = certain
        self.obligations = answer.obligations
        self.instruments = (loaded.slug,)
        self.sources = loaded.sources
        self.merged = False

    def add(self, answer, loaded):
        if not self.merged:
            self.obligations = (set(self.obligations[0]), set(self.obligations[1]))
            self.instruments, self.sources = set(self.instruments), set(self.sources)
            self.merged = True
        self.obligations[0].update(answer.obligations[0])
        self.obligations[1].update(answer.obligations[1])
        self.instruments.add(loaded.slug)
        self.sources.update(loaded.sources)


def year_answers(year: int, instruments: list[Loaded], skip, *, uncertain=False):
    """(a id, b id, instrument, InstrumentAnswer) of every member pair answering yes (and
    uncertain, asked for) in the year; a < b by id. "unknown" (past the coverage of its
    only sources) is never one."""
    wanted = (YES, UNCERTAIN) if uncertain else (YES,)
    for loaded in instruments:
        if loaded.first_year > year or (loaded.last_year is not None and loaded.last_year < year):
            continue
        yield from loaded.found_in(year, wanted, skip)


def _year_pairs(year: int, instruments: list[Loaded], query: DyadQuery, skip) -> dict:
    found: dict[tuple[int, int], _Pair] = {}
    for a, b, loaded, answer in year_answers(year, instruments, skip, uncertain=query.uncertain):
        certain = answer.answer == YES
        pair = found.get((a, b))
        if pair is None or (certain and not pair.certain):
            # A certain instrument outranks uncertain ones: a certain row says what the
            # certain ties undertook.
            found[(a, b)] = _Pair(certain, answer, loaded)
        elif certain or not pair.certain:
            pair.add(answer, loaded)
    return found


def _involves(query: DyadQuery):
    if not query.nations:
        return None
    wanted = set().union(*Nation.objects.lineages([nation.pk for nation in query.nations]))
    return lambda a, b: a in wanted or b in wanted


def dyad_years(query: DyadQuery) -> Iterator[dict]:
    """Row dicts (`query.columns`) by year, then by the first and second state's slug."""
    loaded = instruments(query.dataset, query.obligation)
    nations = _nations()
    skip = continued_pairs(sorted({pk for each in loaded for pk in each.spans}))
    involves = _involves(query)
    for year in range(query.first, query.last + 1):
        rows = []
        for (x, y), pair in _year_pairs(year, loaded, query, skip).items():
            if involves is not None and not involves(x, y):
                continue
            if query.directed:
                sides = [(x, y, pair.obligations[0]), (y, x, pair.obligations[1])]
            else:
                either = {*pair.obligations[0], *pair.obligations[1]}
                first, second = sorted((x, y), key=lambda pk: nations[pk][0])
                sides = [(first, second, either)]
            for a, b, undertaken in sides:
                if query.obligation and query.obligation not in undertaken:
                    continue
                rows.append(_row(year, nations[a], nations[b], undertaken, pair, query))
        rows.sort(key=lambda row: (row["a"], row["b"]))
        yield from rows


def _row(year, a, b, undertaken, pair, query) -> dict:
    row = {
        "year": year,
        "a": a[0],
        "b": b[0],
        "a_cow": a[1],
        "b_cow": b[1],
        "a_iso3": a[2],
        "b_iso3": b[2],
        **{name: int(name in undertaken) for name in OBLIGATION_FIELDS},
        "instruments": sorted(pair.instruments) if pair.merged else list(pair.instruments),
        "sources": sorted(pair.sources) if pair.merged else pair.sources,
    }
    if query.uncertain:
        row["certain"] = int(pair.certain)
    return row


def default_range() -> tuple[int, int]:
    """1816 (the Correlates of War's first year) to this year."""
    return 1816, datetime.date.today().year
