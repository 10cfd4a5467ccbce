"""Mistakes in the reference data that a reader would catch and a machine can.

`check_reference_data(data_dir)` loads the files into the database inside a transaction
that is rolled back, then reads the records the files define and reports, each with its
file, record slug and field:

- a member or participant dated outside its nation's statehood (the COW spells; a nation
  without spells is not checked, and a spell starting on COW's first day, 1816-01-01,
  is open towards the past: COW's coverage starts there, not the state);
- a partnership member's span outside the partnership's own span;
- an exercise whose dates miss the four-digit year in its name ("RIMPAC 2024" held in
  2023; two-digit names such as "Keen Sword 21" are fiscal years and are not read);
- a source published before the event it is cited for, unless it is marked
  `announcement: true` (a preview written before the event);
- a partnership whose start is not the entry into force: its description gives an entry
  into force on another day, or its start is the signature while a later entry into force
  is recorded.

Imprecise dates are read generously (a start "1955" may be any day of 1955), so only a
sure mistake is reported. Known departures that the sources support are listed, each
with its reason, in `check_exceptions.yaml` in the data directory.
"""

import calendar
import datetime
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction

from ..date_precision import latest_day
from ..models import (
    Engagement,
    Exercise,
    Membership,
    Organization,
    Partnership,
    PartnershipMember,
    Statehood,
)

EXCEPTIONS_FILE = "check_exceptions.yaml"
COW_FIRST_DAY = datetime.date(1816, 1, 1)
ONE_DAY = datetime.timedelta(days=1)
FILES = {
    Partnership: "partnerships.yaml",
    Organization: "organizations.yaml",
    Exercise: "exercises.yaml",
    Engagement: "engagements.yaml",
}


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    slug: str
    field: str
    message: str

    def __str__(self):
        return f"{self.file}: record {self.slug!r}: field {self.field!r}: {self.message}"


# --- which records the files define -------------------------------------------------------


def _slugs(data_dir: Path):
    """{model: set of slugs} of the records the reference files define."""

    def read(name):
        path = data_dir / name
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
        return data if isinstance(data, list) else []

    exercises = [
        edition.get("slug")
        for block in read(FILES[Exercise])
        if isinstance(block, dict)
        for edition in block.get("editions") or []
        if isinstance(edition, dict)
    ]
    slugs = {
        model: {r.get("slug") for r in read(name) if isinstance(r, dict)}
        for model, name in FILES.items()
    }
    slugs[Exercise] = set(exercises)
    return slugs


# --- the checks ---------------------------------------------------------------------------


def _spells():
    spells = {}
    for spell in Statehood.objects.order_by("start_date"):
        spells.setdefault(spell.nation_id, []).append(spell)
    return spells


def _statehood_problem(spells, start, start_precision, end, end_precision):
    """None, or (which end is outside, message) for a span against a nation's spells."""
    earliest_start, latest_start = start, latest_day(start, start_precision)
    for spell in spells:
        opens = None if spell.start_date == COW_FIRST_DAY else spell.start_date
        starts_inside = (opens is None or latest_start >= opens) and (
            spell.end_date is None or earliest_start <= spell.end_date
        )
        if not starts_inside:
            continue
        # A membership may end on the day after the state's last day (unification took
        # effect on 3 October 1990, East Germany's last day was the 2nd).
        if spell.end_date is not None and (end is None or end > spell.end_date + ONE_DAY):
            shown = "is still open" if end is None else f"{end} is"
            return "left", f"{shown} after the state ended ({spell.end_date})"
        return None
    ranges = ", ".join(f"{s.start_date}–{s.end_date or ''}" for s in spells)
    return "joined", f"{start} is outside the state's existence ({ranges})"


def check_statehood(slugs, spells):
    findings = []
    memberships = Membership.objects.filter(organization__slug__in=slugs[Organization])
    rows = [
        (FILES[Organization], m.organization.slug, "members", m)
        for m in memberships.select_related("organization", "nation")
    ]
    members = PartnershipMember.objects.filter(partnership__slug__in=slugs[Partnership])
    rows += [
        (FILES[Partnership], m.partnership.slug, "members", m)
        for m in members.select_related("partnership", "nation")
    ]
    for file, slug, key, row in rows:
        if row.nation_id not in spells:
            continue
        problem = _statehood_problem(
            spells[row.nation_id], row.joined, row.joined_precision, row.left, row.left_precision
        )
        if problem:
            end, message = problem
            findings.append(
                Finding(file, slug, f"{key}[{row.nation.slug}].{end}", f"{row.nation}: {message}")
            )
    exercises = Exercise.objects.filter(slug__in=slugs[Exercise]).prefetch_related(
        "participations__nation"
    )
    for exercise in exercises:
        end = latest_day(exercise.end_date, exercise.end_precision) or exercise.start_date
        for participation in exercise.participations.all():
            nation = participation.nation
            if nation.pk not in spells:
                continue
            problem = _statehood_problem(
                spells[nation.pk], exercise.start_date, exercise.start_precision, end, "day"
            )
            if problem:
                findings.append(
                    Finding(
                        FILES[Exercise],
                        exercise.slug,
                        f"participants[{nation.slug}]",
                        f"{nation}: {problem[1]}",
                    )
                )
    return findings


def check_member_spans(slugs):
    findings = []
    members = PartnershipMember.objects.filter(partnership__slug__in=slugs[Partnership])
    for member in members.select_related("partnership", "nation"):
        partnership = member.partnership
        where = f"members[{member.nation.slug}]"
        if latest_day(member.joined, member.joined_precision) < partnership.start_date:
            findings.append(
                Finding(
                    FILES[Partnership],
                    partnership.slug,
                    f"{where}.joined",
                    f"{member.joined} is before the partnership's start ({partnership.start_date})",
                )
            )
        ends = latest_day(partnership.end_date, partnership.end_precision)
        if ends is not None and (member.left is None or member.left > ends):
            findings.append(
                Finding(
                    FILES[Partnership],
                    partnership.slug,
                    f"{where}.left",
                    f"{member.left or 'still a member'}: after the partnership's end "
                    f"({partnership.end_date})",
                )
            )
    return findings


_NAMED_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")


def check_edition_years(slugs):
    findings = []
    for exercise in Exercise.objects.filter(slug__in=slugs[Exercise]):
        years = {int(year) for year in _NAMED_YEAR.findall(exercise.name)}
        if len(years) != 1:
            continue
        (year,) = years
        first = exercise.start_date
        last = latest_day(exercise.end_date, exercise.end_precision) or latest_day(
            first, exercise.start_precision
        )
        if not first.year <= year <= last.year:
            findings.append(
                Finding(
                    FILES[Exercise],
                    exercise.slug,
                    "start",
                    f"held {first} – {last}, outside the year in its name ({year})",
                )
            )
    return findings


def _event_day(record):
    """The first day of what a record reports: a signature, a founding, a start."""
    if isinstance(record, Partnership):
        return record.signed_date or record.start_date
    if isinstance(record, Organization):
        return record.founded
    return record.start_date


def check_source_dates(slugs):
    findings = []
    for model in (Partnership, Organization, Exercise, Engagement):
        records = model.objects.filter(slug__in=slugs[model]).prefetch_related("sources")
        for record in records:
            event = _event_day(record)
            if event is None:
                continue
            for source in record.sources.all():
                if source.published and source.published < event and not source.announcement:
                    findings.append(
                        Finding(
                            FILES[model],
                            record.slug,
                            f"sources[{source.slug}]",
                            f"published {source.published}, before the event ({event}); "
                            "mark it `announcement: true` if it is a preview",
                        )
                    )
    return findings


_MONTHS = "|".join(calendar.month_name[1:])
_DAY = rf"(\d{{1,2}}) ({_MONTHS}) (\d{{4}})"
_IN_FORCE = re.compile(
    rf"(?:in force (?:from|on|since)|entered into force on|came into force on|"
    rf"took effect on) {_DAY}"
)


def _described_entry_into_force(description):
    days = set()
    for day, month, year in _IN_FORCE.findall(description or ""):
        month_number = list(calendar.month_name).index(month)
        try:
            days.add(datetime.date(int(year), month_number, int(day)))
        except ValueError:
            continue
    return days


def check_entry_into_force(slugs):
    findings = []
    for partnership in Partnership.objects.filter(slug__in=slugs[Partnership]):
        described = _described_entry_into_force(partnership.description)
        start = partnership.start_date
        wrong = sorted(day for day in described if day != start)
        if wrong:
            findings.append(
                Finding(
                    FILES[Partnership],
                    partnership.slug,
                    "start",
                    f"{start} is not the entry into force the description gives ({wrong[0]})",
                )
            )
        elif partnership.signed_date and partnership.signed_date > start:
            findings.append(
                Finding(
                    FILES[Partnership],
                    partnership.slug,
                    "start",
                    f"{start} is before the signature ({partnership.signed_date})",
                )
            )
    return findings


# --- running them -------------------------------------------------------------------------


def read_exceptions(data_dir: Path):
    """{(file, slug, field)} of the departures the data dir's exceptions file allows."""
    path = Path(data_dir) / EXCEPTIONS_FILE
    if not path.exists():
        return set()
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    allowed = set()
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("reason"):
            raise ValueError(f"{path}: every exception needs file, slug, field and a reason")
        allowed.add((entry["file"], entry["slug"], entry["field"]))
    return allowed


def check_catalogue(data_dir: Path):
    """Findings about the records of `data_dir` as they are in the database now."""
    data_dir = Path(data_dir)
    slugs = _slugs(data_dir)
    findings = [
        *check_statehood(slugs, _spells()),
        *check_member_spans(slugs),
        *check_edition_years(slugs),
        *check_source_dates(slugs),
        *check_entry_into_force(slugs),
    ]
    allowed = read_exceptions(data_dir)
    return sorted(f for f in findings if (f.file, f.slug, f.field) not in allowed)


def check_reference_data(data_dir):
    """Load `data_dir` (rolled back afterwards) and return what check_catalogue finds."""
    from . import load_reference_data

    with transaction.atomic():
        load_reference_data(data_dir, verbosity=0)
        findings = check_catalogue(data_dir)
        transaction.set_rollback(True)
    return findings
