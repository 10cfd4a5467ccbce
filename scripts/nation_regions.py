"""Refresh the region and subregion columns of partnerships/data/nations.yaml.

Regions are the UN M49 macro-regions (africa, americas, asia, europe, oceania) and the
subregion is M49's finest grouping (intermediate region where M49 has one, e.g.
"South America", else subregion, e.g. "Western Asia"), both taken from the
country_converter library rather than typed by hand. The library is needed only here,
not at run time, so it is not in requirements.txt. Run:

    python -m venv /tmp/regions && /tmp/regions/bin/pip install country_converter==1.3.2 PyYAML
    /tmp/regions/bin/python scripts/nation_regions.py

Every other column of nations.yaml is left as it is; UN members that country_converter
knows and the file lacks are reported, not added (a person picks their common name).
"""

import csv
import sys
from importlib import resources
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent.parent / "partnerships" / "data" / "nations.yaml"

CONTINENTS = {
    "Africa": "africa",
    "America": "americas",
    "Asia": "asia",
    "Europe": "europe",
    "Oceania": "oceania",
}
# Where country_converter 1.3.2 departs from UN M49 itself.
CORRECTIONS = {"NRU": ("oceania", "Micronesia")}

KEY_ORDER = [
    "slug",
    "iso3",
    "iso2",
    "name",
    "official_name",
    "cow_code",
    "region",
    "subregion",
    "aliases",
    "description",
]


def converter_rows():
    path = resources.files("country_converter") / "country_data.tsv"
    with path.open(encoding="utf-8") as handle:
        # keep_default_na is a pandas notion; csv keeps "NA" (Namibia) as text.
        return {row["ISO3"]: row for row in csv.DictReader(handle, delimiter="\t")}


def region_of(iso3, rows):
    if iso3 in CORRECTIONS:
        return CORRECTIONS[iso3]
    row = rows[iso3]
    return CONTINENTS[row["continent"]], row["UNregion"]


def dump_record(record):
    ordered = {key: record[key] for key in KEY_ORDER if key in record}
    ordered.update({k: v for k, v in record.items() if k not in ordered})
    text = yaml.safe_dump(
        ordered, default_flow_style=True, sort_keys=False, allow_unicode=True, width=10_000
    )
    return text.strip()


def write(header, data):
    lines = [header.rstrip("\n"), ""]
    for section in ("states", "historical"):
        lines.append(f"{section}:")
        lines += [f"  - {dump_record(record)}" for record in data.get(section, [])]
        lines.append("")
    DATA.write_text("\n".join(lines), encoding="utf-8")


def header_of(text):
    kept = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        kept.append(line)
    return "\n".join(kept)


def main():
    rows = converter_rows()
    text = DATA.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    for record in data["states"]:
        iso3 = record.get("iso3")
        if iso3 in rows or iso3 in CORRECTIONS:
            record["region"], record["subregion"] = region_of(iso3, rows)
    known = {record.get("iso3") for record in data["states"]}
    missing = sorted(iso3 for iso3, row in rows.items() if row["UN"] and iso3 not in known)
    write(header_of(text), data)
    if missing:
        print("UN members missing from nations.yaml:", ", ".join(missing), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
