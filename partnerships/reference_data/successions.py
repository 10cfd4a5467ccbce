"""Successions of states (successions.yaml): who followed whom, how, and the source.

Records are keyed by (predecessor, successor) and upserted; successions added by editors
in the admin are left alone. A continuation makes the successor count with its
predecessor everywhere (`Nation.objects.lineages`).
"""

from ..models import Source, Succession, SuccessionKind
from .context import LoadContext, Where, check_keys
from .sync import assign, validated_save

FILE = "successions.yaml"
REQUIRED = ("predecessor", "successor", "date", "kind", "source")
OPTIONAL = ("note",)
NAMES = {"date": "date", "date_precision": "date", "source": "source", "kind": "kind"}


def _key(record) -> str | None:
    if not isinstance(record, dict) or not record.get("predecessor"):
        return None
    return f"{record.get('predecessor')}>{record.get('successor')}"


def _source(ctx: LoadContext, where: Where, value) -> Source:
    slug = value.get("slug") if isinstance(value, dict) else value
    if not isinstance(slug, str) or slug not in ctx.sources:
        raise where.error("source", f"unknown source {slug!r}")
    return ctx.sources[slug]


def load(ctx: LoadContext):
    file_where, records = ctx.records(FILE)
    ctx.unique_slugs(file_where, records, slug_of=_key)
    existing = {
        f"{s.predecessor.slug}>{s.successor.slug}": s
        for s in Succession.objects.select_related("predecessor", "successor")
    }
    for record in records:
        where = Where(file_where.file, _key(record))
        check_keys(where, record, required=REQUIRED, optional=OPTIONAL)
        if record["kind"] not in SuccessionKind.values:
            raise where.error("kind", f"{record['kind']!r} is not one of {SuccessionKind.values}")
        date, precision = where.date(record, "date")
        values = {
            "predecessor_id": ctx.nation(where, "predecessor", record["predecessor"]).pk,
            "successor_id": ctx.nation(where, "successor", record["successor"]).pk,
            "date": date,
            "date_precision": precision,
            "kind": record["kind"],
            "source_id": _source(ctx, where, record["source"]).pk,
            "note": " ".join((record.get("note") or "").split()),
        }
        instance = existing.get(where.slug)
        if instance is None:
            validated_save(where, Succession(**values), names=NAMES)
            ctx.report.add("successions", "created")
            ctx.log(f"  + successions {where.slug}")
        elif changed := assign(instance, values):
            validated_save(where, instance, names=NAMES)
            ctx.report.add("successions", "updated")
            ctx.log(f"  ~ successions {where.slug}: {', '.join(changed)}")
        else:
            ctx.report.add("successions", "unchanged")
