"""Sources: those in sources.yaml and every inline `{slug, title, ...}` in any data file
(in a `sources:` list, or as a record's one `source:`).

They are upserted before any record, so a record may cite by slug a source that another
file defines inline. A slug defined twice keeps its first definition (sources.yaml comes
first, then the other files in name order); the others must give the same URL.
"""

from ..models import Source
from .context import LoadContext, Where, check_keys
from .sync import upsert

FIELDS = ("title", "publisher", "url", "published", "accessed", "announcement", "notes")


def _inline(node, path):
    """(path, definition) of every dict inside a `sources:` list anywhere in `node`."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "sources" and isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, dict):
                        yield f"{path}sources[{index}].", item
            elif key == "source" and isinstance(value, dict):  # a record citing one source
                yield f"{path}source.", value
            else:
                yield from _inline(value, f"{path}{key}.")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _inline(item, f"{path}[{index}].")


def _definitions(ctx: LoadContext):
    """Every source definition in the data directory, as (Where, record)."""
    where, records = ctx.records("sources.yaml")
    ctx.unique_slugs(where, records)
    for record in records:
        yield Where(where.file, record.get("slug")), record
    for path in sorted(ctx.data_dir.glob("*.yaml")):
        if path.name == "sources.yaml":
            continue
        _, data = ctx.read(path.name)
        for prefix, record in _inline(data, ""):
            yield Where(ctx.display(path), record.get("slug"), prefix), record


def load(ctx: LoadContext):
    definitions = {}
    for where, record in _definitions(ctx):
        check_keys(where, record, required=("slug", "title"), optional=FIELDS)
        values = {
            "title": record["title"],
            "publisher": record.get("publisher") or "",
            "url": record.get("url") or "",
            "published": where.date(record, "published")[0],
            "accessed": where.date(record, "accessed")[0],
            "notes": record.get("notes") or "",
            # A preview published before the events it reports (see checks.py).
            "announcement": bool(record.get("announcement")),
        }
        slug = record["slug"]
        if slug in definitions:
            # The first definition wins (sources.yaml is read first); another may repeat
            # it in other words, but must point at the same document.
            first_where, first = definitions[slug]
            if first["url"] != values["url"]:
                raise where.error(
                    "url",
                    f"source {slug!r} is defined with another URL in {first_where.file} "
                    f"({first['url'] or 'no URL'})",
                )
            continue
        definitions[slug] = (where, values)
    existing = ctx.sources
    for slug, (where, values) in definitions.items():
        upsert(ctx, where, "sources", Source, existing, slug, values, names={"url": "url"})
