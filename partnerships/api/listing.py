"""A list page read as column values: what the read serializer shows, without model instances.

Building a page of 50 exercises from models (the page, its select_related records and
~600 prefetched participants with their nations) and walking DRF's serializers over them
was most of a list request's time. Here a page costs one `values()` query for its rows
and their foreign keys (under the FilterSet's queryset and ordering, paginated as
before), and one per nested list (keyed by parent id). The shape
comes from the serializer itself: each of its fields is read the way DRF would read it
(a column converted by the field's own `to_representation`, a link, a nested summary),
so the JSON is the serializer's, key for key and value for value, and every record's
`updated_at` is noted for Last-Modified as the serializers do.
"""

from functools import cache

from django.db import connection
from django.db.models import (
    CharField,
    ExpressionWrapper,
    F,
    ManyToManyField,
    ManyToOneRel,
    Prefetch,
)
from rest_framework import fields as drf
from rest_framework.serializers import BaseSerializer, ListSerializer

from .fields import ApiLinkField, HtmlLinkField
from .links import api_link, html_link

_BUILTIN = {
    drf.CharField: str,
    drf.SlugField: str,
    drf.URLField: str,
    drf.EmailField: str,
    drf.IntegerField: int,
}
_COLUMN, _API, _HTML, _ONE, _MANY = range(5)


class Plan:
    """How to show one serializer's fields from a values() row (columns under `prefix`)."""

    def __init__(self, serializer, *, top=False):
        model = serializer.Meta.model
        self.model_name = model._meta.model_name
        columns = {field.name for field in model._meta.concrete_fields}
        self.tracked = "updated_at" in columns
        self.items = []
        self._bound = {}
        for field in serializer._readable_fields:
            name = field.field_name
            if isinstance(field, ApiLinkField):
                self.items.append((name, _API, None, None))
            elif isinstance(field, HtmlLinkField):
                self.items.append((name, _HTML, None, None))
            elif isinstance(field, ListSerializer):
                if not top:
                    raise ValueError(f"no nested list below the top: {name}")
                self.items.append((name, _MANY, field.source, Plan(field.child)))
            elif isinstance(field, BaseSerializer):
                self.items.append((name, _ONE, field.source, Plan(field)))
            elif field.source in columns:
                convert = _BUILTIN.get(type(field)) or field.to_representation
                self.items.append((name, _COLUMN, field.source, convert))
            else:
                raise ValueError(f"cannot read {name} as a column")  # a property: models only

    def columns(self, prefix="", *, stamps=True):
        """The values() lookups this plan reads (without `updated_at` unless `stamps`)."""
        names = [f"{prefix}id"]
        if self.tracked and stamps:
            names.append(f"{prefix}updated_at")
        for _name, kind, source, extra in self.items:
            if kind == _COLUMN:
                names.append(prefix + source)
            elif kind in (_API, _HTML):
                names.append(f"{prefix}slug")
            elif kind == _ONE:
                names += extra.columns(f"{prefix}{source}__", stamps=stamps)
        return list(dict.fromkeys(names))

    def stamps(self, prefix=""):
        """The `updated_at` lookups of this record and its nested summaries."""
        names = [f"{prefix}updated_at"] if self.tracked else []
        for _name, kind, source, extra in self.items:
            if kind == _ONE:
                names += extra.stamps(f"{prefix}{source}__")
        return names

    def bound(self, prefix):
        """The items with their row keys under `prefix` worked out (once per prefix)."""
        items = self._bound.get(prefix)
        if items is None:
            items = []
            for name, kind, source, extra in self.items:
                if kind == _COLUMN:
                    items.append((name, kind, prefix + source, extra))
                elif kind in (_API, _HTML):
                    items.append((name, kind, f"{prefix}slug", self.model_name))
                elif kind == _ONE:
                    inner = f"{prefix}{source}__"
                    items.append((name, kind, f"{inner}id", (extra, inner)))
                else:
                    items.append((name, kind, source, None))
            self._bound[prefix] = items
        return items

    def show(self, row, prefix, links, tracker, many):
        """The serializer's dict for the record whose columns are `row[prefix + ...]`."""
        if self.tracked and tracker is not None:
            tracker.note(row[f"{prefix}updated_at"])
        data = {}
        for name, kind, key, extra in self.bound(prefix):
            if kind == _COLUMN:
                value = row[key]
                data[name] = None if value is None else extra(value)
            elif kind == _API:
                data[name] = links.api(extra, row[key])
            elif kind == _HTML:
                data[name] = links.html(extra, row[key])
            elif kind == _ONE:
                pk = row[key]
                if pk is None:
                    data[name] = None
                    continue
                # A nation shown by 600 participants is one dict, built once a request.
                shown = links.shown.get((extra[0], pk))
                if shown is None:
                    shown = extra[0].show(row, extra[1], links, tracker, None)
                    links.shown[(extra[0], pk)] = shown
                data[name] = shown
            else:
                data[name] = many[name].get(row["id"], [])
        return data


_PROBE = "0slug0probe0"


class _Links:
    """links.py's URLs for one request, split once per view around the slug; and the
    nested summaries already shown, by plan and primary key."""

    def __init__(self, request):
        self.request = request
        self.parts = {}
        self.shown = {}

    def _make(self, make, model_name, slug):
        if not slug or not slug.isascii():  # links.py encodes those
            return make(self.request, model_name, slug)
        key = (make, model_name)
        parts = self.parts.get(key)
        if parts is None:
            probe = make(self.request, model_name, _PROBE)
            parts = self.parts[key] = (None,) if probe is None else probe.split(_PROBE)
        return None if parts[0] is None else parts[0] + slug + parts[1]

    def api(self, model_name, slug):
        return self._make(api_link, model_name, slug)

    def html(self, model_name, slug):
        return self._make(html_link, model_name, slug)


@cache
def plan_for(serializer_class) -> Plan:
    # Fields' to_representation (dates, decimals, choices) needs no request: built once.
    return Plan(serializer_class(), top=True)


@cache
def readable_as_values(serializer_class) -> bool:
    """Whether every field of the serializer is a column, a link or a nested summary."""
    try:
        plan_for(serializer_class)
    except ValueError:
        return False
    return True


def _prefetches(queryset) -> dict:
    return {
        lookup.to_attr: lookup
        for lookup in queryset._prefetch_related_lookups
        if isinstance(lookup, Prefetch) and lookup.to_attr
    }


def _raw(lookup):
    # A nested row's `updated_at` only counts towards Last-Modified: read it without
    # Django's per-value conversion (on SQLite, making every naive timestamp aware) and
    # convert the latest alone. All of them are in the database's one time zone (UTC).
    return ExpressionWrapper(F(lookup), output_field=CharField())


def _latest(values):
    values = [value for value in values if value is not None]
    if not values:
        return None
    convert = getattr(connection.ops, "convert_datetimefield_value", None)
    latest = max(values)
    return latest if convert is None else convert(latest, None, connection)


def _nested(model, lookup: Prefetch, plan: Plan, ids, links, tracker) -> dict:
    """Parent id -> the nested list's dicts, in the prefetch's order."""
    relation = model._meta.get_field(lookup.prefetch_through)
    if isinstance(relation, ManyToOneRel):  # through-table rows pointing at the parent
        parent = relation.field.attname
        rows = lookup.queryset.filter(**{f"{parent}__in": ids})
        prefix = ""
    elif isinstance(relation, ManyToManyField):
        through = relation.remote_field.through
        parent = f"{relation.m2m_field_name()}_id"
        target = relation.m2m_reverse_field_name()
        prefix = f"{target}__"
        ordering = [
            f"-{prefix}{name[1:]}" if name.startswith("-") else prefix + name
            for name in lookup.queryset.query.order_by or relation.related_model._meta.ordering
        ]
        rows = through.objects.filter(**{f"{parent}__in": ids}).order_by(*ordering)
    else:
        raise ValueError(f"cannot read {lookup.prefetch_through} as a nested list")
    columns = [parent, *plan.columns(prefix, stamps=False)]
    stamps = [_raw(name) for name in plan.stamps(prefix)]
    width = len(columns)
    by_parent = {}
    seen = []
    # values_list and one dict(zip()) a row: cheaper than values()' dict comprehension.
    for record in rows.values_list(*columns, *stamps):
        seen += record[width:]
        row = dict(zip(columns, record[:width], strict=True))
        shown = plan.show(row, prefix, links, None, None)
        by_parent.setdefault(record[0], []).append(shown)
    if tracker is not None:
        tracker.note(_latest(seen))
    return by_parent


def page_values(queryset, serializer_class):
    """`queryset` (a prefetch.py queryset, filtered and ordered) as the values() rows the
    serializer's plan reads: paginate this, then hand the page to `page_rows`."""
    return queryset.prefetch_related(None).values(*plan_for(serializer_class).columns())


def page_rows(queryset, rows, serializer_class, *, request, tracker) -> list[dict]:
    """The serializer's output for a page of `page_values(queryset, serializer_class)`."""
    plan = plan_for(serializer_class)
    ids = [row["id"] for row in rows]
    lookups = _prefetches(queryset)
    links = _Links(request)
    many = {}
    for name, kind, source, extra in plan.items:
        if kind == _MANY:
            many[name] = _nested(queryset.model, lookups[source], extra, ids, links, tracker)
    return [plan.show(row, "", links, tracker, many) for row in rows]
