"""`make_release VERSION`: a dated, checksummed snapshot of the catalogue.

A release directory holds the research outputs as CSV (dyad-years over the whole range,
nation-years, exercise-participations, sources resolving every source slug in them), the
whole export (`export_dataset`: every public record as CSV and JSON) zipped, a README with
the columns, a CITATION.cff, a CHANGELOG.md of the records added, changed and removed since
the previous release (from `records.json`, each public record's last change), SHA256SUMS
and `manifest.json`. A release is fixed: an existing version is refused.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import shutil
import tempfile
import zipfile
from pathlib import Path

from django.utils import timezone

from .cache import bump_catalogue_version
from .exports.csvrows import csv_chunks
from .exports.dyadyears import COLUMNS as DYAD_COLUMNS
from .exports.dyadyears import DyadQuery, default_range, dyad_years
from .exports.nationyears import COLUMNS as NATION_YEAR_COLUMNS
from .exports.nationyears import nation_years
from .exports.participations import COLUMNS as PARTICIPATION_COLUMNS
from .exports.participations import participations
from .importers.dataset import export_dataset
from .models import Article, Engagement, Exercise, Nation, Organization, Partnership, Source
from .releases import MANIFEST, VERSION_RE, list_releases, releases_dir

SOURCE_COLUMNS = ["slug", "title", "url", "publisher", "published", "dataset", "dataset_version"]
RECORD_KINDS = {  # kind -> its public records
    "nation": lambda: Nation.objects.all(),
    "organization": lambda: Organization.objects.all(),
    "partnership": lambda: Partnership.objects.all(),
    "exercise": lambda: Exercise.objects.all(),
    "engagement": lambda: Engagement.objects.all(),
    "article": lambda: Article.objects.published(),
    "source": lambda: Source.objects.all(),
}


class ReleaseError(Exception):
    pass


def _write_csv(path: Path, columns, rows) -> int:
    """Write the rows; returns how many there were."""
    counted = _Counted(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.writelines(csv_chunks(columns, counted))
    return counted.count


class _Counted:
    def __init__(self, rows):
        self.rows, self.count = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


def _sources():
    for source in Source.objects.order_by("slug"):
        yield {
            "slug": source.slug,
            "title": source.title,
            "url": source.url,
            "publisher": source.publisher,
            "published": source.published.isoformat() if source.published else None,
            "dataset": source.dataset,
            "dataset_version": source.dataset_version,
        }


def _records() -> dict[str, dict[str, str]]:
    """Every public record's last change, by kind and slug."""
    return {
        kind: {
            slug: changed.isoformat()
            for slug, changed in select().values_list("slug", "updated_at")
        }
        for kind, select in RECORD_KINDS.items()
    }


def _changelog(version, date, records, previous) -> str:
    lines = [f"# Changes in release {version} ({date})", ""]
    if previous is None:
        lines += ["The first release: every record is new.", ""]
        for kind, slugs in records.items():
            lines.append(f"- {kind}: {len(slugs)} records")
        return "\n".join([*lines, ""])
    old = json.loads((previous.path / "records.json").read_text(encoding="utf-8"))
    lines += [f"Since release {previous.version} ({previous.date}).", ""]
    for kind, now in records.items():
        before = old.get(kind, {})
        added = sorted(set(now) - set(before))
        removed = sorted(set(before) - set(now))
        changed = sorted(slug for slug in set(now) & set(before) if now[slug] != before[slug])
        lines.append(f"## {kind}")
        lines.append("")
        for label, slugs in (("Added", added), ("Changed", changed), ("Removed", removed)):
            lines.append(f"- {label} ({len(slugs)}): {', '.join(slugs) if slugs else 'none'}")
        lines.append("")
    return "\n".join(lines)


def _readme(version, date) -> str:
    def table(columns, meaning):
        return ["| column | meaning |", "| --- | --- |"] + [
            f"| `{c}` | {meaning.get(c, '')} |" for c in columns
        ]

    flags = dict.fromkeys(
        DYAD_COLUMNS[7:12], "0/1: undertaken (by `a` when directed, else by either)"
    )
    return "\n".join(
        [
            f"# militarydiplo release {version}",
            "",
            f"A fixed snapshot of the catalogue taken on {date}. `SHA256SUMS` lists each file's",
            "checksum; `CITATION.cff` says how to cite it; `CHANGELOG.md` what changed since",
            "the previous release. CSV files are UTF-8 with a header row; list cells are",
            "`;`-separated slugs; `sources.csv` resolves every source slug.",
            "",
            "## dyad-years.csv",
            "",
            "Every pair of states allied in each year (undirected, `a` < `b`): both members of",
            "a partnership with an obligation on a common day of the year, certainly. Rows",
            "name the states that were the members (West Germany in 1962).",
            "",
            *table(
                DYAD_COLUMNS,
                {
                    "year": "year",
                    "a": "nation slug",
                    "b": "nation slug",
                    "a_cow": "COW state number",
                    "b_cow": "COW state number",
                    "a_iso3": "ISO 3166-1 alpha-3",
                    "b_iso3": "ISO 3166-1 alpha-3",
                    **flags,
                    "instruments": "partnership slugs",
                    "sources": "source slugs",
                },
            ),
            "",
            "## nation-years.csv",
            "",
            "Per nation and year: alliances in force (and in how many it undertook each",
            "obligation), allies, full memberships of organizations, exercises joined and hosted.",
            "",
            *table(NATION_YEAR_COLUMNS, {}),
            "",
            "## exercise-participations.csv",
            "",
            "One row per exercise, participant nation and year it ran (the lead host included).",
            "",
            *table(PARTICIPATION_COLUMNS, {}),
            "",
            "## sources.csv",
            "",
            *table(SOURCE_COLUMNS, {}),
            "",
            f"## catalogue-{version}.zip",
            "",
            "Every public record (`export_dataset`): one CSV per table and `militarydiplo.json`,",
            "with its own README.md describing each column.",
            "",
        ]
    )


def _citation(version, date) -> str:
    return "\n".join(
        [
            "cff-version: 1.2.0",
            'message: "If you use this dataset, please cite it as below."',
            'title: "militarydiplo: the reference catalogue of military diplomacy"',
            "type: dataset",
            "authors:",
            '  - name: "militarydiplo"',
            f'version: "{version}"',
            f"date-released: {date}",
            "",
        ]
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def make_release(version: str, *, now: datetime.datetime | None = None) -> Path:
    """Write release `version` and return its directory."""
    if not VERSION_RE.fullmatch(version or ""):
        raise ReleaseError("VERSION: use letters, digits, dots and hyphens, e.g. 1.0 or 2026.11.")
    root = releases_dir()
    target = root / version
    if target.exists():
        raise ReleaseError(f"Release {version} exists already: a release is never rewritten.")
    now = now or timezone.now()
    date = now.date().isoformat()
    previous = next(iter(list_releases()), None)
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{version}-", dir=root))
    try:
        counts = {}
        first, last = default_range()
        counts["dyad-years"] = _write_csv(
            work / "dyad-years.csv", DYAD_COLUMNS, dyad_years(DyadQuery(first, last))
        )
        counts["nation-years"] = _write_csv(
            work / "nation-years.csv",
            NATION_YEAR_COLUMNS,
            nation_years(Nation.objects.all(), first, last),
        )
        counts["exercise-participations"] = _write_csv(
            work / "exercise-participations.csv",
            PARTICIPATION_COLUMNS,
            participations(Exercise.objects.all(), first, last),
        )
        counts["sources"] = _write_csv(work / "sources.csv", SOURCE_COLUMNS, _sources())
        with tempfile.TemporaryDirectory() as catalogue:
            export_dataset(catalogue)
            with zipfile.ZipFile(work / f"catalogue-{version}.zip", "w", zipfile.ZIP_DEFLATED) as z:
                for path in sorted(Path(catalogue).iterdir()):
                    z.write(path, f"catalogue-{version}/{path.name}")
        records = _records()
        (work / "records.json").write_text(json.dumps(records, sort_keys=True), encoding="utf-8")
        (work / "CHANGELOG.md").write_text(
            _changelog(version, date, records, previous), encoding="utf-8"
        )
        (work / "README.md").write_text(_readme(version, date), encoding="utf-8")
        (work / "CITATION.cff").write_text(_citation(version, date), encoding="utf-8")
        files = [
            {"name": path.name, "bytes": path.stat().st_size, "sha256": _sha256(path)}
            for path in sorted(work.iterdir())
        ]
        (work / "SHA256SUMS").write_text(
            "".join(f"{entry['sha256']}  {entry['name']}\n" for entry in files), encoding="utf-8"
        )
        files.append(
            {"name": "SHA256SUMS", "bytes": (work / "SHA256SUMS").stat().st_size,
             "sha256": _sha256(work / "SHA256SUMS")}
        )  # fmt: skip
        manifest = {
            "version": version,
            "date": date,
            "created": now.isoformat(),
            "previous": previous.version if previous else None,
            "files": files,
            "counts": counts,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        work.rename(target)  # appears whole or not at all
        bump_catalogue_version()  # pages citing "the latest release" are drawn anew
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return target
