"""Full-size synthetic research-dataset files in their published layouts (import_bench.py).

An ATOP 5.x member-level file (~1,000 alliances, ~7,000 member-phase rows: phases,
59-member pacts, open ends, unknown days and months) and an MME v7 wide file (2,000
exercises with up to 39 participants: reused ids, name variants, non-states, "xx" days).
Members are real COW codes (partnerships/data/cow/crosswalk.csv); participants are the
names of the nations in the database (load the reference data's nations first).
"""

import csv
import random
import string
from pathlib import Path

from partnerships.reference_data import DEFAULT_DATA_DIR

# As published; ATOP 5.x writes -8 ("not applicable") where a column does not apply.
ATOP_COLUMNS = [
    "atopid", "member", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit", "phase",
    "maxphase", "bilat", "ineffect", "defense", "offense", "neutral", "nonagg", "consul",
    "active", "specthrt", "milaid", "milcon", "base", "intcom", "organ1", "organ2", "asymm",
    "divgains",
]  # fmt: skip
ATOP_ZEROS = [
    "yrexit", "moexit", "dayexit", "phase", "maxphase", "bilat", "ineffect", "defense",
    "offense", "neutral", "nonagg", "consul", "milaid", "base", "intcom", "organ1",
]  # fmt: skip
MME_PARTICIPANTS = [f"State{c}" for c in string.ascii_uppercase]
MME_PARTICIPANTS += [f"StateA{c}" for c in "ABCDEFGHIJKLM"]
MME_COLUMNS = [
    "MMEID", "Ex_Name", "Series_Name", "Location", "lat", "lon", "StartDate", "s.year",
    "s.month", "s.day", "EndDate", "e.year", "e.month", "e.day", "CPX", "Air", "Land", "Sea",
    "Amphibious", "Cyber", "Warfighting", "Peacekeeping", "Humanitarian", "FocusDescription",
    "AdditionalParticipantInfo", "NumParticipants",
]  # fmt: skip
MME_COLUMNS += MME_PARTICIPANTS


def _write(path: Path, columns: list[str], rows: list[dict], missing: dict) -> Path:
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(column, missing.get(column, "")) for column in columns])
    return Path(path)


def cow_codes() -> list[int]:
    """The codes of the present-day states in the COW crosswalk."""
    with open(DEFAULT_DATA_DIR / "cow" / "crosswalk.csv", encoding="utf-8") as handle:
        return sorted({int(row["ccode"]) for row in csv.DictReader(handle) if row["iso3"]})


def full_size_atop(path: Path, *, alliances: int = 1000, seed: int = 1) -> Path:
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
                        **{flag: rng.choice([0, 1]) for flag in ("defense", "consul", "nonagg")},
                    }
                )
    missing = {**dict.fromkeys(ATOP_COLUMNS, "-8"), **dict.fromkeys(ATOP_ZEROS, "0")}
    return _write(path, ATOP_COLUMNS, rows, missing)


def full_size_mme(path: Path, *, exercises: int = 2000, seed: int = 1) -> Path:
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
        row = {
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
            "NumParticipants": str(len(participants)),
        }
        row.update(zip(MME_PARTICIPANTS, participants, strict=False))
        rows.append(row)
    return _write(path, MME_COLUMNS, rows, {})
