"""What every importer shares: the report, the progress bar, CSV reading, the transaction.

The promise (docs/datasets.md): idempotent, atomic, a dry run that writes nothing, every
skipped or doubtful row reported with its row number, counts at the end.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from ..cache import bump_catalogue_version
from ..planner import refresh_statistics


class ImportFailed(Exception):
    """The file cannot be imported at all (missing columns, unreadable); nothing is written."""


class _DryRun(Exception):
    """Raised at the end of a dry run so the transaction rolls every write back."""


@dataclass
class Problem:
    row: int | None  # the line number in the file (the header is line 1)
    message: str
    skipped: bool = True  # False: a warning, the row was still imported

    def __str__(self):
        where = f"row {self.row}" if self.row is not None else "file"
        return f"{where}: {self.message}"


@dataclass
class Report:
    """Counts per record kind and the problems met, printed at the end of a run."""

    dataset: str
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    details: dict[str, int] = field(default_factory=dict)

    def skip(self, row, message):
        self.skipped_rows += 1
        self.problems.append(Problem(row, message, skipped=True))

    def warn(self, row, message):
        self.problems.append(Problem(row, message, skipped=False))

    def count(self, what: str, n: int = 1):
        self.details[what] = self.details.get(what, 0) + n

    @property
    def changed(self) -> int:
        return self.created + self.updated

    def lines(self) -> list[str]:
        lines = [f"{'skipped' if p.skipped else 'warning'}: {p}" for p in self.problems]
        verb = "would be " if self.dry_run else ""
        lines.append(
            f"{self.dataset}: {self.created} {verb}imported, {self.updated} {verb}updated, "
            f"{self.unchanged} unchanged, {self.skipped_rows} rows skipped"
            + (" (dry run: nothing written)" if self.dry_run else "")
        )
        lines.extend(f"  {what}: {n}" for what, n in sorted(self.details.items()))
        return lines


class Progress:
    """A carriage-return progress bar on stderr, shown only when stderr is a terminal."""

    def __init__(self, total: int, label: str = "", stream=None, width: int = 30):
        self.total = max(total, 1)
        self.label = label
        self.stream = stream or sys.stderr
        self.width = width
        self.enabled = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._shown = -1

    def update(self, done: int):
        if not self.enabled:
            return
        percent = min(100, done * 100 // self.total)
        if percent == self._shown:
            return
        self._shown = percent
        filled = self.width * percent // 100
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {percent:3d}%")
        self.stream.flush()

    def close(self):
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def read_csv(path, required: set[str] = frozenset(), *, lower=False):
    """Rows of a UTF-8 CSV (a BOM is tolerated) as (line number, dict)."""
    path = Path(path)
    if not path.exists():
        raise ImportFailed(f"{path}: no such file")
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise ImportFailed(f"{path}: the file is empty")
            header = [name.strip().lower() if lower else name.strip() for name in header]
            missing = sorted(required - set(header))
            if missing:
                raise ImportFailed(f"{path}: missing column(s) {', '.join(missing)}")
            rows = []
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                rows.append((reader.line_num, dict(zip(header, row, strict=False))))
            return header, rows
    except UnicodeDecodeError as error:
        raise ImportFailed(f"{path}: not UTF-8 ({error})") from error


def run(work, *, dry_run: bool, report: Report) -> Report:
    """Run `work(report)` in one transaction; roll it back on a dry run or any error."""
    report.dry_run = dry_run
    try:
        with transaction.atomic():
            work(report)
            if dry_run:
                raise _DryRun
    except _DryRun:
        return report
    # Bulk writes send no signals: make cached analysis and counts see the new rows.
    bump_catalogue_version()
    transaction.on_commit(refresh_statistics)
    return report


def dataset_source(dataset: str, version: str, *, title: str, url: str, publisher: str):
    """The Source naming a dataset and version, created on first import, with the last day
    that version covers where it is known (`models.DATASET_COVERAGE`)."""
    from ..models import Source, coverage_end

    covers_until = coverage_end(dataset, version)
    source = Source.objects.filter(dataset=dataset, dataset_version=version).first()
    if source:
        if source.covers_until is None and covers_until is not None:
            source.covers_until = covers_until
            source.save(update_fields=["covers_until", "updated_at"])
        return source
    from django.utils.text import slugify

    base = slug = slugify(f"{dataset}-{version}")[:110]
    suffix = 2
    while Source.objects.filter(slug=slug).exists():  # an editor's source may hold it
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return Source.objects.create(
        title=title,
        slug=slug,
        publisher=publisher,
        url=url,
        dataset=dataset,
        dataset_version=version,
        covers_until=covers_until,
    )
