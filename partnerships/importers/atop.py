"""ATOP member-level file (v4.01, v5.x) to partnerships keyed by `atop_id`.

One file row is one member in one phase of an alliance. Rows of a member in contiguous
phases merge into one PartnershipMember span whose ObligationPeriods keep each phase's
obligations; a gap starts a new span. Members are found by COW code at their entry date,
so a state that no longer exists is the historical nation (see importers/name_resolver.py). A
code no nation carries is never dropped: it becomes a nation marked `unrecognised`,
named "COW <code> (unrecognised)" until a curator names it, and the report lists it.

The files are read as published: a bare CSV or the official zip (the member file found
by its name, `atop5_1m.csv`, wherever it lies inside). The alliance-level file
(`atop5_1a.csv`: `--alliances`, or read from the same zip) gives each alliance its begin
and end dates and its provisions (military aid, bases, integrated command, formal
organization), which the v5 member file lacks; without it, they are derived from the
member rows.

Dataset-owned fields, rewritten on every import: kind, dates and precisions, obligation
flags, provisions, members with their spans and periods, the citation of the ATOP source.
Editor-owned: name, slug and description are written when a partnership is created and
never again, and partnerships with no `atop_id` are never read or written.
"""

from __future__ import annotations

import datetime
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone

from ..models import (
    Dataset,
    Nation,
    ObligationPeriod,
    Partnership,
    PartnershipKind,
    PartnershipMember,
)
from .base import (
    DEFAULT_MAX_SKIPPED,
    EXTRA,
    ImportFailed,
    Progress,
    Report,
    dataset_source,
    find_in_zip,
    read_csv,
    run,
)
from .dataset_dates import part, partial_date, period_end
from .name_resolver import NameResolver

REQUIRED = {"atopid", "member", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit"}
ALLIANCE_REQUIRED = {"atopid", "begyr", "begmo", "begday", "endyr", "endmo", "endday"}
# File names inside the official zip: atop5_1m.csv (members), atop5_1a.csv (alliances).
MEMBER_FILE = r"atop[^/]*m\.csv"
ALLIANCE_FILE = r"atop[^/]*a\.csv"
# ATOP column → our obligation flag, in the order a name states them.
OBLIGATIONS = {
    "defense": "defense",
    "offense": "offense",
    "neutral": "neutrality",
    "nonagg": "nonaggression",
    "consul": "consultation",
}
PROVISIONS = {
    "milaid": "military_aid",
    "base": "bases",
    "intcom": "integrated_command",
    "organ1": "formal_organization",
}
LABELS = {
    "defense": "Defence pact",
    "offense": "Offence pact",
    "neutrality": "Neutrality pact",
    "nonaggression": "Non-aggression pact",
    "consultation": "Consultation pact",
}
FLAG_FIELDS = list(OBLIGATIONS.values())
PARTNERSHIP_FIELDS = [
    "kind",
    "start_date",
    "start_precision",
    "end_date",
    "end_precision",
    *FLAG_FIELDS,
    *PROVISIONS.values(),
]
ONE_DAY = datetime.timedelta(days=1)


@dataclass
class PhaseRow:
    line: int
    atop_id: int
    code: int
    phase: int
    joined: datetime.date
    joined_precision: str
    left: datetime.date | None
    left_precision: str
    flags: dict
    provisions: dict
    bilat: int | None
    nation: object = None


@dataclass
class Span:
    nation: object
    rows: list[PhaseRow] = field(default_factory=list)

    @property
    def joined(self):
        return self.rows[0].joined, self.rows[0].joined_precision

    @property
    def left(self):
        last = self.rows[-1]
        return last.left, last.left_precision

    @staticmethod
    def _flags(row):
        return tuple(row.flags[f] for f in FLAG_FIELDS)

    def key(self):
        periods = tuple(
            (r.phase, r.joined, r.joined_precision, r.left, r.left_precision, *self._flags(r))
            for r in self.rows
        )
        return (self.nation.pk, *self.joined, *self.left, periods)


def _flag(value) -> bool:
    """ATOP flags: 1 (or more) yes; 0, blank and the missing codes -8/-9 no."""
    try:
        return float(str(value).strip() or 0) > 0
    except ValueError:
        return False


def version_from(name: str, rows) -> str:
    """The version column of the first row, else the file name's (atop5_1m.csv: 5.1)."""
    for _, row in rows[:1]:
        if (row.get("version") or "").strip():
            return row["version"].strip()
    match = re.search(r"atop[_ ]?(\d)[._]?(\d+)", Path(name).name, re.IGNORECASE)
    return f"{match.group(1)}.{match.group(2)}" if match else "unknown"


def parse_row(line: int, row: dict) -> PhaseRow:
    """One member-phase row; ValueError with the reason when it cannot be read."""
    try:
        atop_id, code = int(float(row["atopid"])), int(float(row["member"]))
    except ValueError as error:
        raise ValueError(f"atopid/member is not a number ({error})") from None
    if not 0 < code < 10_000:  # -9 and the like: no state to keep
        raise ValueError(f"ATOP {atop_id}: member {row['member']!r} is not a state code")
    try:
        joined, joined_precision = partial_date(row["yrent"], row["moent"], row["dayent"])
    except ValueError as error:
        raise ValueError(f"ATOP {atop_id}, member {code}: bad entry date ({error})") from None
    left, left_precision = None, "day"
    if any(part(row[c]) for c in ("yrexit", "moexit", "dayexit")):
        try:
            left, left_precision = partial_date(row["yrexit"], row["moexit"], row["dayexit"])
        except ValueError as error:
            raise ValueError(f"ATOP {atop_id}, member {code}: bad exit date ({error})") from None
        if period_end(left, left_precision) < joined:
            raise ValueError(f"ATOP {atop_id}, member {code}: exit {left} before entry {joined}")
        # An exit known only to the year or month may fall in the entry's period: it is
        # then stored on the entry day (never before it), keeping its precision.
        left = max(left, joined)
    phase = part(row.get("phase")) or 0
    bilat = row.get("bilat", "").strip()
    return PhaseRow(
        line=line,
        atop_id=atop_id,
        code=code,
        phase=phase,
        joined=joined,
        joined_precision=joined_precision,
        left=left,
        left_precision=left_precision,
        flags={ours: _flag(row.get(theirs, 0)) for theirs, ours in OBLIGATIONS.items()},
        provisions={ours: _flag(row.get(theirs, 0)) for theirs, ours in PROVISIONS.items()},
        bilat=int(float(bilat)) if bilat and bilat.lstrip("-").replace(".", "").isdigit() else None,
    )


def merge_spans(rows: list[PhaseRow]) -> list[Span]:
    """One span per nation per unbroken stretch of phases (contiguous or overlapping)."""
    spans = []
    by_nation = defaultdict(list)
    for row in rows:
        by_nation[row.nation.pk].append(row)
    for nation_rows in by_nation.values():
        nation_rows.sort(key=lambda r: (r.joined, r.phase))
        current = None
        for row in nation_rows:
            if current is not None:
                left, precision = current.left
                if left is None or row.joined <= period_end(left, precision) + ONE_DAY:
                    current.rows.append(row)
                    continue
            current = Span(nation=row.nation, rows=[row])
            spans.append(current)
    spans.sort(key=lambda s: (s.joined[0], s.rows[0].line))
    return spans


_THE_START = ("United ", "Soviet ", "Republic ", "Kingdom ", "Holy ", "Papal ", "Federated ")
_THE_END = ("Islands", "Republic", "Emirates", "Netherlands", "Philippines", "Bahamas", "States")


def _with_article(name: str) -> str:
    return f"the {name}" if name.startswith(_THE_START) or name.endswith(_THE_END) else name


def generated_name(atop_id: int, flags: dict, spans: list[Span], start: datetime.date) -> str:
    """ "ATOP 3180: Defence pact of the United States and Japan, 1951"."""
    label = next((LABELS[f] for f in FLAG_FIELDS if flags[f]), "Alliance")
    names, seen = [], set()
    for span in spans:
        if span.nation.pk not in seen:
            seen.add(span.nation.pk)
            names.append(_with_article(span.nation.name))
    if len(names) == 1:
        members = names[0]
    elif len(names) <= 3:
        members = f"{', '.join(names[:-1])} and {names[-1]}"
    else:
        others = len(names) - 3
        members = f"{', '.join(names[:3])} and {others} other{'s' if others > 1 else ''}"
    return f"ATOP {atop_id}: {label} of {members}, {start.year}"[:250]


@dataclass
class AllianceRow:
    """What the alliance-level file says about one alliance."""

    line: int
    start: tuple[datetime.date, str]
    end: tuple[datetime.date, str] | None
    provisions: dict


def parse_alliance(line: int, row: dict) -> tuple[int, AllianceRow]:
    """(atopid, AllianceRow) from an alliance-file row; ValueError with the reason."""
    try:
        atop_id = int(float(row["atopid"]))
    except ValueError:
        raise ValueError(f"atopid {row['atopid']!r} is not a number") from None
    try:
        start = partial_date(row["begyr"], row["begmo"], row["begday"])
    except ValueError as error:
        raise ValueError(f"ATOP {atop_id}: bad begin date ({error})") from None
    end = None
    if any(part(row[c]) for c in ("endyr", "endmo", "endday")):
        try:
            end = partial_date(row["endyr"], row["endmo"], row["endday"])
        except ValueError as error:
            raise ValueError(f"ATOP {atop_id}: bad end date ({error})") from None
        if period_end(*end) < start[0]:
            raise ValueError(f"ATOP {atop_id}: end {end[0]} before begin {start[0]}")
        end = (max(end[0], start[0]), end[1])
    provisions = {ours: _flag(row[theirs]) for theirs, ours in PROVISIONS.items() if theirs in row}
    return atop_id, AllianceRow(line=line, start=start, end=end, provisions=provisions)


def read_alliances(path, report: Report) -> dict[int, AllianceRow]:
    """The alliance-level file, by atopid; an unreadable row is reported and ignored (the
    alliance then takes its dates and provisions from its member rows)."""
    file = read_csv(path, ALLIANCE_REQUIRED, lower=True, member=ALLIANCE_FILE)
    report.note(f"alliance file: {file.name} ({len(file.rows):,} alliances)")
    alliances = {}
    for line, row in file.rows:
        try:
            atop_id, alliance = parse_alliance(line, row)
        except ValueError as error:
            report.warn(None, f"alliance file row {line}: {error}; member rows used instead")
            continue
        alliances[atop_id] = alliance
    return alliances


def _alliance_source(path: Path, alliances):
    """The alliance file to read: `alliances`, else the member zip's own, else none."""
    if alliances:
        return alliances
    if zipfile.is_zipfile(path):
        try:
            find_in_zip(path, ALLIANCE_FILE)
        except ImportFailed:
            return None
        return path
    return None


def import_atop(
    path,
    *,
    alliances=None,
    dry_run: bool = False,
    version: str | None = None,
    progress=None,
    max_skipped: float = DEFAULT_MAX_SKIPPED,
):
    """Import an ATOP member-level CSV or the official zip (with the alliance-level file,
    `alliances`, when given or in the zip); returns the Report. Raises ImportFailed."""
    path = Path(path)
    members = read_csv(path, REQUIRED, lower=True, member=MEMBER_FILE)
    version = version or version_from(members.name.rsplit("!", 1)[-1], members.rows)
    report = Report(dataset=f"ATOP {version}", max_skipped=max_skipped, rows=len(members.rows))
    if members.encoding != "utf-8":
        report.warn(None, f"{members.name} is not UTF-8; read as {members.encoding}")
    alliance_path = _alliance_source(path, alliances)
    by_alliance = read_alliances(alliance_path, report) if alliance_path else {}
    return run(
        lambda rep: _import(rep, members.rows, by_alliance, version, progress),
        dry_run=dry_run,
        report=report,
    )


def _import(report: Report, rows, by_alliance, version: str, progress):
    resolver = NameResolver.from_db(organizations=False)
    alliances: dict[int, list[PhaseRow]] = {}
    unknown_codes: dict[int, list[PhaseRow]] = defaultdict(list)
    for line, raw in rows:
        if EXTRA in raw:
            report.warn(line, f"{len(raw[EXTRA])} cell(s) beyond the header ignored")
        try:
            row = parse_row(line, raw)
        except ValueError as error:
            report.skip(line, str(error))
            continue
        row.nation = resolver.by_code(row.code, row.joined)
        if row.nation is None:
            unknown_codes[row.code].append(row)
        alliances.setdefault(row.atop_id, []).append(row)
    _keep_unrecognised(unknown_codes, report)
    _report_unrecognised(alliances, report)
    report.count("rows read", len(rows))
    for atop_id in sorted(set(by_alliance) - set(alliances)):
        report.warn(
            None,
            f"alliance file row {by_alliance[atop_id].line}: ATOP {atop_id} has no member "
            "rows; not imported",
        )

    source = dataset_source(
        Dataset.ATOP,
        version,
        title=f"Alliance Treaty Obligations and Provisions (ATOP), version {version}",
        url="http://www.atopdata.org/",
        publisher="Leeds, Ritter, Mitchell and Long",
    )
    existing = {p.atop_id: p for p in Partnership.objects.filter(atop_id__in=alliances)}
    current_members = _current_members(existing.values())
    cited = set(
        Partnership.sources.through.objects.filter(
            source=source, partnership__atop_id__in=alliances
        ).values_list("partnership_id", flat=True)
    )
    slugs = set(Partnership.objects.filter(slug__startswith="atop-").values_list("slug", flat=True))

    to_create, to_update, members_for = [], [], {}
    bar = Progress(len(alliances), "ATOP", stream=progress)
    now = timezone.now()
    for done, (atop_id, phase_rows) in enumerate(alliances.items(), start=1):
        bar.update(done)
        seen = {}
        kept = []
        for row in phase_rows:
            key = (row.nation.pk, row.phase)
            if key in seen:
                report.skip(
                    row.line,
                    f"ATOP {atop_id}: {row.nation.name} already has phase {row.phase} "
                    f"(row {seen[key]})",
                )
                continue
            seen[key] = row.line
            kept.append(row)
        spans = merge_spans(kept)
        fields = _partnership_fields(atop_id, kept, spans, by_alliance.get(atop_id), report)
        partnership = existing.get(atop_id)
        if partnership is None:
            slug = f"atop-{atop_id}"
            suffix = 2
            while slug in slugs:
                slug, suffix = f"atop-{atop_id}-{suffix}", suffix + 1
            slugs.add(slug)
            partnership = Partnership(
                atop_id=atop_id,
                slug=slug,
                name=generated_name(atop_id, fields, spans, fields["start_date"]),
                **fields,
            )
            to_create.append(partnership)
            members_for[atop_id] = (partnership, spans)
            report.created += 1
            continue
        differs = any(getattr(partnership, name) != value for name, value in fields.items())
        wanted = sorted(span.key() for span in spans)
        members_differ = wanted != current_members.get(partnership.pk, [])
        if differs:
            for name, value in fields.items():
                setattr(partnership, name, value)
            partnership.updated_at = now
            to_update.append(partnership)
        if members_differ:
            members_for[atop_id] = (partnership, spans)
        if differs or members_differ or partnership.pk not in cited:
            report.updated += 1
        else:
            report.unchanged += 1
    bar.close()

    Partnership.objects.bulk_create(to_create)
    if to_update:
        Partnership.objects.bulk_update(to_update, [*PARTNERSHIP_FIELDS, "updated_at"])
    _write_members(members_for, report, {p.pk for p in existing.values()})
    all_ids = [p.pk for p in to_create] + [p.pk for p in existing.values()]
    Partnership.sources.through.objects.bulk_create(
        [
            Partnership.sources.through(partnership_id=pk, source_id=source.pk)
            for pk in all_ids
            if pk not in cited
        ],
        ignore_conflicts=True,
    )


def _partnership_fields(atop_id, rows, spans, alliance: AllianceRow | None, report) -> dict:
    first = min(rows, key=lambda r: r.joined)
    open_ended = any(r.left is None for r in rows)
    last = None if open_ended else max(rows, key=lambda r: period_end(r.left, r.left_precision))
    nations = {span.nation.pk for span in spans}
    bilat = next((r.bilat for r in rows if r.bilat is not None), None)
    bilateral = bilat == 1 if bilat is not None else len({r.code for r in rows}) == 2
    if bilateral and len(nations) != 2:
        report.warn(
            rows[0].line,
            f"ATOP {atop_id} is bilateral but has {len(nations)} member nations here; "
            "imported as multilateral",
        )
        bilateral = False
    start = (first.joined, first.joined_precision)
    end = (last.left, last.left_precision) if last else (None, "day")
    if alliance is not None:
        start = alliance.start
        end = alliance.end or (None, "day")
    fields = {
        "kind": PartnershipKind.BILATERAL if bilateral else PartnershipKind.MULTILATERAL,
        "start_date": start[0],
        "start_precision": start[1],
        "end_date": end[0],
        "end_precision": end[1],
    }
    for name in FLAG_FIELDS:
        fields[name] = any(r.flags[name] for r in rows)
    for name in PROVISIONS.values():
        if alliance is not None and name in alliance.provisions:
            fields[name] = alliance.provisions[name]
        else:
            fields[name] = any(r.provisions[name] for r in rows)
    return fields


def _keep_unrecognised(unknown_codes: dict[int, list[PhaseRow]], report):
    """A nation for every member code no nation carries, so no member is dropped: named
    from the code and marked `unrecognised` until a curator names it."""
    if not unknown_codes:
        return
    names = set(Nation.objects.values_list("name", flat=True))
    slugs = set(Nation.objects.values_list("slug", flat=True))
    created = []
    for code in sorted(unknown_codes):
        name, slug, suffix = f"COW {code} (unrecognised)", f"cow-{code}", 2
        while name in names or slug in slugs:
            name, slug = f"COW {code} (unrecognised {suffix})", f"cow-{code}-{suffix}"
            suffix += 1
        names.add(name)
        slugs.add(slug)
        created.append(Nation(name=name, slug=slug, cow_code=code, unrecognised=True))
    Nation.objects.bulk_create(created)
    for nation in created:
        for row in unknown_codes[nation.cow_code]:
            row.nation = nation
    report.count("unrecognised nations created", len(created))


def _report_unrecognised(alliances: dict[int, list[PhaseRow]], report):
    """Every member still marked unrecognised, with the rows that name it."""
    rows_of = defaultdict(list)
    for phase_rows in alliances.values():
        for row in phase_rows:
            if row.nation.unrecognised:
                rows_of[row.nation].append(row.line)
    for nation, lines in sorted(rows_of.items(), key=lambda item: item[1][0]):
        shown = ", ".join(map(str, lines[:10])) + (", ..." if len(lines) > 10 else "")
        report.warn(
            lines[0],
            f"member code {nation.cow_code} is not a state the COW crosswalk knows: kept as "
            f"the unrecognised nation {nation.name!r} until a curator names it (rows {shown})",
        )


def _current_members(partnerships) -> dict[int, list]:
    """Each partnership's member spans in the comparable form of `Span.key`: two queries."""
    ids = [p.pk for p in partnerships]
    periods = defaultdict(list)
    for period in ObligationPeriod.objects.filter(member__partnership_id__in=ids).order_by(
        "start_date", "phase"
    ):
        periods[period.member_id].append(
            (
                period.phase,
                period.start_date,
                period.start_precision,
                period.end_date,
                period.end_precision,
                *(getattr(period, f) for f in FLAG_FIELDS),
            )
        )
    result = defaultdict(list)
    for member in PartnershipMember.objects.filter(partnership_id__in=ids):
        result[member.partnership_id].append(
            (
                member.nation_id,
                member.joined,
                member.joined_precision,
                member.left,
                member.left_precision,
                tuple(periods[member.pk]),
            )
        )
    return {pk: sorted(spans) for pk, spans in result.items()}


def _write_members(members_for: dict, report: Report, existing_ids: set):
    """Replace the member spans of new and changed partnerships, in bulk."""
    stale = [p.pk for p, _ in members_for.values() if p.pk in existing_ids]
    if stale:
        ObligationPeriod.objects.filter(member__partnership_id__in=stale).delete()
        PartnershipMember.objects.filter(partnership_id__in=stale).delete()
    members, periods = [], []
    for partnership, spans in members_for.values():
        for span in spans:
            joined, joined_precision = span.joined
            left, left_precision = span.left
            member = PartnershipMember(
                partnership=partnership,
                nation=span.nation,
                joined=joined,
                joined_precision=joined_precision,
                left=left,
                left_precision=left_precision,
            )
            members.append(member)
            periods += [
                ObligationPeriod(
                    member=member,
                    phase=row.phase,
                    start_date=row.joined,
                    start_precision=row.joined_precision,
                    end_date=row.left,
                    end_precision=row.left_precision,
                    **row.flags,
                )
                for row in span.rows
            ]
    PartnershipMember.objects.bulk_create(members, batch_size=1000)
    for period in periods:
        period.member_id = period.member.pk
    ObligationPeriod.objects.bulk_create(periods, batch_size=1000)
    report.count("member spans written", len(members))
    report.count("obligation periods written", len(periods))


__all__ = ["ImportFailed", "import_atop"]
