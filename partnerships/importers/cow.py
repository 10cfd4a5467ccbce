"""The COW crosswalk: COW codes, statehood spells, historical states and name aliases.

Reads the Correlates of War State System files shipped in data/cow/ plus our own
crosswalk (COW abbreviation to ISO3, or slug and name for states that no longer exist),
the states that share a COW code with another (shared_codes.csv) and the aliases
(aliases.csv). Present-day nations come from the reference data (nations.yaml); this
step only sets their COW code and spells. Historical states are created when missing.
Idempotent: a second run changes nothing.
"""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

from django.utils import timezone

from ..models import Dataset, Nation, NationAlias, Statehood
from ..names import normalize_name
from .base import Report, dataset_source, run
from .name_resolver import COW_DATA, name_key

COW_VERSION = "2016"
# COW closes every spell still running at the data's end on this day: it means "ongoing".
COW_DATA_END = datetime.date(2016, 12, 31)


def _read(path: Path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _date(year, month, day):
    return datetime.date(int(year), int(month), int(day))


def _iso_date(text):
    return datetime.date.fromisoformat(text) if text else None


def _spell_order(spell):
    return spell[0], spell[1] or datetime.date.max


def load_cow(*, data_dir: Path = COW_DATA, dry_run: bool = False) -> Report:
    report = Report(dataset="cow")
    return run(lambda rep: _load(rep, data_dir), dry_run=dry_run, report=report)


def _load(report: Report, data_dir: Path):
    crosswalk = _read(data_dir / "crosswalk.csv")
    states = _read(data_dir / "cow_states2016.csv")
    codes = _read(data_dir / "cow_country_codes.csv")
    shared = _read(data_dir / "shared_codes.csv")
    alias_rows = _read(data_dir / "aliases.csv")

    nations = {nation.pk: nation for nation in Nation.objects.all()}
    by_iso3 = {n.iso3: n for n in nations.values() if n.iso3}
    by_slug = {n.slug: n for n in nations.values()}
    historical_by_key = {name_key(n.name): n for n in nations.values() if n.is_historical}
    names_taken = {n.name for n in nations.values()}
    changed: dict[int, Nation] = {}
    touched: set[int] = set()
    created = 0

    def find_or_create(*, iso3, slug, name, region, code, abbrev, row):
        nonlocal created
        nation = by_iso3.get(iso3) if iso3 else None
        nation = nation or (by_slug.get(slug) if slug else None)
        if nation is None and slug and not iso3:
            nation = historical_by_key.get(name_key(name))
        if nation is None:
            if not slug:
                report.warn(row, f"no nation with ISO3 {iso3} for COW {abbrev} {code}; skipped")
                return None
            if name in names_taken:
                report.skip(row, f"a nation named {name!r} exists with another slug; skipped")
                return None
            nation = Nation.objects.create(
                name=name,
                slug=slug,
                iso3=iso3 or None,
                region=region,
                is_historical=not iso3,
                cow_code=code,
                cow_abbrev=abbrev,
            )
            created += 1
            names_taken.add(name)
            by_slug[slug] = nation
            nations[nation.pk] = nation
            touched.add(nation.pk)
            return nation
        touched.add(nation.pk)
        if nation.cow_code != code or nation.cow_abbrev != abbrev:
            nation.cow_code, nation.cow_abbrev = code, abbrev
            changed[nation.pk] = nation
        return nation

    by_abbrev: dict[str, Nation] = {}
    for line, row in enumerate(crosswalk, start=2):
        nation = find_or_create(
            iso3=row["iso3"],
            slug=row["slug"],
            name=row["name"],
            region=row["region"],
            code=int(row["ccode"]),
            abbrev=row["stateabb"],
            row=line,
        )
        if nation:
            by_abbrev[row["stateabb"]] = nation

    desired_spells: dict[int, set] = {}
    for row in states:
        nation = by_abbrev.get(row["stateabb"])
        if nation is None:
            continue
        end = _date(row["endyear"], row["endmonth"], row["endday"])
        spell = (_date(row["styear"], row["stmonth"], row["stday"]), None)
        if end < COW_DATA_END:
            spell = (spell[0], end)
        desired_spells.setdefault(nation.pk, set()).add(spell)

    for line, row in enumerate(shared, start=2):
        nation = find_or_create(
            iso3="",
            slug=row["slug"],
            name=row["name"],
            region=row["region"],
            code=int(row["ccode"]),
            abbrev=row["stateabb"],
            row=line,
        )
        if nation:
            spell = (_iso_date(row["start"]), _iso_date(row["end"]))
            desired_spells.setdefault(nation.pk, set()).add(spell)

    if changed:
        now = timezone.now()
        for nation in changed.values():
            nation.updated_at = now
        Nation.objects.bulk_update(changed.values(), ["cow_code", "cow_abbrev", "updated_at"])

    # Spells: make each managed nation's statehood rows exactly the COW spells.
    existing = {}
    for spell in Statehood.objects.filter(nation_id__in=desired_spells):
        existing.setdefault(spell.nation_id, {})[(spell.start_date, spell.end_date)] = spell.pk
    to_create, to_delete = [], []
    for nation_id, spells in desired_spells.items():
        have = existing.get(nation_id, {})
        to_create += [
            Statehood(nation_id=nation_id, start_date=start, end_date=end)
            for start, end in sorted(spells - set(have), key=_spell_order)
        ]
        to_delete += [pk for spell, pk in have.items() if spell not in spells]
    if to_delete:
        Statehood.objects.filter(pk__in=to_delete).delete()
    Statehood.objects.bulk_create(to_create)

    # Aliases: COW names (the alias rows with newer names included), then our list.
    wanted: list[tuple[str, Nation]] = []
    for row in codes:
        nation = by_abbrev.get(row["StateAbb"])
        if nation:
            wanted.append((row["StateNme"], nation))
    for row in alias_rows:
        target = row["target"]
        nation = by_iso3.get(target) or by_slug.get(target)
        if nation:
            wanted.append((row["alias"], nation))
    taken = dict(NationAlias.objects.values_list("normalized", "nation_id"))
    own_names = {normalize_name(n.name): n.pk for n in nations.values()}
    aliases = []
    for name, nation in wanted:
        normalized = normalize_name(name)
        if not normalized or normalized in own_names or normalized in taken:
            continue
        taken[normalized] = nation.pk
        aliases.append(NationAlias(nation=nation, name=name, normalized=normalized))
    NationAlias.objects.bulk_create(aliases)

    dataset_source(
        Dataset.COW,
        COW_VERSION,
        title="Correlates of War Project. State System Membership List, v2016",
        url="https://correlatesofwar.org/data-sets/state-system-membership/",
        publisher="Correlates of War Project",
    )
    report.created = created
    report.updated = len(changed)
    report.unchanged = len(touched) - len(changed) - created
    report.count("statehood spells added", len(to_create))
    report.count("statehood spells removed", len(to_delete))
    report.count("aliases added", len(aliases))
