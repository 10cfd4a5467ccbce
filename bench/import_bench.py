"""Time the dataset importers on full-size synthetic files in the real layouts.

    .venv/bin/python bench/import_bench.py            # a throw-away SQLite database
    DATABASE_URL=postgres://... .venv/bin/python bench/import_bench.py

Loads the reference nations, COW codes and organizations, then writes files the size of
the published ones (tests/data/datasets/SOURCES.md) with the real headers:

* ATOP v4.01: 2,398 member-phase rows in 745 alliances (members by COW code from 1815 on,
  at dates inside their statehood, phases, 59-member pacts, open exits, unknown days), and
  the alliance-level file beside them, both in the official zip layout;
* MME v7: 3,707 exercises whose participants are the real names of the whole file
  (tests/data/datasets/mme_v7_participant_names.txt), each used in its own years and as
  often as in the file, with -9, NATO, the three duplicated ids and both date formats.

Prints how long the first import and an unchanged re-import take. Never part of
`make test`; the goal is well under a minute per file.
"""

import csv
import datetime
import io
import os
import random
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATASETS = ROOT / "tests" / "data" / "datasets"
COW_STATES = ROOT / "partnerships" / "data" / "cow" / "cow_states2016.csv"

ATOP_ROWS, ATOP_ALLIANCES = 2398, 745
MME_ROWS = 3707


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def _write(header, rows) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, header, restval="0", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


# -- ATOP ---------------------------------------------------------------------------------


def _spells():
    """COW spells as (code, first day, last day)."""
    with COW_STATES.open(encoding="utf-8", newline="") as handle:
        return [
            (
                int(row["ccode"]),
                datetime.date(int(row["styear"]), int(row["stmonth"]), int(row["stday"])),
                datetime.date(int(row["endyear"]), int(row["endmonth"]), int(row["endday"])),
            )
            for row in csv.DictReader(handle)
        ]


def _day(rng, first, last):
    return first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _shapes(rng) -> list[tuple[int, int]]:
    """(members, phases) per alliance, adding up to exactly ATOP_ROWS member-phase rows."""
    shapes = [
        (59, 1) if n % 300 == 150 else (rng.choice([2, 2, 2, 2, 3, 4]), rng.choice([1, 1, 1, 2]))
        for n in range(ATOP_ALLIANCES)
    ]
    rows = sum(size * phases for size, phases in shapes)
    while rows != ATOP_ROWS:
        n = rng.randrange(ATOP_ALLIANCES)
        size, phases = shapes[n]
        if phases != 1 or size == 59 or (rows > ATOP_ROWS and size == 2):
            continue
        step = 1 if rows < ATOP_ROWS else -1
        shapes[n] = (size + step, 1)
        rows += step
    return shapes


def atop_zip(path: Path, *, seed: int = 1) -> Path:
    """Member-phase rows and alliance rows of ATOP's size, zipped as ATOP ships them."""
    rng = random.Random(seed)
    spells = _spells()
    members_out, alliances_out = [], []
    for number, (size, phases) in enumerate(_shapes(rng)):
        atop_id = 1000 + 5 * number
        alive = {}
        while len(alive) < size:  # early in the 1800s there were few states
            begin = _day(rng, datetime.date(1815, 6, 1), datetime.date(2015, 12, 31))
            alive = {c: last for c, first, last in spells if first <= begin <= last}
        members = rng.sample(sorted(alive), size)
        last_day = min(alive[c] for c in members)
        end = _day(rng, begin, last_day) if rng.random() < 0.6 else None
        stop_by = end or datetime.date(2016, 12, 31)
        if (stop_by - begin).days < 10:
            phases = 1
        cuts = sorted(rng.sample(range(1, (stop_by - begin).days), phases - 1))
        stops = [begin + datetime.timedelta(days=d) for d in cuts] + [end]
        flags = {f: rng.choice([0, 1]) for f in ("defense", "offense", "neutral", "nonagg")}
        flags["consul"] = 1
        unknown_day = rng.random() < 0.2
        start = begin
        for phase, stop in enumerate(stops):
            for code in members:
                members_out.append(
                    {
                        "atopid": atop_id,
                        "member": code,
                        "yrent": start.year,
                        "moent": start.month,
                        "dayent": 0 if unknown_day and not phase else start.day,
                        "yrexit": stop.year if stop else 0,
                        "moexit": stop.month if stop else 0,
                        "dayexit": stop.day if stop else 0,
                        "phase": phase + 1 if phases > 1 else 0,
                        "maxphase": phases if phases > 1 else 0,
                        "bilat": int(size == 2),
                        "milaid": rng.choice([0, 0, 1]),
                        "version": "4.01",
                        **flags,
                    }
                )
            if stop:
                start = stop + datetime.timedelta(days=1)
        alliances_out.append(
            {
                "atopid": atop_id,
                "begyr": begin.year,
                "begmo": begin.month,
                "begday": 0 if unknown_day else begin.day,
                "endyr": end.year if end else 0,
                "endmo": end.month if end else 0,
                "endday": end.day if end else 0,
                "bilat": int(size == 2),
                "base": rng.choice([0, 0, 1, 3]),
                "organ1": rng.choice([0, 0, 1, 2]),
                "version": "4.01",
                **flags,
                **{f"mem{i + 1}": code for i, code in enumerate(members)},
            }
        )
    members_csv = _write(_header(DATASETS / "atop4.01_member_excerpt.csv"), members_out)
    alliances_csv = _write(_header(DATASETS / "atop4.01_alliance_excerpt.csv"), alliances_out)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ATOP 4.01 (.csv)/atop4_01m.csv", members_csv)
        archive.writestr("ATOP 4.01 (.csv)/atop4_01a.csv", alliances_csv)
    return path


# -- MME ----------------------------------------------------------------------------------


def _mme_names():
    """(name, cells, first year, last year) for each participant value of the whole file."""
    names = []
    text = (DATASETS / "mme_v7_participant_names.txt").read_text("utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, cells, first, last = line.split("\t")
            names.append((name, int(cells), int(first[:4]), int(last[:4])))
    return names


def _raw(year, month, day):
    if day is None:
        return f"{year}-{month:02d}-xx", "xx"
    return f"{month}/{day}/{year % 100:02d}", str(day)


def mme_csv(path: Path, *, seed: int = 1) -> Path:
    """MME v7 wide rows of the file's size, with its real participant names."""
    rng = random.Random(seed)
    header = _header(DATASETS / "mme_v7_wide_excerpt.csv")
    columns = [c for c in header if c.startswith("State")]
    names = [n for n in _mme_names() if n[0] != "-9"]
    sizes = [2] * 60 + [3] * 11 + [4] * 5 + [5] * 6 + [6] * 4 + [8] * 4 + [12] * 3 + [39]
    duplicated = ["mme3457", "mme3458", "mme3460"]
    rows = []
    for number in range(MME_ROWS):
        year = 1980 + number * 31 // MME_ROWS
        month, day = rng.randint(1, 12), rng.choice([None, *range(1, 29)])
        start, s_day = _raw(year, month, day)
        end, e_day = _raw(year, month, rng.choice([None, 28]))
        pool = [n for n in names if n[2] <= year <= n[3]]
        weights = [n[1] for n in pool]
        wanted = min(rng.choice(sizes), len(pool))
        chosen = []
        while len(chosen) < wanted:
            name = rng.choices(pool, weights)[0][0]
            if name not in chosen:
                chosen.append(name)
        chosen.sort(key=str.casefold)
        if number % 18 == 0:
            chosen = ["-9", *chosen[: rng.randint(0, 3)]]
        mme_id = duplicated[number % 3] if number in (100, 1900, 3600) else f"mme{87 + number}"
        row = {
            "MMEID": mme_id,
            "Ex_Name": rng.choice(["-9", f"Exercise {number}"]),
            "Series_Name": f"Series {number % 275}" if number % 3 else "",
            "Location": rng.choice(["-9", "Baltic Sea", "Sea of Japan "]),
            "lat": "" if number % 20 == 0 else f"{rng.uniform(-60, 60):.7f}",
            "lon": "" if number % 20 == 0 else f"{rng.uniform(-170, 170):.7f}",
            "StartDate": start,
            "s.year": year,
            "s.month": month,
            "s.day": s_day,
            "EndDate": end,
            "e.year": year,
            "e.month": month,
            "e.day": e_day,
            "Sea": rng.choice([0, 1]),
            "Land": rng.choice([0, 1]),
            "Warfighting": 1,
            "FocusDescription": "a “combined” exercise…",
        }
        row.update(zip(columns, chosen, strict=False))
        rows.append(row)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, restval="", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ("0" if v == "" and k in _FLAGS else v) for k, v in row.items()})
    return path


_FLAGS = {"CPX", "Air", "Land", "Sea", "Amphibious", "Cyber", "Warfighting", "Peacekeeping"}


def main():
    workdir = Path(tempfile.mkdtemp(prefix="md-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "militarydiplo.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from partnerships.importers.atop import import_atop
    from partnerships.importers.mme import import_mme
    from partnerships.reference_data import load_reference_data

    call_command("migrate", verbosity=0)
    load_reference_data(only=["sources", "nations", "cow", "organizations"], verbosity=0)
    atop = atop_zip(workdir / "ATOP_4.01.zip")
    mme = mme_csv(workdir / "mme_v7_wide.csv")

    print(f"{'run':<28}{'rows':>7}{'created':>9}{'updated':>9}{'unchanged':>10}{'skipped':>9}"
          f"{'seconds':>9}")  # fmt: skip
    for label, run, path in (
        ("ATOP first import (zip)", import_atop, atop),
        ("ATOP re-import (no change)", import_atop, atop),
        ("MME first import", import_mme, mme),
        ("MME re-import (no change)", import_mme, mme),
    ):
        started = time.perf_counter()
        report = run(path)
        seconds = time.perf_counter() - started
        print(
            f"{label:<28}{report.rows:>7,}{report.created:>9,}{report.updated:>9,}"
            f"{report.unchanged:>10,}{report.skipped_rows:>9,}{seconds:>9.2f}"
        )
        for note in report.notes:
            print(f"    {note}")


if __name__ == "__main__":
    main()
