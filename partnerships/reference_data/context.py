"""What every loader step shares: the data directory, lookups by slug, the report."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError

from ..date_precision import ends_in_order
from ..models import Nation, Organization, Source
from .errors import ReferenceDataError
from .yaml_dates import BadDate, parse_date


@dataclass
class Where:
    """A record being loaded, so every error can name its file, slug and field."""

    file: str
    slug: str | None = None
    prefix: str = ""

    def at(self, prefix):
        """The same record, with errors about a nested item (members[2]) named by its path."""
        return Where(self.file, self.slug, f"{self.prefix}{prefix}")

    def error(self, field_name, message):
        name = f"{self.prefix}{field_name}" if field_name else self.prefix.rstrip(".") or None
        return ReferenceDataError(message, file=self.file, slug=self.slug, field=name)

    def date(self, record, key, default=None):
        """(date, precision) of record[key]; `default` is a (date, precision) for a missing key."""
        if record.get(key) is None and default is not None:
            return default
        try:
            return parse_date(record.get(key))
        except BadDate as error:
            raise self.error(key, str(error)) from None

    def in_order(self, start, end, key="end", end_precision="day"):
        """Refuse an end before the start (an end "1995" may fall in a start's 1995),
        naming the end's field."""
        if not ends_in_order(start, end, end_precision):
            raise self.error(key, f"{end} is before the start ({start})")

    def invalid(self, error: ValidationError, names=None):
        """Turn a model ValidationError into a ReferenceDataError naming the file's field."""
        names = names or {}
        if hasattr(error, "error_dict"):
            model_field, messages = next(iter(error.message_dict.items()))
            key = None if model_field == "__all__" else names.get(model_field, model_field)
            return self.error(key, "; ".join(messages))
        return self.error(None, "; ".join(error.messages))


def check_keys(where: Where, record, *, required=(), optional=()):
    """Refuse a record that is not a mapping, lacks a required key, or has an unknown one."""
    if not isinstance(record, dict):
        raise where.error(None, f"expected a mapping, got {type(record).__name__}")
    for key in required:
        if record.get(key) in (None, ""):
            raise where.error(key, "is required")
    unknown = sorted(set(record) - set(required) - set(optional))
    if unknown:
        allowed = ", ".join(sorted({*required, *optional}))
        raise where.error(unknown[0], f"unknown field (allowed: {allowed})")


@dataclass
class Report:
    """created / updated / unchanged / deleted counts per record type."""

    counts: dict = field(default_factory=lambda: defaultdict(Counter))

    def add(self, label, outcome, n=1):
        if n:
            self.counts[label][outcome] += n

    @property
    def changed(self):
        return any(c["created"] or c["updated"] or c["deleted"] for c in self.counts.values())

    def lines(self):
        for label, c in self.counts.items():
            parts = [f"{c[k]} {k}" for k in ("created", "updated", "deleted", "unchanged") if c[k]]
            yield f"{label}: {', '.join(parts) or 'nothing'}"


class LoadContext:
    def __init__(self, data_dir, *, log=None, verbosity=1):
        self.data_dir = Path(data_dir)
        self.report = Report()
        self.verbosity = verbosity
        self._log = log
        self._nations = None
        self._organizations = None
        self._sources = None
        self._read_cache = {}

    def log(self, message, level=2):
        if self._log and self.verbosity >= level:
            self._log(message)

    def display(self, path: Path) -> str:
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)

    def read(self, name):
        """(path, parsed YAML) of a file in the data directory, or (path, None) if absent."""
        path = self.data_dir / name
        if path not in self._read_cache:
            if not path.exists():
                self._read_cache[path] = None
            else:
                try:
                    self._read_cache[path] = yaml.safe_load(path.read_text(encoding="utf-8"))
                except yaml.YAMLError as error:
                    raise ReferenceDataError(
                        f"not valid YAML: {error}", file=self.display(path)
                    ) from None
        return path, self._read_cache[path]

    def records(self, name):
        """(Where for the file, list of records) of a list-of-records file; [] if absent."""
        path, data = self.read(name)
        where = Where(self.display(path))
        if data is None:
            return where, []
        if not isinstance(data, list):
            raise where.error(None, "expected a list of records")
        return where, data

    def unique_slugs(self, where: Where, records, slug_of=lambda r: r.get("slug")):
        """Refuse a file that defines the same slug twice."""
        seen = set()
        for index, record in enumerate(records):
            slug = slug_of(record) if isinstance(record, dict) else None
            if not slug:
                raise Where(where.file, None, f"[{index}].").error("slug", "is required")
            if slug in seen:
                raise Where(where.file, slug).error("slug", "is defined twice in this file")
            seen.add(slug)

    # Lookups by slug, loaded once and kept up to date by the steps that write them.

    @property
    def nations(self) -> dict:
        if self._nations is None:
            self._nations = {n.slug: n for n in Nation.objects.all()}
        return self._nations

    @property
    def organizations(self) -> dict:
        if self._organizations is None:
            self._organizations = {o.slug: o for o in Organization.objects.all()}
        return self._organizations

    @property
    def sources(self) -> dict:
        if self._sources is None:
            self._sources = {s.slug: s for s in Source.objects.all()}
        return self._sources

    def forget_nations(self):
        self._nations = None

    def nation(self, where: Where, key, slug):
        if not isinstance(slug, str) or slug not in self.nations:
            raise where.error(key, f"unknown nation {slug!r} (use the nation's slug)")
        return self.nations[slug]

    def organization(self, where: Where, key, slug):
        if slug is None:
            return None
        if not isinstance(slug, str) or slug not in self.organizations:
            raise where.error(key, f"unknown organization {slug!r}")
        return self.organizations[slug]

    def source_ids(self, where: Where, items, *, required=True):
        """Primary keys of a record's `sources:` (inline definitions were upserted first)."""
        items = items or []
        if not isinstance(items, list):
            raise where.error("sources", "expected a list")
        if required and not items:
            raise where.error("sources", "cite at least one source")
        ids = []
        for index, item in enumerate(items):
            slug = item.get("slug") if isinstance(item, dict) else item
            if not isinstance(slug, str) or slug not in self.sources:
                raise where.error(f"sources[{index}]", f"unknown source {slug!r}")
            ids.append(self.sources[slug].pk)
        return ids
