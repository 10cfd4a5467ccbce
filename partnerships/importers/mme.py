"""MME v7 wide file (one row per exercise) to exercises keyed by `mme_id`.

The file is read as published: comma- or tab-separated (Dataverse's .tab), bare or in a
zip. `MMEID` is kept exactly as published ("mme87"); the exercise's slug is `mme-87`. Every
row with an id and a readable start becomes an exercise. A few MMEIDs are used by two
exercises: every row is kept, the n-th row with an id matches the n-th exercise imported
with it (by creation order), the later ones get the slug `mme-<n>-2`, and the clash is
reported.

Participants are named, not coded: each StateA..StateAM name goes through the name
resolver at the exercise's start date; a name that is no state but an organization
(NATO, UN) links the exercise to it; a name that resolves to neither is reported with its
row and column. MME's `-9` (a participant it could not name), and a blank cell before the
last named one, count in `Exercise.unknown_participants`, so a reader sees the list is
partial; they never become nations. The report ends with the share of names resolved.

Dataset-owned fields, rewritten on every import: series, dates and precisions, domain,
focus, location, coordinates, participants, organizations, the MME citation.
Editor-owned: name, slug and description are written on creation only; exercises with no
`mme_id` are never read or written.
"""

from __future__ import annotations

import datetime
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils import timezone
from django.utils.text import slugify

from ..models import (
    Dataset,
    DatePrecision,
    Domain,
    Exercise,
    ExerciseSeries,
    Focus,
    Participation,
)
from .base import DEFAULT_MAX_SKIPPED, EXTRA, Progress, Report, dataset_source, read_csv, run
from .dataset_dates import part, partial_date, period_end
from .name_resolver import NameResolver, is_missing, name_key

REQUIRED = {"MMEID", "Ex_Name"}
# The wide file inside a zip (a Dataverse download): MME_v7_wide.csv, or .tab.
WIDE_FILE = r"[^/]*wide[^/]*\.(csv|tab)"
DOMAIN_FLAGS = {
    "Air": Domain.AIR,
    "Land": Domain.LAND,
    "Sea": Domain.MARITIME,
    "Amphibious": Domain.AMPHIBIOUS,
    "Cyber": Domain.CYBER,
}
FOCUS_FLAGS = {
    "Warfighting": Focus.WARFIGHTING,
    "Peacekeeping": Focus.PEACEKEEPING,
    "Humanitarian": Focus.HUMANITARIAN,
}
EXERCISE_FIELDS = [
    "series_id",
    "start_date",
    "start_precision",
    "end_date",
    "end_precision",
    "domain",
    "focus",
    "location",
    "latitude",
    "longitude",
    "unknown_participants",
]
MME_ID_LENGTH = 20  # Exercise.mme_id
COORDINATE = Decimal("0.00001")


def participant_columns(header) -> list[str]:
    """StateA..StateZ, StateAA..StateAM, in that order, whatever the file's column order."""
    columns = [c for c in header if re.fullmatch(r"State[A-Z]{1,2}", c)]
    return sorted(columns, key=lambda c: (len(c), c))


def _flag(row, column) -> bool:
    try:
        return float((row.get(column) or "0").strip() or 0) > 0
    except ValueError:
        return False


def parse_raw_date(text: str) -> tuple[datetime.date, str]:
    """ "1/14/80", "1/14/1980", "1980-01-14", "1980-01-xx", "1980-xx-xx"."""
    text = (text or "").strip()
    if "/" in text:
        month, day, year = [*text.split("/"), "", ""][:3]
        year_number = part(year)
        if year_number is not None and year_number < 100:
            # MME covers 1980-2010: a two-digit year below 50 is in the 2000s.
            year = str(year_number + (2000 if year_number < 50 else 1900))
        return partial_date(year, month, day)
    if "-" in text:
        year, month, day = [*text.split("-"), "", ""][:3]
        return partial_date(year, month, day)
    return partial_date(text)


def row_date(row, prefix: str, raw_column: str):
    """(date, precision) from the split columns, else the raw one; None when absent."""
    if not is_missing(row.get(f"{prefix}.year")) and part(row.get(f"{prefix}.year")):
        return partial_date(
            row[f"{prefix}.year"], row.get(f"{prefix}.month"), row.get(f"{prefix}.day")
        )
    raw = row.get(raw_column, "")
    if is_missing(raw):
        return None
    return parse_raw_date(raw)


def domain_of(row) -> str:
    if _flag(row, "Humanitarian") and not _flag(row, "Warfighting"):
        return Domain.HADR
    domains = [domain for flag, domain in DOMAIN_FLAGS.items() if _flag(row, flag)]
    if len(domains) == 1:
        return domains[0]
    if len(domains) > 1:
        return Domain.JOINT
    if _flag(row, "CPX"):
        return Domain.COMMAND_POST
    if _flag(row, "Peacekeeping") and not _flag(row, "Warfighting"):
        return Domain.PEACEKEEPING
    return Domain.JOINT


def focus_of(row) -> str:
    foci = [focus for flag, focus in FOCUS_FLAGS.items() if _flag(row, flag)]
    if len(foci) > 1:
        return Focus.MIXED
    return foci[0] if foci else ""


def _coordinate(value, limit, line, report, what):
    if is_missing(value):
        return None
    try:
        number = Decimal(str(value).strip()).quantize(COORDINATE)
    except (InvalidOperation, ValueError):
        report.warn(line, f"{what} {value!r} is not a number; left empty")
        return None
    if abs(number) > limit:
        report.warn(line, f"{what} {value} is out of range; left empty")
        return None
    return number


def _text(value) -> str:
    return "" if is_missing(value) else str(value).strip()


def exercise_slug(mme_id: str) -> str:
    """ "mme87" -> "mme-87"; any other id -> "mme-" and its slug."""
    match = re.fullmatch(r"mme[-_ ]?(\d+)", mme_id, re.IGNORECASE)
    return f"mme-{match.group(1)}" if match else slugify(f"mme-{mme_id}")[:140]


@dataclass
class Participants:
    """A row's participants: nations and organizations by id, and what was not named."""

    nations: dict = field(default_factory=dict)
    organizations: dict = field(default_factory=dict)
    unknown: int = 0  # -9, or a blank cell before the last named participant
    names: int = 0  # cells holding a name
    resolved: int = 0  # names that resolved to a nation or an organization
    unresolved: list = field(default_factory=list)


def read_participants(row, columns, on, resolver, report, line, mme_id) -> Participants:
    found = Participants()
    cells = [(column, (row.get(column) or "").strip()) for column in columns]
    while cells and not cells[-1][1]:
        cells.pop()  # trailing blanks are unused columns, not unknown participants
    for column, name in cells:
        if is_missing(name):
            found.unknown += 1
            continue
        found.names += 1
        nation = resolver.resolve(name, on=on)
        organization = None if nation else resolver.resolve_organization(name)
        if nation is not None:
            if nation.pk in found.nations:
                report.warn(line, f"MMEID {mme_id}: {name!r} ({column}) is listed twice")
            found.nations.setdefault(nation.pk, nation)
        elif organization is not None:
            found.organizations[organization.pk] = organization
        else:
            report.warn(line, f"MMEID {mme_id}: unknown participant {name!r} ({column})")
            found.unresolved.append(name)
            continue
        found.resolved += 1
    return found


def import_mme(
    path,
    *,
    dry_run: bool = False,
    version: str = "7",
    progress=None,
    max_skipped: float = DEFAULT_MAX_SKIPPED,
):
    """Import the MME wide CSV (comma- or tab-separated, bare or in a zip); returns the
    Report. Raises ImportFailed."""
    file = read_csv(Path(path), REQUIRED, member=WIDE_FILE)
    report = Report(dataset=f"MME v{version}", max_skipped=max_skipped, rows=len(file.rows))
    if file.encoding != "utf-8":
        report.warn(None, f"{file.name} is not UTF-8; read as {file.encoding}")
    return run(
        lambda rep: _import(rep, file.header, file.rows, version, progress),
        dry_run=dry_run,
        report=report,
    )


def _import(report: Report, header, rows, version, progress):
    resolver = NameResolver.from_db()
    columns = participant_columns(header)
    source = dataset_source(
        Dataset.MME,
        version,
        title=f"Multinational Military Exercises (MME) dataset, version {version}",
        # The dataset of record (tests/data/datasets/SOURCES.md): D'Orazio and Galambos.
        url="https://doi.org/10.7910/DVN/KHFODX",
        publisher="D'Orazio and Galambos",
    )
    existing = defaultdict(list)
    for exercise in Exercise.objects.filter(mme_id__isnull=False).order_by("pk"):
        existing[exercise.mme_id].append(exercise)
    slugs = set(Exercise.objects.filter(slug__startswith="mme-").values_list("slug", flat=True))
    series = {name_key(s.name): s for s in ExerciseSeries.objects.all()}
    series_slugs = set(ExerciseSeries.objects.values_list("slug", flat=True))
    existing_ids = [e.pk for group in existing.values() for e in group]
    nations_of = defaultdict(set)
    for exercise_id, nation_id in Participation.objects.filter(
        exercise_id__in=existing_ids
    ).values_list("exercise_id", "nation_id"):
        nations_of[exercise_id].add(nation_id)
    orgs_through = Exercise.organizations.through
    orgs_of = defaultdict(set)
    for exercise_id, org_id in orgs_through.objects.filter(
        exercise_id__in=existing_ids
    ).values_list("exercise_id", "organization_id"):
        orgs_of[exercise_id].add(org_id)
    cited = set(
        Exercise.sources.through.objects.filter(
            source=source, exercise_id__in=existing_ids
        ).values_list("exercise_id", flat=True)
    )

    occurrences = defaultdict(list)  # MMEID -> lines, in file order
    to_create, to_update, wanted = [], [], {}
    names = resolved = unknown = partial = 0
    unresolved = Counter()
    now = timezone.now()
    bar = Progress(len(rows), "MME", stream=progress)
    for done, (line, row) in enumerate(rows, start=1):
        bar.update(done)
        if EXTRA in row:
            report.warn(line, f"{len(row[EXTRA])} cell(s) beyond the header ignored")
        mme_id = (row.get("MMEID") or "").strip()
        if not mme_id:
            report.skip(line, "no MMEID")
            continue
        if len(mme_id) > MME_ID_LENGTH:
            report.skip(line, f"MMEID {mme_id[:40]!r} is longer than {MME_ID_LENGTH} characters")
            continue
        try:
            start = row_date(row, "s", "StartDate")
        except ValueError as error:
            start, start_error = None, error
        else:
            start_error = "no start date"
        if start is None:
            report.skip(line, f"MMEID {mme_id}: unreadable start date ({start_error})")
            continue
        start_date, start_precision = start
        try:
            end = row_date(row, "e", "EndDate")
        except ValueError as error:
            report.warn(line, f"MMEID {mme_id}: unreadable end date ({error}); left empty")
            end = None
        if end and period_end(*end) < start_date:
            report.warn(line, f"MMEID {mme_id}: end {end[0]} before start; left empty")
            end = None
        end_date, end_precision = end if end else (None, DatePrecision.DAY)
        if end_date:
            end_date = max(end_date, start_date)  # an imprecise end may share the start's month

        occurrence = len(occurrences[mme_id])
        occurrences[mme_id].append(line)
        if occurrence:
            report.warn(
                line,
                f"MMEID {mme_id} is also used by row {occurrences[mme_id][0]}; both exercises kept",
            )

        series_name = _text(row.get("Series_Name"))
        series_obj = None
        if series_name:
            series_obj = series.get(name_key(series_name))
            if series_obj is None:
                slug = _unique_slug(slugify(series_name)[:140] or "series", series_slugs)
                series_obj = ExerciseSeries.objects.create(name=series_name[:150], slug=slug)
                series[name_key(series_name)] = series_obj
                report.count("exercise series created")

        found = read_participants(row, columns, start_date, resolver, report, line, mme_id)
        nations, organizations = found.nations, found.organizations
        names += found.names
        resolved += found.resolved
        unresolved.update(found.unresolved)
        unknown += found.unknown
        partial += bool(found.unknown)

        fields = {
            "series_id": series_obj.pk if series_obj else None,
            "start_date": start_date,
            "start_precision": start_precision,
            "end_date": end_date,
            "end_precision": end_precision,
            "domain": domain_of(row),
            "focus": focus_of(row),
            "location": _text(row.get("Location"))[:250],
            "latitude": _coordinate(row.get("lat"), 90, line, report, "lat"),
            "longitude": _coordinate(row.get("lon"), 180, line, report, "lon"),
            "unknown_participants": min(found.unknown, 32767),
        }
        matches = existing.get(mme_id, [])
        exercise = matches[occurrence] if occurrence < len(matches) else None
        if exercise is None:
            base = exercise_slug(mme_id)
            base = base if not occurrence else f"{base}-{occurrence + 1}"
            description = "\n\n".join(
                text
                for text in (
                    _text(row.get("FocusDescription")),
                    _text(row.get("AdditionalParticipantInfo")),
                )
                if text
            )
            exercise = Exercise(
                mme_id=mme_id,
                slug=_unique_slug(base, slugs),
                name=(_text(row.get("Ex_Name")) or f"Unnamed exercise {mme_id}")[:200],
                description=description,
                **fields,
            )
            to_create.append(exercise)
            wanted[line] = (exercise, nations, organizations, True)
            report.created += 1
            continue
        differs = any(getattr(exercise, name) != value for name, value in fields.items())
        links_differ = (
            set(nations) != nations_of[exercise.pk] or set(organizations) != orgs_of[exercise.pk]
        )
        if differs:
            for name, value in fields.items():
                setattr(exercise, name, value)
            exercise.updated_at = now
            to_update.append(exercise)
        if links_differ:
            wanted[line] = (exercise, nations, organizations, False)
        if differs or links_differ or exercise.pk not in cited:
            report.updated += 1
        else:
            report.unchanged += 1
    bar.close()

    Exercise.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        Exercise.objects.bulk_update(to_update, [*EXERCISE_FIELDS, "updated_at"], batch_size=500)
    _write_links(wanted, nations_of, orgs_of, report)
    ids = [e.pk for e in to_create] + existing_ids
    Exercise.sources.through.objects.bulk_create(
        [
            Exercise.sources.through(exercise_id=pk, source_id=source.pk)
            for pk in ids
            if pk not in cited
        ],
        ignore_conflicts=True,
    )
    report.count("rows read", len(rows))
    report.note(f"participants: {resolved:,} of {names:,} names resolved{_share(resolved, names)}")
    if unresolved:
        listed = ", ".join(f"{name!r} ({n})" for name, n in sorted(unresolved.items()))
        report.note(f"names not resolved: {listed}")
    report.note(
        f"unknown participants (-9 or blank): {unknown:,}, on {partial:,} exercises "
        "(their lists are partial)"
    )


def _share(part: int, whole: int) -> str:
    """ " (99.9%)", rounded down so that only all of them reads 100%."""
    return f" ({math.floor(part / whole * 1000) / 10}%)" if whole else ""


def _unique_slug(base: str, taken: set) -> str:
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    taken.add(slug)
    return slug


def _write_links(wanted, nations_of, orgs_of, report):
    """Participants and organizations of new and changed exercises, in bulk."""
    remove_nations, add_nations, remove_orgs, add_orgs = [], [], [], []
    through = Exercise.organizations.through
    for exercise, nations, organizations, _new in wanted.values():
        have, want = nations_of.get(exercise.pk, set()), set(nations)
        remove_nations += [(exercise.pk, pk) for pk in have - want]
        add_nations += [
            Participation(exercise_id=exercise.pk, nation_id=pk) for pk in sorted(want - have)
        ]
        have, want = orgs_of.get(exercise.pk, set()), set(organizations)
        remove_orgs += [(exercise.pk, pk) for pk in have - want]
        add_orgs += [
            through(exercise_id=exercise.pk, organization_id=pk) for pk in sorted(want - have)
        ]
    for exercise_id, nation_id in remove_nations:
        Participation.objects.filter(exercise_id=exercise_id, nation_id=nation_id).delete()
    for exercise_id, org_id in remove_orgs:
        through.objects.filter(exercise_id=exercise_id, organization_id=org_id).delete()
    Participation.objects.bulk_create(add_nations, batch_size=1000)
    through.objects.bulk_create(add_orgs, batch_size=1000)
    report.count("participations written", len(add_nations))
    report.count("participations removed", len(remove_nations))
