"""The one name resolver every importer uses: names and COW codes to nations, by date.

Built once per import from three queries (nations, aliases, statehood spells), then
answers from dictionaries, so resolving 40,000 names costs no query.

Rules (tested in tests/test_names.py):

* A name is matched on its key: `normalize_name` (case, accents, punctuation, "&"),
  then "St."/"Ste" read as "Saint" and a leading "the" dropped. Nation names win over
  aliases, aliases over official names, official names over slugs.
* A name that does not match is retried without its parenthesis and with it alone
  ("Myanmar (Burma)"), with a comma-inverted form ("Korea, South"), and as an ISO code
  when written as two or three capitals.
* With a date, the match is moved to the state that existed then:
  - a state whose COW code another nation shares, and whose spell nested in this one
    covers the date, gives way to it ("Russia" in 1985 is the Soviet Union; COW 365);
  - a nation that did not exist on the date gives way to the predecessor listed in
    data/cow/predecessors.csv that did ("Germany" in 1980 is West Germany).
* A COW code resolves, on a date, to the nation carrying it whose spell covers the date;
  where several do, the most specific spell (later start, then earlier end) wins, so 365
  in 1970 is the Soviet Union and 365 in 1900 or 1995 is Russia. With no covering spell,
  the nation whose spell is nearest in time wins.
"""

from __future__ import annotations

import csv
import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..names import normalize_name

COW_DATA = Path(__file__).resolve().parent.parent / "data" / "cow"
MISSING = {"", "-9", "-8", "-99", "na", "n/a", ".", "none", "null"}
_FAR = datetime.date(9999, 12, 31)


def name_key(name: str) -> str:
    """The matching key of a name: normalized, "st" read as "saint", no leading "the"."""
    words = normalize_name(name).split()
    words = ["saint" if word in {"st", "ste"} else word for word in words]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _specificity(spell):
    """Orders covering spells: a later start, then an earlier end, is more specific."""
    start, end = spell
    return (start, -(end or _FAR).toordinal())


def is_missing(value) -> bool:
    return value is None or str(value).strip().lower() in MISSING


@dataclass
class NationRef:
    """What the resolver knows about a nation; `nation` is the model instance."""

    nation: object
    spells: list[tuple[datetime.date, datetime.date | None]] = field(default_factory=list)

    @property
    def id(self):
        return self.nation.pk

    def covering(self, on: datetime.date):
        """The spell covering `on`, or None."""
        for start, end in self.spells:
            if start <= on <= (end or _FAR):
                return start, end
        return None

    def distance(self, on: datetime.date) -> int:
        best = None
        for start, end in self.spells:
            gap = (start - on).days if on < start else (on - (end or _FAR)).days
            best = gap if best is None else min(best, gap)
        return best if best is not None else 10**6


def load_predecessors(path: Path = COW_DATA / "predecessors.csv") -> list[tuple[str, str]]:
    """(nation ISO3 or slug, predecessor slug) pairs; see the module docstring."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["nation"], row["predecessor"]) for row in csv.DictReader(handle)]


class NameResolver:
    def __init__(self, nations, aliases=(), spells=(), organizations=(), predecessors=()):
        """`nations`: Nation instances; `aliases`: (name, nation_id); `spells`:
        (nation_id, start, end); `organizations`: Organization instances;
        `predecessors`: (ISO3 or slug, slug) pairs."""
        self.refs = {nation.pk: NationRef(nation) for nation in nations}
        for nation_id, start, end in spells:
            if nation_id in self.refs:
                self.refs[nation_id].spells.append((start, end))
        for ref in self.refs.values():
            ref.spells.sort()
        self._by_key: dict[str, int] = {}
        self._by_iso: dict[str, int] = {}
        self._by_code: dict[int, list[NationRef]] = {}
        by_slug = {}
        for ref in self.refs.values():
            nation = ref.nation
            by_slug[nation.slug] = ref.id
            for code in (nation.iso2, nation.iso3):
                if code:
                    self._by_iso[code.upper()] = ref.id
            if nation.cow_code is not None:
                self._by_code.setdefault(nation.cow_code, []).append(ref)
        # Priority: names, then aliases, then official names, then slugs.
        for ref in self.refs.values():
            self._index(ref.nation.name, ref.id)
        for name, nation_id in aliases:
            if nation_id in self.refs:
                self._index(name, nation_id)
        for ref in self.refs.values():
            if getattr(ref.nation, "official_name", ""):
                self._index(ref.nation.official_name, ref.id)
        for slug, nation_id in by_slug.items():
            self._index(slug.replace("-", " "), nation_id)
        self._predecessors: dict[int, list[int]] = {}
        for successor, predecessor in predecessors:
            successor_id = self._by_iso.get(successor.upper()) or by_slug.get(successor)
            predecessor_id = by_slug.get(predecessor)
            if successor_id and predecessor_id:
                self._predecessors.setdefault(successor_id, []).append(predecessor_id)
        self._orgs: dict[str, object] = {}
        for organization in organizations:
            for text in (organization.name, organization.acronym, organization.slug):
                if text:
                    self._orgs.setdefault(name_key(text), organization)

    @classmethod
    def from_db(cls, *, organizations=True) -> NameResolver:
        """Preload everything the resolver needs: four queries, whatever the file size."""
        from ..models import Nation, NationAlias, Organization, Statehood

        return cls(
            nations=list(Nation.objects.all()),
            aliases=list(NationAlias.objects.values_list("name", "nation_id")),
            spells=list(Statehood.objects.values_list("nation_id", "start_date", "end_date")),
            organizations=list(Organization.objects.all()) if organizations else (),
            predecessors=load_predecessors(),
        )

    def _index(self, name, nation_id):
        key = name_key(name)
        if key:
            self._by_key.setdefault(key, nation_id)

    # -- names -------------------------------------------------------------------------

    def _lookup(self, name: str) -> int | None:
        text = name.strip()
        found = self._by_key.get(name_key(text))
        if found:
            return found
        match = re.fullmatch(r"(.*?)\s*\((.*)\)\s*", text)
        if match:
            for part in match.groups():
                found = self._by_key.get(name_key(part)) if part.strip() else None
                if found:
                    return found
        if text.count(",") == 1:
            head, tail = (part.strip() for part in text.split(","))
            found = self._by_key.get(name_key(f"{tail} {head}"))
            if found:
                return found
        if re.fullmatch(r"[A-Z]{2,3}", text):
            return self._by_iso.get(text)
        return None

    def resolve(self, name: str, on: datetime.date | None = None):
        """The nation a name means (on a date, when given), or None."""
        if is_missing(name):
            return None
        nation_id = self._lookup(str(name))
        if nation_id is None:
            return None
        return self._at(self.refs[nation_id], on).nation

    def _at(self, ref: NationRef, on):
        """Move a match to the state that existed on the date (see module docstring)."""
        if on is None or not ref.spells:
            return ref
        covering = ref.covering(on)
        if covering:
            for other in self._by_code.get(ref.nation.cow_code, ()):
                inner = other.covering(on) if other is not ref else None
                if inner and _specificity(inner) > _specificity(covering):
                    return other
            return ref
        for predecessor_id in self._predecessors.get(ref.id, ()):
            predecessor = self.refs[predecessor_id]
            if predecessor.covering(on):
                return predecessor
        for other in self._by_code.get(ref.nation.cow_code, ()):
            if other is not ref and other.covering(on):
                return other
        return ref

    def resolve_organization(self, name: str):
        """The organization a name or acronym means (NATO, UN, ...), or None."""
        if is_missing(name):
            return None
        return self._orgs.get(name_key(name))

    # -- COW codes ---------------------------------------------------------------------

    def by_code(self, code: int, on: datetime.date | None = None):
        """The nation carrying COW code `code` on the date, or None (see module docstring)."""
        candidates = self._by_code.get(code)
        if not candidates:
            return None
        if len(candidates) == 1:
            return candidates[0].nation
        if on is None:
            # Without a date, the present-day state carrying the code is meant.
            return min(
                candidates,
                key=lambda ref: (ref.nation.is_historical, ref.spells[:1] or [(_FAR,)], ref.id),
            ).nation
        covering = [(ref.covering(on), ref) for ref in candidates]
        covering = [(spell, ref) for spell, ref in covering if spell]
        if covering:
            return max(covering, key=lambda item: _specificity(item[0]))[1].nation
        return min(candidates, key=lambda ref: ref.distance(on)).nation
