"""Were two states allied in a year, and through which instruments: the four answers.

A pair is allied in year Y through a partnership when a span of each (two different
states, each counting with the states it continues) and a phase in which either had
undertaken some obligation share a day of Y (the rule of `timespans.py`):

- **yes** when they certainly do;
- **uncertain** when only dates known to the month or year leave it open;
- **unknown** when Y lies past the coverage of the only sources that record the
  partnership (ATOP 4.01 ends on 2016-12-31: an alliance open then is known in force
  until then, not after), unless a curated source or an end date speaks for later years;
- **no** otherwise.

A member's obligations are its `ObligationPeriod`s (ATOP phases); a member with none
undertook the partnership's obligations over its whole span. `obligations` in an answer
are what each state had undertaken during the overlap.

`instrument_answer` is pure, over plain rows (`MemberSpan`, `Instrument`): a bulk export
(dyad-years) can stream each partnership's spans and call it for every pair and year, and
so say "yes" exactly where `/api/v1/allied/` does. `alliance_answer(a, b, year)` loads the
rows of one question in a fixed number of queries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch

from .models import OBLIGATION_FIELDS, Nation, Obligation, Partnership, PartnershipMember
from .timespans import Level, Span, meet, year_window

YES, UNCERTAIN, UNKNOWN, NO = "yes", "uncertain", "unknown", "no"
RANK = {YES: 3, UNCERTAIN: 2, UNKNOWN: 1, NO: 0}  # the overall answer is the strongest
ALLIED = {YES: True, NO: False, UNCERTAIN: None, UNKNOWN: None}


@dataclass(frozen=True)
class Phase:
    """What a member had undertaken over a stretch of its span."""

    span: Span
    obligations: frozenset[str]


@dataclass(frozen=True)
class MemberSpan:
    """A state's span in a partnership, with its phases (empty: the partnership's
    obligations over the whole span)."""

    nation_id: int
    span: Span
    phases: tuple[Phase, ...] = ()

    def undertakings(self, obligations: frozenset[str]) -> tuple[Phase, ...]:
        return self.phases or (Phase(self.span, obligations),)

    def capped(self, last_day: datetime.date) -> MemberSpan:
        """As a source covering up to `last_day` knows it: what is open stops there."""
        phases = tuple(Phase(p.span.capped(last_day), p.obligations) for p in self.phases)
        return MemberSpan(self.nation_id, self.span.capped(last_day), phases)


@dataclass(frozen=True)
class Instrument:
    """A partnership as the rule needs it: its obligations at any time, and the last day
    its sources describe when only datasets with a known coverage record it."""

    key: object
    obligations: frozenset[str]
    covered_until: datetime.date | None = None


@dataclass
class InstrumentAnswer:
    key: object
    answer: str
    obligations: tuple[list[str], list[str]]  # (a's, b's), in OBLIGATION_FIELDS order
    members: tuple[list[int], list[int]]  # the states whose spans answered, each side
    covered_until: datetime.date | None = None


def _ordered(names) -> list[str]:
    return [name for name in OBLIGATION_FIELDS if name in names]


def _assess(instrument, spans_a, spans_b, window):
    """(level, obligations per side, member ids per side) of the spans as given."""
    best = Level.NO
    found = []  # (level, side, nation id, obligations) of every phase meeting the pair
    for span_a in spans_a:
        for span_b in spans_b:
            if span_a.nation_id == span_b.nation_id:
                continue  # a state and one it continues are not a pair
            for side, member in ((0, span_a), (1, span_b)):
                for phase in member.undertakings(instrument.obligations):
                    if not phase.obligations:
                        continue
                    level = meet(span_a.span, span_b.span, phase.span, window=window)
                    if level > Level.NO:
                        found.append((level, side, member.nation_id, phase.obligations))
                        found.append((level, 1 - side, (span_a, span_b)[1 - side].nation_id, ()))
                        best = max(best, level)
    obligations, members = (set(), set()), (set(), set())
    for level, side, nation_id, undertaken in found:
        if level >= best:
            obligations[side].update(undertaken)
            members[side].add(nation_id)
    return best, obligations, members


def instrument_answer(
    instrument: Instrument, spans_a: list[MemberSpan], spans_b: list[MemberSpan], year: int
) -> InstrumentAnswer:
    """yes / uncertain / unknown / no for one partnership, a pair and a year."""
    window = year_window(year)
    level, obligations, members = _assess(instrument, spans_a, spans_b, window)
    answer = {Level.YES: YES, Level.UNCERTAIN: UNCERTAIN, Level.NO: NO}[level]
    last_day = instrument.covered_until
    if last_day is not None and level > Level.NO and window[1] > last_day:
        known = _assess(
            instrument,
            [span.capped(last_day) for span in spans_a],
            [span.capped(last_day) for span in spans_b],
            window,
        )
        if known[0] == Level.YES:
            level, obligations, members = known
            answer = YES
        elif known[0] == Level.UNCERTAIN:
            level, obligations, members = known
            answer = UNCERTAIN
        else:  # only days past the coverage would make them meet
            answer = UNKNOWN
    return InstrumentAnswer(
        key=instrument.key,
        answer=answer,
        obligations=(_ordered(obligations[0]), _ordered(obligations[1])),
        members=(sorted(members[0]), sorted(members[1])),
        covered_until=last_day,
    )


def overall(answers) -> str:
    """The pair's answer: yes through any instrument, else uncertain, unknown, no."""
    return max((found.answer for found in answers), key=RANK.get, default=NO)


# --- one question, from the database -------------------------------------------------------


def covered_until(partnership) -> datetime.date | None:
    """The last day the sources of a partnership describe, when only datasets of known
    coverage record it; None when a curated source or an end date speaks for it.

    Reads `partnership.cited` (its sources, prefetched)."""
    if partnership.end_date is not None or not partnership.cited:
        return None
    ends = [source.covers_until for source in partnership.cited]
    if any(end is None for end in ends):
        return None
    return max(ends)


def member_span(member) -> MemberSpan:
    """A PartnershipMember row (with `obligation_periods` prefetched) as the rule reads it."""
    phases = tuple(
        Phase(Span.of(period, "start_date", "end_date"), frozenset(period.obligation_names))
        for period in member.obligation_periods.all()
    )
    return MemberSpan(member.nation_id, Span.of(member), phases)


@dataclass
class AllianceFound:
    """One partnership in an answer, ready to show."""

    partnership: Partnership
    answer: str
    obligations: dict[str, list[str]]  # by the asked nations' slugs
    members: dict[str, list[Nation]]  # the states that were the members, by asked slug
    covered_until: datetime.date | None
    sources: list = field(default_factory=list)

    sides: list[dict] = field(default_factory=list)  # per asked nation, for the page


@dataclass
class AllianceAnswer:
    a: Nation
    b: Nation
    year: int
    answer: str
    alliances: list[AllianceFound]  # every partnership not answering "no", strongest first

    @property
    def allied(self) -> bool | None:
        """True for yes, False for no, None when neither can be said."""
        return ALLIED[self.answer]

    @property
    def allied_through(self) -> list[AllianceFound]:
        return [found for found in self.alliances if found.answer == YES]

    def _continued(self, found) -> str:
        """The sentences "Russia counts as Soviet Union, which it continues." where it does."""
        said = []
        for alliance in found:
            for side in alliance.sides:
                for state in side["through"]:
                    note = f" {side['nation'].name} counts as {state.name}, which it continues."
                    if note not in said:
                        said.append(note)
        return "".join(said)

    @property
    def reason(self) -> str:
        a, b, year = self.a.name, self.b.name, self.year
        if self.answer == YES:
            through = self.allied_through
            what = through[0].partnership.name if len(through) == 1 else f"{len(through)} alliances"
            return (
                f"{a} and {b} were both members of {what} on a common day of {year}, with an "
                f"obligation in force for at least one of them then.{self._continued(through)}"
            )
        if self.answer == UNCERTAIN:
            return (
                f"{a} and {b} were both members of an alliance in {year}, but some of the "
                "dates are known only to the month or year, and within those periods they "
                "may or may not have been members on a common day."
            )
        if self.answer == UNKNOWN:
            found = next(f for f in self.alliances if f.answer == UNKNOWN)
            titles = ", ".join(source.title for source in found.sources)
            last_day = f"{found.covered_until.day} {found.covered_until:%B %Y}"
            return (
                f"The only record of {found.partnership.name} is {titles}, which covers events "
                f"up to {last_day}. The alliance was still in force then, and the sources do "
                f"not say whether it still bound them in {year}."
            )
        return f"No alliance in the catalogue bound both {a} and {b} on a common day of {year}."


def alliance_answer(a: Nation, b: Nation, year: int) -> AllianceAnswer:
    """Were `a` and `b` allied in `year`? Six queries whatever the catalogue's size."""
    if a.pk == b.pk:
        return AllianceAnswer(a, b, year, NO, [])
    lineage_a, lineage_b = Nation.objects.lineages([a.pk, b.pk])
    if lineage_a & lineage_b:  # a state and one it continues are never a pair
        return AllianceAnswer(a, b, year, NO, [])
    periods = Prefetch("obligation_periods")
    spans = (
        PartnershipMember.objects.filter(nation_id__in=lineage_a | lineage_b)
        .select_related("nation")
        .prefetch_related(periods)
    )
    candidates = (
        Partnership.objects.with_any_obligation()
        .involving(a, b, year=year, level=Level.UNCERTAIN)
        .prefetch_related(
            Prefetch("memberships", queryset=spans, to_attr="pair_spans"),
            Prefetch("sources", to_attr="cited"),
        )
        .order_by("start_date", "name")
    )
    found = []
    for partnership in candidates:
        instrument = Instrument(
            partnership.pk,
            frozenset(partnership.obligation_names),
            covered_until(partnership),
        )
        sides = ([], [])
        nations = {}
        for member in partnership.pair_spans:
            nations[member.nation_id] = member.nation
            if member.nation_id in lineage_a:
                sides[0].append(member_span(member))
            if member.nation_id in lineage_b:
                sides[1].append(member_span(member))
        result = instrument_answer(instrument, *sides, year)
        if result.answer == NO:
            continue
        found.append(
            AllianceFound(
                partnership=partnership,
                answer=result.answer,
                obligations={a.slug: result.obligations[0], b.slug: result.obligations[1]},
                members={
                    a.slug: [nations[pk] for pk in result.members[0]],
                    b.slug: [nations[pk] for pk in result.members[1]],
                },
                covered_until=result.covered_until,
                sources=partnership.cited,
                sides=[
                    {
                        "nation": nation,
                        "through": [nations[pk] for pk in ids if pk != nation.pk],
                        "obligations": [Obligation(name).label for name in undertaken],
                    }
                    for nation, ids, undertaken in zip(
                        (a, b), result.members, result.obligations, strict=True
                    )
                ],
            )
        )
    found.sort(key=lambda f: -RANK[f.answer])  # stable: by start date within an answer
    return AllianceAnswer(a, b, year, overall(found), found)


def allied_in(a, b, year: int):
    """The partnerships through which nations `a` and `b` were allied in `year`, as a
    QuerySet: those answering "yes" in `alliance_answer` (both members on a common day of
    the year, certainly, with some obligation in force for either then; each nation counts
    with the states it continues)."""
    answer = alliance_answer(a, b, year)
    return Partnership.objects.filter(
        pk__in=[found.partnership.pk for found in answer.allied_through]
    )
