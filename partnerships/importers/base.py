"""What every importer shares: the report, the progress bar, CSV reading, the transaction.

The promise (docs/datasets.md): idempotent, atomic, a dry run that writes nothing, every
skipped or doubtful row reported with its row number, totals at the end, and nothing
written when more than a small share of the rows had to be skipped (`--max-skipped`).
"""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.db import transaction

from ..cache import bump_catalogue_version
from ..planner import refresh_statistics

# The share of rows an import may skip before it refuses to write anything.
DEFAULT_MAX_SKIPPED = 0.01


class ImportFailed(Exception):
    """The file cannot be imported (missing columns, unreadable, too many rows skipped);
    nothing is written. `report`, when set, is what the run found before it gave up."""

    def __init__(self, message: str, report: Report | None = None):
        super().__init__(message)
        self.report = report


class _DryRun(Exception):
    """Raised at the end of a dry run so the transaction rolls every write back."""


def parse_max_skipped(text) -> float:
    """`--max-skipped`: a percentage of the rows, "5%" or "5" (0.5 is half a percent)."""
    value = str(text).strip().removesuffix("%").strip()
    try:
        percent = float(value)
    except ValueError:
        raise ValueError(f"{text!r} is not a percentage, e.g. 5% or 0.5%") from None
    if not 0 <= percent <= 100:
        raise ValueError(f"{text!r} is not between 0% and 100%")
    return percent / 100


def _percent(share: float) -> str:
    return f"{share * 100:.1f}".removesuffix(".0") + "%"


@dataclass
class Problem:
    row: int | None  # the line number in the file where the row starts (the header is 1)
    message: str
    skipped: bool = True  # False: a warning, the row was still imported

    def __str__(self):
        where = f"row {self.row}" if self.row is not None else "file"
        return f"{where}: {self.message}"


@dataclass
class Report:
    """Counts per record kind and the problems met, printed at the end of a run.

    `created`/`updated`/`unchanged` count records; `rows` and `skipped_rows` count the
    file's data rows. `lines()` ends with the totals."""

    dataset: str
    dry_run: bool = False
    max_skipped: float = DEFAULT_MAX_SKIPPED
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    details: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def skip(self, row, message):
        self.skipped_rows += 1
        self.problems.append(Problem(row, message, skipped=True))

    def warn(self, row, message):
        self.problems.append(Problem(row, message, skipped=False))

    def count(self, what: str, n: int = 1):
        self.details[what] = self.details.get(what, 0) + n

    def note(self, text: str):
        """A line of the summary, printed just before the totals."""
        self.notes.append(text)

    @property
    def changed(self) -> int:
        return self.created + self.updated

    @property
    def skipped_share(self) -> float:
        return self.skipped_rows / self.rows if self.rows else 0.0

    def too_many_skipped(self) -> str:
        """Why the run must not be written, or "" when its skipped rows are within bounds."""
        if self.skipped_share <= self.max_skipped:
            return ""
        return (
            f"import refused: {self.skipped_rows:,} of {self.rows:,} rows skipped "
            f"({_percent(self.skipped_share)}), more than the {_percent(self.max_skipped)} "
            "allowed (--max-skipped); nothing written"
        )

    def totals(self) -> str:
        verb = "would be " if self.dry_run else ""
        skipped = f"{self.skipped_rows:,} of {self.rows:,} rows skipped"
        return (
            f"{self.dataset}: {self.created:,} {verb}imported, {self.updated:,} {verb}updated, "
            f"{self.unchanged:,} unchanged; {skipped}"
            + ("" if self.skipped_rows else " (nothing dropped)")
            + (" (dry run: nothing written)" if self.dry_run else "")
        )

    def lines(self) -> list[str]:
        lines = [f"{'skipped' if p.skipped else 'warning'}: {p}" for p in self.problems]
        lines.extend(f"  {what}: {n:,}" for what, n in sorted(self.details.items()))
        lines.extend(self.notes)
        lines.append(self.totals())
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


EXTRA = "__extra__"  # the row-dict key holding cells beyond the header, when not empty


@dataclass
class CsvFile:
    name: str  # the path, or "archive.zip!inner/path.csv"
    header: list[str]
    rows: list[tuple[int, dict]]  # (line where the row starts, column -> cell)
    encoding: str = "utf-8"


def find_in_zip(path: Path, pattern: str) -> str:
    """The one file in the zip whose file name matches `pattern` (case-insensitive)."""
    with zipfile.ZipFile(path) as archive:
        names = [
            name
            for name in archive.namelist()
            if not name.endswith("/")
            and not name.startswith("__MACOSX/")
            and not PurePosixPath(name).name.startswith("._")
        ]
    found = [n for n in names if re.fullmatch(pattern, PurePosixPath(n).name, re.IGNORECASE)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise ImportFailed(f"{path}: no file named like {pattern!r} in the zip")
    raise ImportFailed(f"{path}: several files named like {pattern!r}: {', '.join(found)}")


def _read_text(path: Path, member: str | None) -> tuple[str, str, str]:
    """(display name, text, encoding): UTF-8 (a BOM tolerated), else Windows-1252."""
    if member is None:
        name, data = str(path), path.read_bytes()
    else:
        name = f"{path}!{member}"
        with zipfile.ZipFile(path) as archive:
            data = archive.read(member)
    try:
        return name, data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as error:
        try:
            return name, data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            raise ImportFailed(f"{name}: neither UTF-8 nor Windows-1252 ({error})") from None


def _delimiter(text: str) -> str:
    """Commas, or tabs when the header has tabs and no comma (Dataverse's .tab files)."""
    header = text.split("\n", 1)[0]
    return "\t" if "\t" in header and "," not in header else ","


def read_csv(path, required: set[str] = frozenset(), *, lower=False, member=None) -> CsvFile:
    """A CSV (or tab-separated) file's rows. `path` may be a zip: then the file in it whose
    name matches the pattern `member` is read. Blank rows are left out; cells beyond the
    header, when not empty, are kept under EXTRA so the importer can report them."""
    path = Path(path)
    if not path.exists():
        raise ImportFailed(f"{path}: no such file")
    if zipfile.is_zipfile(path):
        if member is None:
            raise ImportFailed(f"{path}: a zip, but this import reads a CSV file")
        name, text, encoding = _read_text(path, find_in_zip(path, member))
    else:
        name, text, encoding = _read_text(path, None)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = next(reader, None)
        if header is None:
            raise ImportFailed(f"{name}: the file is empty")
        header = [cell.strip().lower() if lower else cell.strip() for cell in header]
        missing = sorted(set(required) - set(header))
        if missing:
            raise ImportFailed(f"{name}: missing column(s) {', '.join(missing)}")
        rows = []
        start = reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                record = dict(zip(header, row, strict=False))
                extra = [cell for cell in row[len(header) :] if cell.strip()]
                if extra:
                    record[EXTRA] = extra
                rows.append((start, record))
            start = reader.line_num + 1
    except csv.Error as error:
        message = f"{name}: not a readable CSV file (line {reader.line_num}: {error})"
        raise ImportFailed(message) from None
    return CsvFile(name=name, header=header, rows=rows, encoding=encoding)


def run(work, *, dry_run: bool, report: Report) -> Report:
    """Run `work(report)` in one transaction; roll it back on a dry run, on any error, and
    when more rows were skipped than `report.max_skipped` allows (ImportFailed)."""
    report.dry_run = dry_run
    try:
        with transaction.atomic():
            work(report)
            refusal = report.too_many_skipped()
            if refusal:
                raise ImportFailed(refusal, report)
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
