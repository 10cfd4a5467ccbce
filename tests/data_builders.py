"""Files in the real layouts of the research datasets, small (for tests) or full-size
(for bench/import_bench.py), and a world of nations as the reference data makes it."""

from __future__ import annotations

import csv
import random
import string
from pathlib import Path

from django.utils.text import slugify

# ATOP member-level files. v4.01 carries a version column; v5.x does not (its version is
# in the file name) and writes -8/-9 for "not applicable"/"missing" in many columns.
ATOP_V4_HEADER = [
    "atopid", "member", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit",
    "phase", "maxphase", "bilat", "ineffect", "defense", "offense", "neutral", "nonagg",
    "consul", "active", "milaid", "base", "intcom", "organ1", "version",
]  # fmt: skip
ATOP_V5_HEADER = [
    "atopid", "member", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit",
    "phase", "maxphase", "bilat", "ineffect", "defense", "offense", "neutral", "nonagg",
    "consul", "active", "specthrt", "milaid", "milcon", "base", "intcom", "organ1",
    "organ2", "asymm", "divgains",
]  # fmt: skip

MME_PARTICIPANT_COLUMNS = [f"State{c}" for c in string.ascii_uppercase] + [
    f"StateA{c}" for c in "ABCDEFGHIJKLM"
]
MME_HEADER = [
    "MMEID", "Ex_Name", "Series_Name", "Location", "lat", "lon",
    "StartDate", "s.year", "s.month", "s.day", "EndDate", "e.year", "e.month", "e.day",
    "CPX", "Air", "Land", "Sea", "Amphibious", "Cyber",
    "Warfighting", "Peacekeeping", "Humanitarian", "FocusDescription",
    "AdditionalParticipantInfo", "NumParticipants", *MME_PARTICIPANT_COLUMNS,
]  # fmt: skip


def write_atop(path: Path, rows: list[dict], layout: str = "v5") -> Path:
    """Member-phase rows (dicts with any of the header's columns) in the chosen layout."""
    header = ATOP_V4_HEADER if layout == "v4" else ATOP_V5_HEADER
    default = {"version": "4.01"} if layout == "v4" else {}
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            values = {**default, **row}
            filler = "0" if layout == "v4" else "-8"
            writer.writerow(
                [values.get(col, "0" if col in _ATOP_ZERO else filler) for col in header]
            )
    return Path(path)


_ATOP_ZERO = {
    "yrexit", "moexit", "dayexit", "phase", "maxphase", "bilat", "ineffect", "defense",
    "offense", "neutral", "nonagg", "consul", "milaid", "base", "intcom", "organ1",
}  # fmt: skip


def write_mme(path: Path, rows: list[dict]) -> Path:
    """Exercise rows: dicts of MME columns, with `participants` a list of names."""
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(MME_HEADER)
        for row in rows:
            names = list(row.get("participants", []))
            values = dict(row)
            for column, name in zip(MME_PARTICIPANT_COLUMNS, names, strict=False):
                values[column] = name
            values.setdefault("NumParticipants", str(len(names)))
            writer.writerow([values.get(col, "") for col in MME_HEADER])
    return Path(path)


def make_cow_world():
    """Every present-day COW state as a nation (as nations.yaml makes them), then the COW
    step, which adds codes, spells, aliases and the historical states."""
    from partnerships.importers.cow import load_cow
    from partnerships.models import Nation

    crosswalk = Path(__file__).resolve().parent.parent / "partnerships/data/cow/crosswalk.csv"
    names = {}
    with open(crosswalk.parent / "cow_country_codes.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            names.setdefault(row["StateAbb"], row["StateNme"])
    common = {"USA": "United States", "UKG": "United Kingdom", "DRC": "DR Congo", "YUG": "Serbia"}
    nations = []
    with open(crosswalk, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if not row["iso3"] or row["slug"]:
                continue
            name = common.get(row["stateabb"], names[row["stateabb"]])
            nations.append(Nation(name=name, slug=slugify(name), iso3=row["iso3"], region="europe"))
    Nation.objects.bulk_create(nations)
    load_cow()
    return {nation.slug: nation for nation in Nation.objects.all()}


# -- full-size synthetic files (bench/import_bench.py) -----------------------------------


def cow_codes() -> list[int]:
    crosswalk = Path(__file__).resolve().parent.parent / "partnerships/data/cow/crosswalk.csv"
    with open(crosswalk, encoding="utf-8") as handle:
        return sorted({int(row["ccode"]) for row in csv.DictReader(handle) if row["iso3"]})


def full_size_atop(path: Path, *, alliances: int = 1000, seed: int = 1) -> Path:
    """~1,000 alliances, ~7,000 member-phase rows: phases, 59-member pacts, open ends."""
    rng = random.Random(seed)
    codes = cow_codes()
    rows = []
    for atop_id in range(1001, 1001 + alliances):
        size = 59 if atop_id % 97 == 0 else rng.choice([2, 2, 2, 3, 4, 5, 6, 8])
        members = rng.sample(codes, size)
        start = rng.randint(1946, 2010)
        phases = rng.choice([1, 1, 2, 3])
        years = sorted(rng.sample(range(start + 1, 2019), phases))
        for number in range(1, phases + 1):
            begin = start if number == 1 else years[number - 2]
            end = years[number - 1] if number < phases else None
            for code in members:
                flags = {f: rng.choice([0, 1]) for f in ("defense", "consul", "nonagg")}
                rows.append(
                    {
                        "atopid": atop_id,
                        "member": code,
                        "yrent": begin,
                        "moent": rng.choice([0, 1, 6]),
                        "dayent": rng.choice([0, 1, 15]),
                        "yrexit": end or 0,
                        "moexit": 12 if end else 0,
                        "dayexit": 31 if end else 0,
                        "phase": number if phases > 1 else 0,
                        "maxphase": phases if phases > 1 else 0,
                        "bilat": 1 if size == 2 else 0,
                        "milaid": rng.choice([0, 1]),
                        **flags,
                    }
                )
    return write_atop(path, rows, layout="v5")


def full_size_mme(path: Path, *, exercises: int = 2000, seed: int = 1) -> Path:
    """~2,000 exercises with up to 39 participants, clashing ids and every quirk."""
    from partnerships.models import Nation

    rng = random.Random(seed)
    names = list(Nation.objects.filter(is_historical=False).values_list("name", flat=True))
    variants = ["Congo - Kinshasa", "Myanmar (Burma)", "St. Lucia", "Bosnia & Herzegovina"]
    rows = []
    for number in range(1, exercises + 1):
        year = rng.randint(1980, 2010)
        size = 39 if number % 50 == 0 else rng.randint(2, 12)
        participants = rng.sample(names, min(size, len(names)))
        if number % 7 == 0:
            participants[0] = rng.choice([*variants, "NATO", "-9"])
        rows.append(
            {
                "MMEID": number if number % 300 else number - 1,  # a few reused ids
                "Ex_Name": f"Exercise “{number}”",
                "Series_Name": f"Series {number % 120}" if number % 3 else "-9",
                "Location": "Somewhere",
                "lat": f"{rng.uniform(-60, 60):.4f}",
                "lon": f"{rng.uniform(-170, 170):.4f}",
                "StartDate": f"{rng.randint(1, 12)}/{rng.randint(1, 28)}/{year % 100:02d}",
                "s.year": str(year),
                "s.month": str(rng.randint(1, 12)),
                "s.day": rng.choice(["xx", str(rng.randint(1, 28))]),
                "e.year": str(year),
                "e.month": "12",
                "e.day": "31",
                "Sea": rng.choice(["0", "1"]),
                "Land": rng.choice(["0", "1"]),
                "Warfighting": "1",
                "participants": participants,
            }
        )
    return write_mme(path, rows)
