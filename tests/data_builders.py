"""Files in the real layouts of the research datasets, and a world of nations as the
reference data makes it."""

from __future__ import annotations

import csv
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
