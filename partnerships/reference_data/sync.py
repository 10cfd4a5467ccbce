"""Upserts that write only what differs, so a second load changes nothing.

A record is saved (bumping `updated_at` and adding a history row) only when one of its
fields differs from the file; child rows and source links are synced to exactly the file.
"""

from django.core.exceptions import ValidationError

from ..services import match_rows
from .context import LoadContext, Where


def differing(instance, values: dict) -> list[str]:
    return [name for name, value in values.items() if getattr(instance, name) != value]


def assign(instance, values: dict) -> list[str]:
    """Set the attributes that differ; return their names."""
    changed = differing(instance, values)
    for name in changed:
        setattr(instance, name, values[name])
    return changed


def validated_save(where: Where, instance, *, names=None, exclude=None):
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        raise where.invalid(error, names) from None
    instance.save()


def upsert(ctx: LoadContext, where: Where, label, model, existing: dict, slug, values, **kw):
    """Create the record for `slug` or update the fields that differ; returns it."""
    instance = existing.get(slug)
    if instance is None:
        instance = model(slug=slug, **values)
        validated_save(where, instance, **kw)
        existing[slug] = instance
        ctx.report.add(label, "created")
        ctx.log(f"  + {label} {slug}")
        return instance
    changed = assign(instance, values)
    if changed:
        validated_save(where, instance, **kw)
        ctx.report.add(label, "updated")
        ctx.log(f"  ~ {label} {slug}: {', '.join(changed)}")
    else:
        ctx.report.add(label, "unchanged")
    return instance


def sync_m2m(manager, current_ids, wanted_ids) -> bool:
    """Make a many-to-many relation exactly `wanted_ids`, touching only the difference."""
    current, wanted = set(current_ids), set(wanted_ids)
    if current - wanted:
        manager.remove(*(current - wanted))
    if wanted - current:
        manager.add(*(wanted - current))
    return current != wanted


def sync_children(
    ctx: LoadContext, where: Where, label, model, parent: dict, existing, desired, *, group
):
    """Make a record's child rows (members, participants, parties) exactly `desired`.

    `parent` is the foreign-key kwarg ({"organization": org}); `desired` holds dicts of
    attribute values. Unchanged rows are not saved; an edited row is updated in place.
    """
    existing = list(existing)
    fields = sorted({name for values in desired for name in values})
    updates, creates, deletes = match_rows(existing, desired, fields=fields, group=group)
    rows = []
    for row, values in updates:
        assign(row, values)
        rows.append(row)
    rows += [model(**parent, **values) for values in creates]
    for row in rows:
        try:
            row.clean_fields(exclude=[*parent, "nation"])
        except ValidationError as error:
            raise where.invalid(error) from None
    # Deletes first, so a unique constraint never sees the old and the new row at once.
    for row in deletes:
        row.delete()
    for row in rows:
        row.save()
    report = ctx.report
    report.add(label, "created", len(creates))
    report.add(label, "updated", len(updates))
    report.add(label, "deleted", len(deletes))
    report.add(label, "unchanged", len(existing) - len(updates) - len(deletes))
